/**
 * `.http` request for the REST Client and httpYac extensions: file variables for the token and the
 * clientState (read from the environment with `{{$processEnv …}}`), request line, headers, JSON
 * body. `{{` is how both tools start a variable anywhere in the request, so `{{` inside a body
 * string is written `{\u007b` (the same JSON string; Graph reads the same value).
 * Syntax: https://github.com/Huachao/vscode-restclient#usage, https://httpyac.github.io/guide/request.html
 */
import { checkHeader, splitBodyAroundSecrets } from './text';
import { requestMethod, requestUrl, headerComments, TOKEN_ENV_VAR, type ExportFormat, type ExportRequest } from './types';

export function renderHttpFile(request: ExportRequest): string {
  const { parts, secrets } = splitBodyAroundSecrets(request.body, 2);
  const escapedParts = parts.map((p) => p.replace(/\{\{/g, '{\\u007b'));
  let body = escapedParts[0];
  secrets.forEach((ref, i) => (body += `"{{${ref.property}}}"${escapedParts[i + 1]}`));
  const lines = [
    ...headerComments(request, '#'),
    '# Send it with the REST Client or httpYac extension. The variables read the environment:',
    `# set ${[TOKEN_ENV_VAR, ...secrets.map((s) => s.envVar)].join(' and ')} before starting VS Code, or replace them here.`,
    // Both tools insert a variable's value as is, with no escaping of their own.
    ...(secrets.length > 0
      ? [`# ${secrets.map((s) => s.envVar).join(' and ')} goes into the JSON body as is: write " as \\", \\ as \\\\ and a line break as \\n in it (JSON string escaping).`]
      : []),
    `@token = {{$processEnv ${TOKEN_ENV_VAR}}}`,
    ...secrets.map((s) => `@${s.property} = {{$processEnv ${s.envVar}}}`),
    '',
    '###',
    `${requestMethod(request)} ${requestUrl(request)} HTTP/1.1`,
    'Authorization: Bearer {{token}}',
    'Content-Type: application/json',
  ];
  for (const [name, value] of Object.entries(request.headers)) {
    checkHeader(name, value);
    lines.push(`${name}: ${value}`);
  }
  lines.push('', body, '');
  return lines.join('\n');
}

export const httpFileFormat: ExportFormat = {
  id: 'http',
  label: '.http request',
  detail: 'REST Client / httpYac',
  languageId: 'http',
  render: renderHttpFile,
};
