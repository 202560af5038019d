/**
 * What a failed handshake self-test of a tunnel's public URL means for the user: before a tunnel is
 * called "up", the extension sends the validation request Graph sends when a subscription is
 * created (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#notificationurl-validation)
 * to `<public URL>/notifications`; a failure is explained here in plain words. No `vscode` import.
 */
import type { HandshakeResult } from '../handshake/handshakeClient';
import type { TunnelMode } from './tunnelModes';

const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|certificate/i;

/** One or two sentences: what failed at the public URL, and what usually causes it. */
export function explainTunnelCheck(result: HandshakeResult, notificationUrl: string, mode: TunnelMode): string {
  let host: string;
  try {
    host = new URL(notificationUrl).host;
  } catch {
    host = notificationUrl;
  }
  const own = mode === 'customUrl' ? 'Is your tunnel or reverse proxy running, and is the URL right?' : '';
  if (result.failedRule === 'reachable') {
    const error = result.error ?? '';
    if (/ENOTFOUND|EAI_AGAIN/.test(error)) {
      return `${host} does not resolve (${error}): no server answers to that name${mode === 'customUrl' ? '. Check the custom URL for a typo, or start the tunnel that owns it' : ''}.`;
    }
    if (/ECONNREFUSED/.test(error)) return `${host} refused the connection (ECONNREFUSED): nothing listens there. ${own}`.trim();
    if (CERTIFICATE.test(error)) {
      return `${host} answered with a certificate Graph would not trust (${error}). Graph only calls https URLs with a certificate from a public authority.`;
    }
    return `${host} could not be reached (${error || result.message}). ${own}`.trim();
  }
  if (result.failedRule === 'within10s') return `${host} did not answer within 10 seconds, as Graph requires. ${own}`.trim();
  // Reached something, but not a receiver answering like ours: a proxy's error page, another app.
  const forwarded = mode === 'customUrl' ? ' Does your tunnel forward to this receiver\'s port?' : '';
  return `${host} answered, but not as Graph requires: ${result.message}.${forwarded}`;
}
