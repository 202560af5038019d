/**
 * The observations every rule shares: how a response is described, and the walls (auth, redirect,
 * HTML page) that look the same on any URL Graph calls. The validation request itself (token, its
 * form encoding, the URL) is Graph's one definition in src/handshake/validationRequest.ts.
 */
import type { PostResult } from '../emulator/httpClient';
import { graphFormEncode } from '../handshake/validationRequest';
import type { FailureKind } from './types';

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
