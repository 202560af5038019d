/**
 * `@azure/msal-node`, bundled apart (dist/lazy/msal.js) and loaded on first use through
 * `loadLazy('msal')`, so activation does not parse it.
 */
export {
  PublicClientApplication,
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  LogLevel,
} from '@azure/msal-node';
export type {
  AccountInfo,
  AuthenticationResult,
  Configuration,
  ICachePlugin,
  INetworkModule,
  NetworkRequestOptions,
  NetworkResponse,
  TokenCacheContext,
} from '@azure/msal-node';
