/**
 * The validation handshake as the emulator runs it before creating a subscription: the shared
 * client (src/handshake/handshakeClient.ts) over the emulator's keep-alive poster, with the
 * failure worded as Graph words it
 * (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#notificationurl-validation).
 */
import { STATUS_CODES } from 'node:http';
import { runHandshake as runSharedHandshake, type HandshakeResult } from '../handshake/handshakeClient';
import { Messages } from './errors';
import type { HttpPoster } from './httpClient';

export type { HandshakeResult } from '../handshake/handshakeClient';

/** .NET's HttpStatusCode names, which Graph puts in its message (e.g. 'Forbidden', 'InternalServerError'). */
export function statusName(status: number): string {
  return (STATUS_CODES[status] ?? String(status)).replace(/[^A-Za-z0-9]/g, '');
}

/** Graph's message for the first rule that failed. */
function graphMessage(result: HandshakeResult): string {
  switch (result.failedRule) {
    case 'status200':
      return Messages.handshakeStatus(statusName(result.status ?? 0));
    case 'contentTypeTextPlain':
      return Messages.handshakeContentType;
    case 'exactEcho':
      return Messages.handshakeMismatch;
    case 'within10s':
      return Messages.handshakeTimeout;
    default:
      return Messages.handshakeNo200;
  }
}

export async function runHandshake(poster: HttpPoster, url: string, timeoutMs: number): Promise<HandshakeResult> {
  const result = await runSharedHandshake(url, { timeoutMs, post: (u, body, type, ms, max) => poster.post(u, body, type, ms, max) });
  return result.ok ? result : { ...result, message: graphMessage(result) };
}
