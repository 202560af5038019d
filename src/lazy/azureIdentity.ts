/**
 * `@azure/identity`, bundled apart (dist/lazy/azureIdentity.js) and loaded through
 * `loadLazy('azureIdentity')` only when an Event Hubs source uses Entra ID, so activation does not parse it.
 */
export { DefaultAzureCredential, InteractiveBrowserCredential } from '@azure/identity';
export type { TokenCredential } from '@azure/identity';
