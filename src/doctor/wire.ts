/**
 * How Graph puts things on the wire, and the observations every rule shares.
 *
 * Graph's validation request is `POST {notificationUrl}?validationToken=…` with
 * `Content-Type: text/plain; charset=utf-8` and an empty body; the token is form-encoded the way
 * .NET's `HttpUtility.UrlEncode` does it: spaces as `+`, lower-case `%3a` escapes
 * (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#notificationurl-validation).
 * Receivers that decode only `%20`, or only upper-case escapes, fail against Graph, not against
 * `encodeURIComponent`: the doctor sends the exact form.
 */
import { randomUUID } from 'node:crypto';
import type { PostResult } from '../emulator/httpClient';
import type { FailureKind } from './types';

/** Graph's token text (spaces and colons: decoding matters). */
export function graphValidationToken(requestId: string = randomUUID()): string {
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

/** The notification URL with `validationToken` appended; its own query string is kept. */
export function validationRequestUrl(url: string, token: string): URL {
  const u = new URL(url);
  u.search = `${u.search ? `${u.search}&` : '?'}validationToken=${graphFormEncode(token)}`;
  return u;
}

/** Every encoded form a receiver might echo by mistake. */
export function encodedForms(token: string): string[] {
  return [graphFormEncode(token), encodeURIComponent(token), graphFormEncode(token).toUpperCase(), token.replace(/ /g, '+')];
}

export function mediaType(result: PostResult): string {
  return String(result.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

export function looksLikeHtml(result: PostResult): boolean {
  return mediaType(result) === 'text/html' || /^\s*<(!doctype\s+html|html[\s>])/i.test(result.body);
}

/** A short, single-line excerpt of a response body for evidence (never the whole thing). */
export function excerpt(body: string, max = 120): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (!line) return '(empty body)';
  return line.length > max ? `${line.slice(0, max)}… (${body.length} chars)` : line;
}

export function describeResponse(result: PostResult, durationMs: number): string {
  const type = result.headers['content-type'] ? `, Content-Type ${String(result.headers['content-type'])}` : ', no Content-Type';
  return `HTTP ${result.status}${type} in ${Math.round(durationMs)} ms: ${excerpt(result.body)}`;
}

export interface Diagnosis {
  kind: FailureKind;
  summary: string;
  fix: string;
}

/**
 * The failures that look the same on any URL Graph calls: an auth wall, a redirect, an HTML page
 * (a login page, a proxy's error page, a SPA's index.html). Undefined when none applies.
 */
export function diagnoseWall(result: PostResult, what: string): Diagnosis | undefined {
  if (result.status === 401 || result.status === 403) {
    const challenge = result.headers['www-authenticate'] ? ` (WWW-Authenticate: ${excerpt(String(result.headers['www-authenticate']), 80)})` : '';
    return {
      kind: 'authWall',
      summary: `The endpoint is behind an authentication wall: ${what} got ${result.status}${challenge}. Graph sends no credentials.`,
      fix: 'Allow anonymous POSTs to this path (Azure Functions: authLevel "anonymous"; App Service: exclude the path from Easy Auth; API gateways: no key required) and authenticate notifications by clientState and validationTokens instead.',
    };
  }
  if (result.status >= 300 && result.status < 400) {
    const location = result.headers.location ? ` to ${String(result.headers.location)}` : '';
    return {
      kind: 'redirect',
      summary: `The endpoint redirects (${result.status}${location}). Graph does not follow redirects.`,
      fix: 'Give Graph the final URL (the https one, with or without the trailing slash your server wants), or stop redirecting this path.',
    };
  }
  if (looksLikeHtml(result)) {
    return {
      kind: 'htmlAnswer',
      summary: `The endpoint answers with an HTML page (HTTP ${result.status}): a login page, a proxy's error page or a web app's index, not your webhook.`,
      fix: 'Point Graph at the webhook route itself, and check that a reverse proxy or tunnel forwards POSTs to it rather than serving a page.',
    };
  }
  return undefined;
}
