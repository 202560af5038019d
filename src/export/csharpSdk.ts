/**
 * Microsoft Graph .NET SDK v5 (Microsoft.Graph): `graphClient.Subscriptions.PostAsync(body, config)`
 * / `graphClient.Subscriptions[id].PatchAsync(body, config)` with a `Subscription` model; properties
 * the model has no member for go to `AdditionalData`; headers through
 * `requestConfiguration.Headers.Add` (https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions?tabs=csharp,
 * https://learn.microsoft.com/en-us/graph/sdks/national-clouds for the base URL).
 * clientState reads `Environment.GetEnvironmentVariable("GRAPH_CLIENT_STATE")`.
 */
import { cloudOfEndpoint } from './clouds';
import { checkHeader, csharpString } from './text';
import { SecretRef, headerComments, type ExportFormat, type ExportRequest, type ExportValue, type JsonValue } from './types';

/** `Microsoft.Graph.Models.Subscription` members: body property → member and kind. */
const MEMBERS: Record<string, { member: string; kind: 'string' | 'bool' | 'date' }> = {
  changeType: { member: 'ChangeType', kind: 'string' },
  notificationUrl: { member: 'NotificationUrl', kind: 'string' },
  resource: { member: 'Resource', kind: 'string' },
  expirationDateTime: { member: 'ExpirationDateTime', kind: 'date' },
  clientState: { member: 'ClientState', kind: 'string' },
  lifecycleNotificationUrl: { member: 'LifecycleNotificationUrl', kind: 'string' },
  includeResourceData: { member: 'IncludeResourceData', kind: 'bool' },
  encryptionCertificate: { member: 'EncryptionCertificate', kind: 'string' },
  encryptionCertificateId: { member: 'EncryptionCertificateId', kind: 'string' },
  latestSupportedTlsVersion: { member: 'LatestSupportedTlsVersion', kind: 'string' },
  notificationQueryOptions: { member: 'NotificationQueryOptions', kind: 'string' },
  notificationUrlAppId: { member: 'NotificationUrlAppId', kind: 'string' },
};

function literal(v: ExportValue): string {
  if (v instanceof SecretRef) return `Environment.GetEnvironmentVariable(${csharpString(v.envVar)})`;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : `${String(v)}d`;
  if (typeof v === 'string') return csharpString(v);
  return `System.Text.Json.JsonDocument.Parse(${csharpString(JSON.stringify(v as JsonValue))}).RootElement`;
}

function member(key: string, v: ExportValue): string | undefined {
  const m = MEMBERS[key];
  if (!m) return undefined;
  if (v === null || v instanceof SecretRef) return m.kind === 'string' || v === null ? `${m.member} = ${literal(v)},` : undefined;
  if (m.kind === 'string' && typeof v === 'string') return `${m.member} = ${literal(v)},`;
  if (m.kind === 'bool' && typeof v === 'boolean') return `${m.member} = ${literal(v)},`;
  if (m.kind === 'date' && typeof v === 'string') return `${m.member} = DateTimeOffset.Parse(${literal(v)}, System.Globalization.CultureInfo.InvariantCulture),`;
  return undefined; // a value of another type than the member's: sent as is through AdditionalData
}

export function renderCSharp(request: ExportRequest): string {
  const cloud = cloudOfEndpoint(request.graphEndpoint);
  const base = `${request.graphEndpoint.replace(/\/+$/, '')}/${request.version ?? 'v1.0'}`;
  const lines = [
    'using Microsoft.Graph.Models;',
    '',
    ...headerComments(request, '//'),
    '// Microsoft Graph .NET SDK v5 (dotnet add package Microsoft.Graph; Azure.Identity for the credential).',
    cloud === 'global'
      ? '// var graphClient = new GraphServiceClient(credential, scopes);'
      : `// var graphClient = new GraphServiceClient(credential, scopes, ${csharpString(base)});`,
    'var requestBody = new Subscription',
    '{',
  ];
  const additional: string[] = [];
  for (const [k, v] of Object.entries(request.body)) {
    const line = member(k, v);
    if (line) lines.push(`    ${line}`);
    else additional.push(`        { ${csharpString(k)}, ${literal(v)} },`);
  }
  if (additional.length > 0) lines.push('    AdditionalData = new Dictionary<string, object>', '    {', ...additional, '    },');
  lines.push('};', '');
  const headers = Object.entries(request.headers);
  for (const [name, v] of headers) checkHeader(name, v);
  const config =
    headers.length > 0
      ? `, (requestConfiguration) =>\n{\n${headers.map(([n, v]) => `    requestConfiguration.Headers.Add(${csharpString(n)}, ${csharpString(v)});`).join('\n')}\n}`
      : '';
  lines.push(
    request.operation === 'update'
      ? `var result = await graphClient.Subscriptions[${csharpString(request.subscriptionId ?? '')}].PatchAsync(requestBody${config});`
      : `var result = await graphClient.Subscriptions.PostAsync(requestBody${config});`,
    '',
  );
  return lines.join('\n');
}

export const cSharpFormat: ExportFormat = {
  id: 'csharp',
  label: 'C# (Graph SDK v5)',
  detail: 'Microsoft.Graph',
  languageId: 'csharp',
  render: renderCSharp,
};
