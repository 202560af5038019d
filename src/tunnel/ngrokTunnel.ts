/**
 * In-process ngrok tunnel over `@ngrok/ngrok` (a native module, external in the bundle, shipped
 * per platform). The module is required lazily, only when a tunnel starts. No `vscode` import.
 */
import { explainNgrokUnavailable, type NgrokUnavailableContext } from './ngrokAvailability';
import { explainNgrokFailure } from './ngrokFailure';

/** The part of `@ngrok/ngrok` we use (tests inject a fake with the same surface). */
export interface NgrokModule {
  forward(config: { addr: number | string; authtoken?: string; authtoken_from_env?: boolean; domain?: string; proto?: string }): Promise<NgrokListener>;
}
export interface NgrokListener {
  url(): string | null;
  close(): Promise<void>;
}

export interface Tunnel {
  /** https://…ngrok…/ without a trailing slash. */
  readonly publicUrl: string;
  close(): Promise<void>;
}

export class TunnelError extends Error {
  constructor(
    /** `offline`: ngrok's servers unreachable; `authRejected`: ngrok refused the authtoken. */
    readonly reason: 'missingAuthtoken' | 'moduleUnavailable' | 'offline' | 'authRejected' | 'startFailed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TunnelError';
  }
}

/**
 * Requires `@ngrok/ngrok` (whose index.js picks the platform binary). A missing or unloadable
 * native module becomes a `moduleUnavailable` TunnelError that says why in plain words.
 * @param moduleId tests pass an id that does not resolve, as in the universal VSIX
 */
export function loadNgrokModule(moduleId = '@ngrok/ngrok', ctx: NgrokUnavailableContext = { platform: process.platform, arch: process.arch }): NgrokModule {
  try {
    // Not statically analysable on purpose: the native module stays out of the bundle.
    const dynamicRequire = require as (id: string) => unknown;
    return dynamicRequire(moduleId) as NgrokModule;
  } catch (error) {
    throw new TunnelError('moduleUnavailable', explainNgrokUnavailable(error, ctx), { cause: error });
  }
}

export interface NgrokTunnelOptions {
  /** Local receiver port. */
  port: number;
  /** From SecretStorage; else `NGROK_AUTHTOKEN` is used. */
  authtoken?: string;
  /** Reserved domain, optional. */
  domain?: string;
  env?: NodeJS.ProcessEnv;
  loadModule?: () => NgrokModule;
}

/** Starts a listener forwarding to 127.0.0.1:port. Error messages never include the authtoken. */
export async function startNgrokTunnel(options: NgrokTunnelOptions): Promise<Tunnel> {
  const env = options.env ?? process.env;
  const authtoken = options.authtoken || env.NGROK_AUTHTOKEN;
  if (!authtoken) {
    throw new TunnelError('missingAuthtoken', 'ngrok needs your authtoken (free at dashboard.ngrok.com): set it once with "Set ngrok Authtoken…" (or the NGROK_AUTHTOKEN environment variable), or use your own tunnel\'s URL.');
  }
  const ngrok = (options.loadModule ?? loadNgrokModule)();
  let listener: NgrokListener;
  try {
    listener = await ngrok.forward({ addr: `127.0.0.1:${options.port}`, authtoken, ...(options.domain ? { domain: options.domain } : {}) });
  } catch (error) {
    const raw = String((error as Error).message ?? error).split(authtoken).join('[authtoken]');
    const failure = explainNgrokFailure(raw);
    throw new TunnelError(failure.kind === 'other' ? 'startFailed' : failure.kind, failure.message, { cause: raw });
  }
  const url = listener.url();
  if (!url) {
    await listener.close().catch(() => undefined);
    throw new TunnelError('startFailed', 'ngrok started but reported no public URL');
  }
  let closing: Promise<void> | undefined;
  return {
    publicUrl: url.replace(/\/+$/, ''),
    close: () => (closing ??= listener.close().catch(() => undefined)),
  };
}
