/**
 * How Graph reaches the receiver: `none` (sandbox, local only), `customUrl` (the user's own tunnel
 * or reverse proxy), `ngrok` (in-process), `forwardedPort` (a remote window's forwarded port, e.g.
 * a Codespace's). Each resolves to a public base URL or none.
 * No `vscode` import.
 */
import { startNgrokTunnel, type NgrokModule, type Tunnel } from './ngrokTunnel';
import { describeForwardedPort } from './forwardedPort';

export type TunnelMode = 'none' | 'customUrl' | 'ngrok' | 'forwardedPort';
export const TUNNEL_MODES: readonly TunnelMode[] = ['none', 'ngrok', 'customUrl', 'forwardedPort'];

export interface TunnelSettings {
  mode: TunnelMode;
  customPublicUrl?: string;
  ngrokDomain?: string;
  ngrokAuthtoken?: string;
  /** `forwardedPort`: the URL that reaches a local URL from outside (VS Code's `env.asExternalUri`). */
  resolveExternalUrl?: (localUrl: string) => Promise<string>;
}

/** A tunnel, with what the user should know about it (e.g. how to make a forwarded port public). */
export type OpenedTunnel = Tunnel & { note?: string };

export class TunnelConfigError extends Error {
  override name = 'TunnelConfigError';
  /** The setting to fix (its `ConfigKey`), when one setting is at fault. */
  constructor(message: string, readonly field?: 'tunnel.customPublicUrl') {
    super(message);
  }
}

/** Validates a custom public URL: https, no query or fragment; returns it without trailing slash. */
export function normalizePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new TunnelConfigError(`"${raw}" is not a URL`, 'tunnel.customPublicUrl');
  }
  if (url.protocol !== 'https:') throw new TunnelConfigError(`Graph only calls https URLs; "${raw}" is ${url.protocol.replace(':', '')} (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks)`, 'tunnel.customPublicUrl');
  if (url.search || url.hash) throw new TunnelConfigError('The public URL must not carry a query or fragment', 'tunnel.customPublicUrl');
  return url.toString().replace(/\/+$/, '');
}

/** Starts (ngrok) or resolves (customUrl) the tunnel; `undefined` for mode none. */
export async function openTunnel(settings: TunnelSettings, port: number, loadModule?: () => NgrokModule): Promise<OpenedTunnel | undefined> {
  switch (settings.mode) {
    case 'none':
      return undefined;
    case 'customUrl': {
      if (!settings.customPublicUrl?.trim()) {
        throw new TunnelConfigError('The tunnel mode is "customUrl", but no custom public URL is set: enter the https URL of your tunnel or reverse proxy.', 'tunnel.customPublicUrl');
      }
      const publicUrl = normalizePublicUrl(settings.customPublicUrl);
      return { publicUrl, close: async () => undefined };
    }
    case 'forwardedPort': {
      if (!settings.resolveExternalUrl) throw new TunnelConfigError('Tunnel mode "forwardedPort" needs a VS Code window to forward the port');
      const localUrl = `http://127.0.0.1:${port}`;
      const forwarded = describeForwardedPort(localUrl, await settings.resolveExternalUrl(localUrl));
      return { publicUrl: forwarded.publicUrl, note: forwarded.note, close: async () => undefined };
    }
    case 'ngrok':
      return startNgrokTunnel({ port, authtoken: settings.ngrokAuthtoken, domain: settings.ngrokDomain || undefined, ...(loadModule ? { loadModule } : {}) });
    default:
      throw new TunnelConfigError(`Unknown tunnel mode "${String(settings.mode)}"`);
  }
}

/** Public notification and lifecycle URLs for a public base URL. */
export function publicEndpoints(publicUrl: string): { publicNotificationUrl: string; publicLifecycleUrl: string } {
  return { publicNotificationUrl: `${publicUrl}/notifications`, publicLifecycleUrl: `${publicUrl}/lifecycle` };
}
