/**
 * One POST with a hard deadline and a bounded answer, for the handshake client (a receiver under
 * test may answer slowly, never, or with megabytes). The answer's body is kept up to
 * `maxResponseBytes` (the rest is read and dropped, see BoundedBody). The Sandbox's deliveries go
 * through their own keep-alive client (src/emulator/httpClient.ts) and share the timeout error and
 * the bounded body. No `vscode` import.
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
  /** Trust this CA (tests with an https loopback). */
  ca?: string | Buffer;
  headers?: Record<string, string>;
}

/** The request options of a URL. */
function targetOf(url: URL): http.RequestOptions {
  return {
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    ...(url.username || url.password ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
  };
}

/**
 * An answer's body kept up to `max` bytes; the rest is counted and dropped (still read, so a
 * keep-alive connection stays usable).
 */
export class BoundedBody {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    if (this.size + chunk.length <= this.max) this.chunks.push(chunk);
    else if (this.size < this.max) this.chunks.push(chunk.subarray(0, this.max - this.size));
    this.size += chunk.length;
  }

  text(): string {
    return this.chunks.length === 1 ? this.chunks[0].toString('utf8') : Buffer.concat(this.chunks).toString('utf8');
  }
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
        ...(options.ca ? { ca: options.ca } : {}),
        headers: { 'Content-Type': options.contentType, 'Content-Length': String(payload.length), ...options.headers },
      },
      (res) => {
        const body = new BoundedBody(options.maxResponseBytes);
        res.on('data', (c: Buffer) => body.push(c));
        res.on('error', (e) => done(() => reject(new Error(`Response broke off: ${e.message}`, { cause: e }))));
        res.on('end', () =>
          done(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body.text() })),
        );
      },
    );
    const timer = setTimeout(() => {
      done(() => reject(new PostTimeoutError(options.reportedTimeoutMs ?? options.timeoutMs)));
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (e) => done(() => reject(e)));
    req.end(payload);
  });
}
