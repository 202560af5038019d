/**
 * Microsoft Graph PowerShell SDK: `New-MgSubscription` / `Update-MgSubscription` with
 * `-BodyParameter` (a hashtable of the request body, as in Microsoft's examples) and `-Headers`
 * (https://learn.microsoft.com/en-us/powershell/module/microsoft.graph.changenotifications/new-mgsubscription,
 * https://learn.microsoft.com/en-us/powershell/module/microsoft.graph.changenotifications/update-mgsubscription).
 * Strings are single-quoted (no `$` or backtick expansion); clientState reads `$env:GRAPH_CLIENT_STATE`.
 */
import { powerShellEnvironment } from './clouds';
import { checkHeader, powerShellQuote } from './text';
import { SecretRef, headerComments, type ExportFormat, type ExportRequest, type ExportValue } from './types';

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : powerShellQuote(k);
}

function value(v: ExportValue, indent: string, property?: string): string {
  if (v instanceof SecretRef) return `$env:${v.envVar}`;
  if (v === null) return '$null';
  if (typeof v === 'boolean') return v ? '$true' : '$false';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return property === 'expirationDateTime' ? `[System.DateTime]::Parse(${powerShellQuote(v)})` : powerShellQuote(v);
  if (Array.isArray(v)) return `@(${v.map((x) => value(x, indent)).join(', ')})`;
  const inner = `${indent}\t`;
  return `@{\n${Object.entries(v).map(([k, x]) => `${inner}${key(k)} = ${value(x, inner)}`).join('\n')}\n${indent}}`;
}

export function renderPowerShell(request: ExportRequest): string {
  const environment = powerShellEnvironment(request.graphEndpoint);
  const lines = [...headerComments(request, '#'), '# Microsoft Graph PowerShell SDK (Install-Module Microsoft.Graph). Sign in first, with the permission the resource needs:'];
  if (environment === undefined) {
    lines.push(`# This account's Graph (${request.graphEndpoint}) is not a Microsoft cloud: register it first with`, `# Add-MgEnvironment -Name 'Custom' -GraphEndpoint ${powerShellQuote(request.graphEndpoint)} -AzureADEndpoint '<token service>'`, `#   Connect-MgGraph -Environment 'Custom' -Scopes '<permission>'`);
  } else {
    lines.push(`#   Connect-MgGraph${environment === 'Global' ? '' : ` -Environment ${environment}`} -Scopes '<permission>'`);
  }
  const secrets = Object.values(request.body).filter((v): v is SecretRef => v instanceof SecretRef);
  if (secrets.length > 0) lines.push(`# ${secrets.map((s) => `$env:${s.envVar}`).join(', ')} must hold the ${secrets.map((s) => s.property).join(', ')} to send.`);
  lines.push('Import-Module Microsoft.Graph.ChangeNotifications', '', '$params = @{');
  for (const [k, v] of Object.entries(request.body)) lines.push(`\t${key(k)} = ${value(v, '\t', k)}`);
  lines.push('}', '');
  const headers = Object.entries(request.headers);
  for (const [name, v] of headers) checkHeader(name, v);
  const headerArg = headers.length > 0 ? ` -Headers @{ ${headers.map(([n, v]) => `${key(n)} = ${powerShellQuote(v)}`).join('; ')} }` : '';
  lines.push(
    request.operation === 'update'
      ? `Update-MgSubscription -SubscriptionId ${powerShellQuote(request.subscriptionId ?? '')} -BodyParameter $params${headerArg}`
      : `New-MgSubscription -BodyParameter $params${headerArg}`,
    '',
  );
  return lines.join('\n');
}

export const powerShellFormat: ExportFormat = {
  id: 'powershell',
  label: 'PowerShell',
  detail: 'New-MgSubscription / Update-MgSubscription (Microsoft Graph PowerShell SDK)',
  languageId: 'powershell',
  render: renderPowerShell,
};
