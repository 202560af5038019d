/**
 * One POST with a hard deadline and a bounded answer: the piece the handshake client, the
 * emulator's delivery and the doctor all need (a receiver under test may answer slowly, never, or
 * with megabytes). The answer's body is kept up to `maxResponseBytes` (the rest is read and
 * dropped, so the connection stays usable); a request error carries `reusedSocket`, so a caller
 * with a keep-alive pool can tell a stale pooled connection from a failing endpoint
 * (https://nodejs.org/api/http.html#requestreusedsocket). No `vscode` import.
 */
import * as http from 'node:http';
import * as https from 'node:https';

export interface BoundedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** No complete answer within the deadline. Named `TimeoutError` (callers match the name). */
export class PostTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No response within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

export interface PostBoundedOptions {
  contentType: string;
  /** Deadline of the whole exchange (request, answer, body). */
  timeoutMs: number;
  /** The timeout named in the error, when the deadline is what is left of a longer one. */
  reportedTimeoutMs?: number;
  maxResponseBytes: number;
  /** A keep-alive pool (an https.Agent for https URLs); default: Node's global agent. */
  agent?: http.Agent;
  /** Trust this CA (tests with an https loopback). */
  ca?: string | Buffer;
  headers?: Record<string, string>;
}

/** The request options of a URL, computed once per URL object (a delivery engine reuses its URL). */
const targets = new WeakMap<URL, http.RequestOptions>();
function targetOf(url: URL): http.RequestOptions {
  let t = targets.get(url);
  if (!t) {
    t = {
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      ...(url.username || url.password ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
    };
    targets.set(url, t);
  }
  return t;
}

export function postBounded(url: URL, body: string | Buffer, options: PostBoundedOptions): Promise<BoundedResponse> {
  const transport = url.protocol === 'https:' ? https : http;
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return new Promise<BoundedResponse>((resolve, reject) => {
    let settled = false;
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = transport.request(
      {
        ...targetOf(url),
        method: 'POST',
        ...(options.agent ? { agent: options.agent } : {}),
        ...(options.ca ? { ca: options.ca } : {}),
        headers: { 'Content-Type': options.contentType, 'Content-Length': String(payload.length), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size + c.length <= options.maxResponseBytes) chunks.push(c);
          else if (size < options.maxResponseBytes) chunks.push(c.subarray(0, options.maxResponseBytes - size));
          size += c.length;
        });
        res.on('error', (e) => done(() => reject(new Error(`Response broke off: ${e.message}`, { cause: e }))));
        res.on('end', () =>
          done(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8') })),
        );
      },
    );
    const timer = setTimeout(() => {
      done(() => reject(new PostTimeoutError(options.reportedTimeoutMs ?? options.timeoutMs)));
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (e) => done(() => reject(Object.assign(e, { reusedSocket: req.reusedSocket }))));
    req.end(payload);
  });
}
