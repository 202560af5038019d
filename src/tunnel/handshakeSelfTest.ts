/**
 * Handshake self-test: sends Graph's validation request (§5) through a URL — typically the public
 * tunnel URL — and checks each rule Graph applies, naming the first that fails:
 * reachable → status 200 → Content-Type text/plain → body equals the *decoded* token → within 10 s.
 * The token contains spaces and a colon, like Graph's, so an encoded echo is caught.
 * No `vscode` import.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { randomUUID } from 'node:crypto';

export type HandshakeRule = 'reachable' | 'status200' | 'contentTypeTextPlain' | 'exactEcho' | 'within10s';

export interface HandshakeResult {
  ok: boolean;
  /** The first rule that failed. */
  failedRule?: HandshakeRule;
  message: string;
  status?: number;
  contentType?: string;
  rttMs?: number;
}

export interface HandshakeOptions {
  timeoutMs?: number;
  /** Tests only: trust this CA for an https loopback. */
  ca?: string | Buffer;
  token?: string;
}

export function syntheticValidationToken(): string {
  return `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
}

/** The URL Graph would call: the notification URL with `validationToken` appended (query kept). */
export function validationUrl(notificationUrl: string, token: string): string {
  return `${notificationUrl}${notificationUrl.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
}

export async function runHandshakeSelfTest(notificationUrl: string, options: HandshakeOptions = {}): Promise<HandshakeResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const token = options.token ?? syntheticValidationToken();
  let target: URL;
  try {
    target = new URL(validationUrl(notificationUrl, token));
  } catch {
    return { ok: false, failedRule: 'reachable', message: `Not a URL: ${notificationUrl}` };
  }
  const client = target.protocol === 'https:' ? https : http;
  const started = performance.now();
  return new Promise<HandshakeResult>((resolve) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': 0 },
        timeout: timeoutMs,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => resolve({ ok: false, failedRule: 'reachable', message: `Response broke off: ${e.message}` }));
        res.on('end', () => {
          const rttMs = performance.now() - started;
          const status = res.statusCode ?? 0;
          const contentType = res.headers['content-type'] ?? '';
          const body = Buffer.concat(chunks).toString('utf8');
          const base = { status, contentType, rttMs };
          if (status !== 200) {
            resolve({ ...base, ok: false, failedRule: 'status200', message: `Status ${status}; Graph requires 200 OK` });
          } else if (contentType.split(';')[0].trim().toLowerCase() !== 'text/plain') {
            resolve({ ...base, ok: false, failedRule: 'contentTypeTextPlain', message: `Content-Type "${contentType || '(none)'}"; Graph requires text/plain` });
          } else if (body !== token) {
            const encoded = body === encodeURIComponent(token) || body === target.searchParams.toString();
            resolve({
              ...base,
              ok: false,
              failedRule: 'exactEcho',
              message: encoded ? 'The body is the URL-encoded token; Graph requires the decoded token' : `The body (${body.length} chars) does not exactly match the decoded token (${token.length} chars)`,
            });
          } else if (rttMs > timeoutMs) {
            resolve({ ...base, ok: false, failedRule: 'within10s', message: `Answered after ${Math.round(rttMs)} ms; Graph waits 10 s` });
          } else {
            resolve({ ...base, ok: true, message: `Handshake OK in ${Math.round(rttMs)} ms` });
          }
        });
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({ ok: false, failedRule: 'within10s', message: `No answer within ${timeoutMs} ms; Graph gives up after 10 s` });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      resolve({ ok: false, failedRule: 'reachable', message: `Could not reach ${target.origin}: ${e.code ?? e.message}` });
    });
    req.end();
  });
}
