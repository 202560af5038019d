/**
 * How Graph reaches the receiver: `none` (sandbox, local only), `customUrl` (the user's own tunnel
 * or reverse proxy), `ngrok` (in-process). Each resolves to a public base URL or none.
 * No `vscode` import.
 */
import { startNgrokTunnel, type NgrokModule, type Tunnel } from './ngrokTunnel';

export type TunnelMode = 'none' | 'customUrl' | 'ngrok';

export interface TunnelSettings {
  mode: TunnelMode;
  customPublicUrl?: string;
  ngrokDomain?: string;
  ngrokAuthtoken?: string;
}

export class TunnelConfigError extends Error {
  override name = 'TunnelConfigError';
}

/** Validates a custom public URL: https, no query or fragment; returns it without trailing slash. */
export function normalizePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new TunnelConfigError(`"${raw}" is not a URL`);
  }
  if (url.protocol !== 'https:') throw new TunnelConfigError(`Graph only calls https URLs; "${raw}" is ${url.protocol.replace(':', '')} (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks)`);
  if (url.search || url.hash) throw new TunnelConfigError('The public URL must not carry a query or fragment');
  return url.toString().replace(/\/+$/, '');
}

/** Starts (ngrok) or resolves (customUrl) the tunnel; `undefined` for mode none. */
export async function openTunnel(settings: TunnelSettings, port: number, loadModule?: () => NgrokModule): Promise<Tunnel | undefined> {
  switch (settings.mode) {
    case 'none':
      return undefined;
    case 'customUrl': {
      if (!settings.customPublicUrl) throw new TunnelConfigError('Tunnel mode is "customUrl" but graphSubscriptions.tunnel.customPublicUrl is empty');
      const publicUrl = normalizePublicUrl(settings.customPublicUrl);
      return { publicUrl, close: async () => undefined };
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
