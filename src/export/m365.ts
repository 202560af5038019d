/**
 * CLI for Microsoft 365: `m365 graph subscription add` when every property has an option
 * (https://pnp.github.io/cli-microsoft365/cmd/graph/subscription/subscription-add), else — an
 * update, extra headers, or properties the command has no option for — `m365 request` with the
 * same body (https://pnp.github.io/cli-microsoft365/cmd/request: headers are options named after
 * the header). bash/zsh quoting; clientState reads `$GRAPH_CLIENT_STATE` (JSON-escaped by the shell
 * where it goes into a `m365 request` body).
 */
import { m365Cloud } from './clouds';
import { checkHeader, shellJsonEscapeFunction, shellJsonSplice, shellQuote, splitBodyAroundSecrets } from './text';
import { requestMethod, requestUrl, SecretRef, headerComments, type ExportFormat, type ExportRequest, type ExportValue } from './types';

/** Body property → `m365 graph subscription add` option. */
const ADD_OPTIONS: Record<string, string> = {
  resource: '--resource',
  changeType: '--changeTypes',
  notificationUrl: '--notificationUrl',
  expirationDateTime: '--expirationDateTime',
  clientState: '--clientState',
  lifecycleNotificationUrl: '--lifecycleNotificationUrl',
  notificationUrlAppId: '--notificationUrlAppId',
  latestSupportedTlsVersion: '--latestTLSVersion',
  encryptionCertificate: '--encryptionCertificate',
  encryptionCertificateId: '--encryptionCertificateId',
};

function fitsAddCommand(request: ExportRequest): boolean {
  if (request.operation !== 'create' || Object.keys(request.headers).length > 0) return false;
  return Object.entries(request.body).every(
    ([k, v]) => v === null || (k === 'includeResourceData' && typeof v === 'boolean') || (k in ADD_OPTIONS && (typeof v === 'string' || v instanceof SecretRef)),
  );
}

function optionValue(v: ExportValue): string {
  return v instanceof SecretRef ? `"\${${v.envVar}}"` : shellQuote(String(v));
}

function header(request: ExportRequest, secrets: SecretRef[]): string[] {
  const cloud = m365Cloud(request.graphEndpoint);
  const lines = [...headerComments(request, '#')];
  lines.push(
    cloud === undefined
      ? `# This account's Graph (${request.graphEndpoint}) is not a Microsoft cloud: the CLI for Microsoft 365 cannot sign in to it.`
      : `# CLI for Microsoft 365 (npm i -g @pnp/cli-microsoft365). Sign in first: m365 login${cloud === 'Public' ? '' : ` --cloud ${cloud}`}`,
  );
  if (secrets.length > 0) lines.push(`# Set ${secrets.map((s) => s.envVar).join(' and ')} first.`);
  return lines;
}

export function renderM365(request: ExportRequest): string {
  const secrets = Object.values(request.body).filter((v): v is SecretRef => v instanceof SecretRef);
  if (fitsAddCommand(request)) {
    const args = ['m365 graph subscription add'];
    for (const [k, v] of Object.entries(request.body)) {
      if (v === null) continue;
      if (k === 'includeResourceData') {
        if (v === true) args.push('--withResourceData');
        continue;
      }
      args.push(`${ADD_OPTIONS[k]} ${optionValue(v)}`);
    }
    return [...header(request, secrets), args.join(' \\\n  '), ''].join('\n');
  }
  const { parts, secrets: spliced } = splitBodyAroundSecrets(request.body, 2);
  let body = '';
  parts.forEach((part, i) => {
    body += shellQuote(`${i > 0 ? '"' : ''}${part}${i < spliced.length ? '"' : ''}`);
    if (i < spliced.length) body += shellJsonSplice(spliced[i].envVar);
  });
  const url = m365Cloud(request.graphEndpoint) === 'Public' ? requestUrl(request).replace(/^https:\/\/graph\.microsoft\.com\/v1\.0/, '@graph') : requestUrl(request);
  const args = [`m365 request --method ${requestMethod(request).toLowerCase()} --url ${shellQuote(url)}`, `--content-type ${shellQuote('application/json')}`];
  for (const [name, value] of Object.entries(request.headers)) {
    checkHeader(name, value);
    args.push(`--${name.toLowerCase()} ${shellQuote(value)}`);
  }
  args.push(`--body ${body}`);
  return [...header(request, secrets), ...(spliced.length > 0 ? shellJsonEscapeFunction() : []), args.join(' \\\n  '), ''].join('\n');
}

export const m365Format: ExportFormat = {
  id: 'm365',
  label: 'CLI for Microsoft 365',
  detail: 'm365 graph subscription add (m365 request when it has no option for a property)',
  languageId: 'shellscript',
  render: renderM365,
};
