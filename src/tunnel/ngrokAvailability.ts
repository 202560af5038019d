/**
 * Why the built-in ngrok tunnel cannot start in this installation, in words a user can act on.
 * `@ngrok/ngrok` is a native module: each platform VSIX carries the one binary its platform loads
 * (scripts/package-all.js); the universal VSIX, installed where no platform VSIX exists, carries
 * none. No `vscode` import.
 */

export interface NgrokUnavailableContext {
  platform: NodeJS.Platform;
  arch: string;
  /** Whether the window is remote, where a forwarded port is the other way in. */
  remote?: boolean;
}

const PLATFORM_NAMES: Partial<Record<NodeJS.Platform, string>> = { win32: 'Windows', darwin: 'macOS', linux: 'Linux', freebsd: 'FreeBSD' };

/** One plain paragraph: what is missing, why, and what works instead. */
export function explainNgrokUnavailable(error: unknown, ctx: NgrokUnavailableContext): string {
  const where = `${PLATFORM_NAMES[ctx.platform] ?? ctx.platform} ${ctx.arch}`;
  const e = error as NodeJS.ErrnoException | undefined;
  const message = String(e?.message ?? error);
  let why: string;
  if (e?.code === 'MODULE_NOT_FOUND' && /'@ngrok\/ngrok'/.test(message)) {
    why = `The built-in ngrok tunnel is not available: this installation of Graph Subscriptions is the universal package, which carries no ngrok native module (there is no ngrok build for ${where}, or VS Code installed the universal package instead of the one for ${where}).`;
  } else if (e?.code === 'MODULE_NOT_FOUND' || /Failed to load native binding|Unsupported (OS|architecture)/.test(message)) {
    why = `The built-in ngrok tunnel is not available: ngrok's native module for ${where} is not part of this installation (the package was built for another platform).`;
  } else {
    why = `The built-in ngrok tunnel is not available: ngrok's native module could not be loaded on ${where} (${firstLine(message)}).`;
  }
  const instead = ctx.remote
    ? 'Graph can still reach the receiver through your own tunnel or reverse proxy (a custom URL), or through this window\'s forwarded port.'
    : 'Graph can still reach the receiver through your own tunnel or reverse proxy (a custom URL).';
  return `${why} ${instead}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}
