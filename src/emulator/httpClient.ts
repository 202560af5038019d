/**
 * A minimal POST with a hard timeout over keep-alive agents (fast enough for the bench), safe
 * against the keep-alive race: a server closes an idle connection after its keep-alive timeout
 * (Node's default 5 s, announced as `Keep-Alive: timeout=5`), and a request written on that socket
 * at the same moment dies with ECONNRESET / "socket hang up" although the endpoint is fine. So:
 * idle sockets leave the pool after at most 4 s (or the server's shorter announced timeout), and
 * a reset on a *reused* socket is retried at once on a fresh connection, never reported as a failure
 * of the endpoint (https://nodejs.org/api/http.html#requestreusedsocket describes the pattern).
 */
import * as http from 'node:http';
import * as https from 'node:https';

export interface PostResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class TimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`No response within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/** Longest a socket stays idle in the pool; below Node's default server keep-alive (5 s). */
export const MAX_IDLE_MS = 4000;

/** A reset of a pooled connection the server had closed: the request never reached the endpoint. */
function isStaleSocketReset(error: unknown, reused: boolean): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return reused && (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED');
}

/** How many stale pooled sockets one POST may meet before it gives up on the pool (maxSockets). */
const MAX_STALE_RETRIES = 64;

export class HttpPoster {
  // `timeout` is also the idle time of a pooled socket: Node's Agent keeps a free socket for
  // min(timeout, the server's `Keep-Alive: timeout=N` hint), so idle sockets leave the pool before a
  // Node server (5 s) closes them.
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: MAX_IDLE_MS });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64, timeout: MAX_IDLE_MS });
  /** Resets on reused sockets that were retried at once (not endpoint failures). */
  staleSocketRetries = 0;

  async post(url: URL, body: string, contentType: string, timeoutMs: number, maxResponseBytes = 1 << 20): Promise<PostResult> {
    const deadline = Date.now() + timeoutMs;
    for (let stale = 0; ; stale++) {
      try {
        return await this.postOnce(url, body, contentType, Math.max(1, deadline - Date.now()), timeoutMs, maxResponseBytes);
      } catch (error) {
        const reused = (error as { reusedSocket?: boolean }).reusedSocket === true;
        if (!isStaleSocketReset(error, reused) || stale >= MAX_STALE_RETRIES || Date.now() >= deadline) throw error;
        this.staleSocketRetries++;
      }
    }
  }

  private postOnce(url: URL, body: string, contentType: string, remainingMs: number, timeoutMs: number, maxResponseBytes: number): Promise<PostResult> {
    const isHttps = url.protocol === 'https:';
    const transport = isHttps ? https : http;
    const payload = Buffer.from(body, 'utf8');
    return new Promise<PostResult>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const req = transport.request(
        url,
        {
          method: 'POST',
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          headers: { 'Content-Type': contentType, 'Content-Length': String(payload.length), 'User-Agent': 'graph-subscriptions-emulator' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= maxResponseBytes) chunks.push(c);
          });
          res.on('end', () =>
            finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })),
          );
          res.on('error', (e) => finish(() => reject(e)));
        },
      );
      const timer = setTimeout(() => {
        finish(() => reject(new TimeoutError(timeoutMs)));
        req.destroy();
      }, remainingMs);
      req.on('error', (e) => finish(() => reject(Object.assign(e, { reusedSocket: req.reusedSocket }))));
      req.end(payload);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
