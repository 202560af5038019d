/**
 * The explorer webview's page: a strict Content Security Policy (nothing remote, scripts only
 * with this load's nonce, styles and the script from the extension's own folders), theme colours
 * from VS Code's `--vscode-*` variables in the style sheet, and the page skeleton the script fills
 * (https://code.visualstudio.com/api/extension-guides/webview#content-security-policy).
 * No `vscode` import.
 */
import { randomBytes } from 'node:crypto';

export interface ExplorerHtmlParts {
  /** `webview.cspSource`: the origin of the extension's resources in this webview. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function explorerHtml(parts: ExplorerHtmlParts): string {
  const nonce = parts.nonce ?? newNonce();
  const csp = [
    "default-src 'none'",
    `style-src ${parts.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${parts.cspSource} data:`,
    `font-src ${parts.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(parts.styleUri)}">
<title>Notifications Explorer</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Reading the notification history…</p></main>
<script nonce="${nonce}" src="${escapeAttr(parts.scriptUri)}"></script>
</body>
</html>`;
}
