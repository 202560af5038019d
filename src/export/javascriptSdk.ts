/**
 * Microsoft Graph JavaScript client (@microsoft/microsoft-graph-client): `client.api(path)
 * .header(name, value).post(body)` / `.patch(body)`; `baseUrl` for a national cloud
 * (https://github.com/microsoftgraph/msgraph-sdk-javascript/blob/dev/docs/CreatingClientInstance.md).
 * clientState reads `process.env.GRAPH_CLIENT_STATE`.
 */
import { cloudOfEndpoint } from './clouds';
import { checkHeader, jsKey, jsString } from './text';
import { SecretRef, headerComments, type ExportFormat, type ExportRequest, type ExportValue } from './types';

function value(v: ExportValue | { [key: string]: ExportValue }, indent: string): string {
  if (v instanceof SecretRef) return `process.env.${v.envVar}`;
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return JSON.stringify(v);
  if (typeof v === 'string') return jsString(v);
  if (Array.isArray(v)) return `[${v.map((x) => value(x, indent)).join(', ')}]`;
  const inner = `${indent}  `;
  return `{\n${Object.entries(v).map(([k, x]) => `${inner}${jsKey(k)}: ${value(x, inner)},`).join('\n')}\n${indent}}`;
}

export function renderJavaScript(request: ExportRequest): string {
  const global = cloudOfEndpoint(request.graphEndpoint) === 'global';
  const baseUrl = global ? '' : `, baseUrl: ${jsString(`${request.graphEndpoint.replace(/\/+$/, '')}/`)}`;
  const path = request.operation === 'update' ? `/subscriptions/${request.subscriptionId ?? ''}` : '/subscriptions';
  const lines = [
    ...headerComments(request, '//'),
    "// Microsoft Graph JavaScript client; authProvider: e.g. TokenCredentialAuthenticationProvider from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials'.",
    "import { Client } from '@microsoft/microsoft-graph-client';",
    '',
    `const client = Client.initWithMiddleware({ authProvider${baseUrl} });`,
    '',
    `const subscription = ${value(request.body, '')};`,
    '',
  ];
  let call = `await client.api(${jsString(path)})`;
  for (const [name, v] of Object.entries(request.headers)) {
    checkHeader(name, v);
    call += `\n  .header(${jsString(name)}, ${jsString(v)})`;
  }
  call += request.operation === 'update' ? '\n  .patch(subscription);' : '\n  .post(subscription);';
  lines.push(`const result = ${call}`, '');
  return lines.join('\n');
}

export const javaScriptFormat: ExportFormat = {
  id: 'javascript',
  label: 'JavaScript (Graph SDK)',
  detail: '@microsoft/microsoft-graph-client',
  languageId: 'javascript',
  render: renderJavaScript,
};
