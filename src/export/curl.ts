/**
 * curl for bash or zsh: every value in single quotes, the token and the clientState read from
 * environment variables. The clientState goes into the JSON body through `graph_json_escape` (the
 * shell JSON-escapes it, so a value with `"`, `\` or a line break arrives unchanged).
 * Options: https://curl.se/docs/manpage.html (--request, --header, --data-raw).
 */
import { checkHeader, shellJsonEscapeFunction, shellJsonSplice, shellQuote, splitBodyAroundSecrets } from './text';
import { requestMethod, requestUrl, headerComments, TOKEN_ENV_VAR, type ExportFormat, type ExportRequest } from './types';

export function renderCurl(request: ExportRequest): string {
  const { parts, secrets } = splitBodyAroundSecrets(request.body, 2);
  // '…"clientState": "'"$(graph_json_escape "${GRAPH_CLIENT_STATE}")"'",…': the JSON quotes stay in the single-quoted text.
  let data = '';
  parts.forEach((part, i) => {
    const text = `${i > 0 ? '"' : ''}${part}${i < secrets.length ? '"' : ''}`;
    data += shellQuote(text);
    if (i < secrets.length) data += shellJsonSplice(secrets[i].envVar);
  });
  const args = [
    `curl --request ${requestMethod(request)} ${shellQuote(requestUrl(request))}`,
    `--header "Authorization: Bearer \${${TOKEN_ENV_VAR}}"`,
    `--header ${shellQuote('Content-Type: application/json')}`,
  ];
  for (const [name, value] of Object.entries(request.headers)) {
    checkHeader(name, value);
    args.push(`--header ${shellQuote(`${name}: ${value}`)}`);
  }
  args.push(`--data-raw ${data}`);
  const needs = [TOKEN_ENV_VAR, ...secrets.map((s) => s.envVar)];
  return [
    ...headerComments(request, '#'),
    `# bash/zsh. Set ${needs.join(' and ')} first.`,
    ...(secrets.length > 0 ? shellJsonEscapeFunction() : []),
    args.join(' \\\n  '),
    '',
  ].join('\n');
}

export const curlFormat: ExportFormat = {
  id: 'curl',
  label: 'curl',
  detail: 'bash / zsh',
  languageId: 'shellscript',
  render: renderCurl,
};
