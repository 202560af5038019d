/**
 * A minimal POST with a hard timeout over keep-alive agents (fast enough for the bench), safe
 * against the keep-alive race: a server closes an idle connection after its keep-alive timeout
 * (Node's default 5 s, announced as `Keep-Alive: timeout=5`), and a request written on that socket
 * at the same moment dies with ECONNRESET / "socket hang up" although the endpoint is fine. So:
 * idle sockets leave the pool after at most 4 s (or a second before the server's shorter announced timeout), and
 * a reset on a *reused* socket is retried at once on a fresh connection, never reported as a failure
 * of the endpoint (https://nodejs.org/api/http.html#requestreusedsocket describes the pattern).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import { postBounded, type BoundedResponse } from '../handshake/postBounded';

export type PostResult = BoundedResponse;

/** No answer in time: the shared bounded poster's error (delivery matches it with instanceof). */
export { PostTimeoutError as TimeoutError } from '../handshake/postBounded';

const USER_AGENT = { 'User-Agent': 'graph-subscriptions-emulator' };

/** Longest a socket stays idle in the pool; below Node's default server keep-alive (5 s). */
export const MAX_IDLE_MS = 4000;

/**
 * How long a pooled socket may stay idle, given the server's `Keep-Alive: timeout=N` hint. Node's
 * Agent idles it for exactly min(its timeout, N s): a server announcing 2 s closes the socket at the
 * very moment the pool would still hand it out. Under 5 s a second of margin is taken off (1 s or
 * less: the socket is not kept at all).
 */
export function pooledIdleMs(keepAliveHeader: string | string[] | undefined, maxIdleMs = MAX_IDLE_MS): number {
  const header = Array.isArray(keepAliveHeader) ? keepAliveHeader[0] : keepAliveHeader;
  const hint = header ? /(?:^|[,\s])timeout=(\d+)/i.exec(header)?.[1] : undefined;
  if (hint === undefined) return maxIdleMs;
  const serverMs = Number(hint) * 1000;
  return Math.min(maxIdleMs, serverMs < 5000 ? serverMs - 1000 : serverMs);
}

type PooledSocket = Duplex & { _httpMessage?: { res?: http.IncomingMessage } };

/** The idle time of a socket going back to the pool; false when it should not be kept. */
function keepIdle(socket: Duplex, keptByNode: boolean): boolean {
  if (!keptByNode) return false;
  const idle = pooledIdleMs((socket as PooledSocket)._httpMessage?.res?.headers['keep-alive']);
  if (idle <= 0) return false;
  (socket as Duplex & { setTimeout(ms: number): void }).setTimeout(idle);
  return true;
}

class IdleSafeHttpAgent extends http.Agent {
  override keepSocketAlive(socket: Duplex): boolean {
    return keepIdle(socket, (super.keepSocketAlive(socket) as unknown) !== false);
  }
}

class IdleSafeHttpsAgent extends https.Agent {
  override keepSocketAlive(socket: Duplex): boolean {
    return keepIdle(socket, (super.keepSocketAlive(socket) as unknown) !== false);
  }
}

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
  private readonly httpAgent = new IdleSafeHttpAgent({ keepAlive: true, maxSockets: 64, timeout: MAX_IDLE_MS });
  private readonly httpsAgent = new IdleSafeHttpsAgent({ keepAlive: true, maxSockets: 64, timeout: MAX_IDLE_MS });
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
    return postBounded(url, body, {
      contentType,
      timeoutMs: remainingMs,
      reportedTimeoutMs: timeoutMs,
      maxResponseBytes,
      agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
      headers: USER_AGENT,
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
