/**
 * A minimal POST with a hard timeout over keep-alive agents (fast enough for the bench), safe
 * against the keep-alive race: a server closes an idle connection after its keep-alive timeout
 * (Node's default 5 s, announced as `Keep-Alive: timeout=5`), and a request written on that socket
 * at the same moment dies with ECONNRESET / "socket hang up" although the endpoint is fine. So:
 * idle sockets are dropped a second before the server's announced timeout (at most 4 s idle), and
 * a reset on a *reused* socket is retried at once on a fresh connection, never reported as a failure
 * of the endpoint (https://nodejs.org/api/http.html#requestreusedsocket describes the pattern).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';

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

/** Idle time allowed after a response that announced `Keep-Alive: timeout=N` (N seconds). */
export function idleBudgetMs(keepAliveHeader: string | undefined): number {
  const hint = /timeout=(\d+)/i.exec(keepAliveHeader ?? '')?.[1];
  const announced = hint === undefined ? Infinity : Number(hint) * 1000 - 1000;
  return Math.max(0, Math.min(MAX_IDLE_MS, announced));
}

const idleBudget = new WeakMap<Socket, number>();

/** Puts a socket back in the pool with an idle timeout under the server's (the agent destroys it on timeout). */
function keepAliveUnderServerTimeout(agent: http.Agent): void {
  // Node's Agent returns whether it keeps the socket (typed void in @types/node).
  const pool = agent as unknown as { keepSocketAlive(socket: Socket): boolean };
  const keep = pool.keepSocketAlive.bind(agent);
  pool.keepSocketAlive = (socket: Socket) => {
    const kept = keep(socket);
    if (kept) {
      const budget = idleBudget.get(socket) ?? MAX_IDLE_MS;
      if (budget <= 0) return false;
      socket.setTimeout(budget);
    }
    return kept;
  };
}

/** A reset of a pooled connection the server had closed: the request never reached the endpoint. */
function isStaleSocketReset(error: unknown, reused: boolean): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return reused && (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED');
}

/** How many stale pooled sockets one POST may meet before it gives up on the pool (maxSockets). */
const MAX_STALE_RETRIES = 64;

export class HttpPoster {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  /** Resets on reused sockets that were retried at once (not endpoint failures). */
  staleSocketRetries = 0;

  constructor() {
    keepAliveUnderServerTimeout(this.httpAgent);
    keepAliveUnderServerTimeout(this.httpsAgent);
  }

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
          const header = res.headers['keep-alive'];
          idleBudget.set(res.socket, idleBudgetMs(Array.isArray(header) ? header[0] : header));
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
