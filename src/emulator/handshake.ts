/**
 * The notification-endpoint validation handshake [digest §5]: POST `url?validationToken=<encoded>`
 * with `text/plain; charset=utf-8`; the endpoint must answer 200, `text/plain`, and the decoded
 * token exactly, within the timeout (10 s in Graph).
 */
import { STATUS_CODES } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Messages } from './errors';
import { HttpPoster, TimeoutError } from './httpClient';

export interface HandshakeResult {
  ok: boolean;
  /** Graph's message when not ok. */
  message?: string;
  status?: number;
  durationMs: number;
  error?: string;
}

/** An opaque token like the ones Graph sends (spaces and a colon: decoding matters, §5). */
export function newValidationToken(): string {
  return `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
}

/** Adds `validationToken` to the URL, keeping its own query string (§5 step 1). */
export function withValidationToken(url: string, token: string): URL {
  const u = new URL(url);
  // URLSearchParams encodes spaces as '+'; Graph's token is percent-encoded, so build it by hand.
  u.search = (u.search ? `${u.search}&` : '?') + `validationToken=${encodeURIComponent(token)}`;
  return u;
}

/** .NET's HttpStatusCode names, which Graph puts in its message (e.g. 'Forbidden', 'InternalServerError'). */
export function statusName(status: number): string {
  return (STATUS_CODES[status] ?? String(status)).replace(/[^A-Za-z0-9]/g, '');
}

export async function runHandshake(poster: HttpPoster, url: string, timeoutMs: number): Promise<HandshakeResult> {
  const token = newValidationToken();
  const started = Date.now();
  try {
    const res = await poster.post(withValidationToken(url, token), '', 'text/plain; charset=utf-8', timeoutMs, 64 * 1024);
    const durationMs = Date.now() - started;
    if (res.status !== 200) return { ok: false, status: res.status, durationMs, message: Messages.handshakeStatus(statusName(res.status)) };
    const contentType = String(res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'text/plain') return { ok: false, status: res.status, durationMs, message: Messages.handshakeContentType };
    if (res.body !== token) return { ok: false, status: res.status, durationMs, message: Messages.handshakeMismatch };
    return { ok: true, status: res.status, durationMs };
  } catch (error) {
    const durationMs = Date.now() - started;
    if (error instanceof TimeoutError) return { ok: false, durationMs, message: Messages.handshakeTimeout, error: error.message };
    return { ok: false, durationMs, message: Messages.handshakeNo200, error: error instanceof Error ? error.message : String(error) };
  }
}
