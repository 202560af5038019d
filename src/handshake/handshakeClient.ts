/**
 * The notification-endpoint validation handshake, as Graph sends it: POST
 * `url?validationToken=<form-encoded token>` with `text/plain`; the endpoint must answer within
 * 10 seconds with 200, `Content-Type: text/plain` and the *decoded* token exactly
 * (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#notificationurl-validation);
 * the request itself is built by validationRequest.ts (shared with the receiver doctor).
 * One client for both callers: the Sandbox emulator (validating a new subscription's URLs) and the
 * handshake self-test (checking the user's tunnel or endpoint). Result names the first rule that
 * failed. No `vscode` import.
 */
import type * as http from 'node:http';
import { postBounded } from './postBounded';
import { newValidationToken, validationRequestUrl } from './validationRequest';

export type HandshakeRule = 'reachable' | 'status200' | 'contentTypeTextPlain' | 'exactEcho' | 'within10s';

export interface HandshakeResult {
  ok: boolean;
  /** The first rule that failed. */
  failedRule?: HandshakeRule;
  /** What happened, in words (the self-test shows it; the emulator replaces it by Graph's message). */
  message: string;
  status?: number;
  contentType?: string;
  durationMs: number;
  /** The network error, when the endpoint could not be reached. */
  error?: string;
}

/** The response the handshake needs; a keep-alive poster (the emulator's) can provide it. */
export interface HandshakeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Sends the POST; rejects with `HandshakeTimeoutError` (or any error named `TimeoutError`) after `timeoutMs`. */
export type HandshakePost = (url: URL, body: string, contentType: string, timeoutMs: number, maxResponseBytes: number) => Promise<HandshakeResponse>;

export interface HandshakeOptions {
  /** Graph waits 10 s. */
  timeoutMs?: number;
  /** Tests only: the token to send. */
  token?: string;
  /** Tests only: trust this CA for an https loopback (default poster only). */
  ca?: string | Buffer;
  /** How to POST (default: a one-shot node:http/https request). */
  post?: HandshakePost;
}

/** No answer in time (the shared poster's timeout error, under the name this module always exported). */
export { PostTimeoutError as HandshakeTimeoutError } from './postBounded';

const MAX_RESPONSE_BYTES = 64 * 1024;

export async function runHandshake(notificationUrl: string, options: HandshakeOptions = {}): Promise<HandshakeResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const token = options.token ?? newValidationToken();
  let target: URL;
  try {
    target = validationRequestUrl(notificationUrl, token);
  } catch {
    return { ok: false, failedRule: 'reachable', message: `Not a URL: ${notificationUrl}`, durationMs: 0 };
  }
  const post = options.post ?? defaultPost(options.ca);
  const started = performance.now();
  let res: HandshakeResponse;
  try {
    res = await post(target, '', 'text/plain; charset=utf-8', timeoutMs, MAX_RESPONSE_BYTES);
  } catch (error) {
    const durationMs = performance.now() - started;
    const detail = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
    if (error instanceof Error && error.name === 'TimeoutError') {
      return { ok: false, failedRule: 'within10s', message: `No answer within ${timeoutMs} ms; Graph gives up after 10 s`, durationMs, error: error.message };
    }
    return { ok: false, failedRule: 'reachable', message: `Could not reach ${target.origin}: ${detail}`, durationMs, error: detail };
  }
  const durationMs = performance.now() - started;
  const contentType = String(res.headers['content-type'] ?? '');
  const base = { status: res.status, contentType, durationMs };
  if (res.status !== 200) return { ...base, ok: false, failedRule: 'status200', message: `Status ${res.status}; Graph requires 200 OK` };
  if (contentType.split(';')[0].trim().toLowerCase() !== 'text/plain') {
    return { ...base, ok: false, failedRule: 'contentTypeTextPlain', message: `Content-Type "${contentType || '(none)'}"; Graph requires text/plain` };
  }
  if (res.body !== token) {
    const encoded = res.body === encodeURIComponent(token) || res.body === target.searchParams.toString();
    return {
      ...base,
      ok: false,
      failedRule: 'exactEcho',
      message: encoded ? 'The body is the URL-encoded token; Graph requires the decoded token' : `The body (${res.body.length} chars) does not exactly match the decoded token (${token.length} chars)`,
    };
  }
  if (durationMs > timeoutMs) return { ...base, ok: false, failedRule: 'within10s', message: `Answered after ${Math.round(durationMs)} ms; Graph waits 10 s` };
  return { ...base, ok: true, message: `Handshake OK in ${Math.round(durationMs)} ms` };
}

function defaultPost(ca: string | Buffer | undefined): HandshakePost {
  return (url, body, contentType, timeoutMs, maxResponseBytes) => postBounded(url, body, { contentType, timeoutMs, maxResponseBytes, ca });
}
