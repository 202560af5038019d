/**
 * Graph's validation request on the wire, defined once for every caller: the handshake client
 * (self-test, and the Sandbox emulator through it) and the receiver doctor, so the doctor tests a
 * receiver with exactly the bytes Graph sends. Graph POSTs `{notificationUrl}?validationToken=…`
 * with `Content-Type: text/plain; charset=utf-8` and an empty body; the token is form-encoded the
 * way .NET's `HttpUtility.UrlEncode` does it: spaces as `+`, lower-case `%3a` escapes
 * (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#notificationurl-validation).
 * Receivers that decode only `%20`, or only upper-case escapes, fail against Graph, not against
 * `encodeURIComponent`: hence this exact form. No `vscode` import.
 */
import { randomUUID } from 'node:crypto';

/** An opaque token like Graph's: spaces and colons, so an endpoint that echoes it encoded is caught. */
export function newValidationToken(requestId: string = randomUUID()): string {
  return `Validation: Testing client application reachability for subscription Request-Id: ${requestId}`;
}

/** `HttpUtility.UrlEncode`: unreserved `A-Za-z0-9-_.!*()` kept, space → `+`, others `%xx` lower-case. */
export function graphFormEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.!*()]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/**
 * The URL Graph calls: the notification URL with `validationToken` appended, its own query kept
 * (`Validation%3a+Testing+…`). Throws on a string that is not a URL.
 */
export function validationRequestUrl(notificationUrl: string, token: string): URL {
  const u = new URL(notificationUrl);
  u.search = `${u.search ? `${u.search}&` : '?'}validationToken=${graphFormEncode(token)}`;
  return u;
}
