/**
 * The Sandbox's notification POSTs, with a hard timeout, over keep-alive connections of `undici`
 * (https://undici.nodejs.org — the Node.js project's HTTP client, behind Node's own `fetch`): its
 * per-request cost is about half of `node:http`'s, so a delivery loop is not slower than a plain
 * POST loop would be (the bench). Safe against the keep-alive race: a server closes an idle
 * connection after its keep-alive timeout (Node's default 5 s, announced as `Keep-Alive: timeout=5`),
 * and a request written on that socket at the same moment dies with a reset although the endpoint is
 * fine. So idle connections are not reused after at most 4 s (or a second before the server's
 * shorter announced timeout), and a reset on a *reused* connection is retried at once on a fresh
 * one, never reported as a failure of the endpoint
 * (https://nodejs.org/api/http.html#requestreusedsocket describes the pattern).
 */
import type { Client, Dispatcher } from 'undici';
import { BoundedBody, PostTimeoutError, type BoundedResponse } from '../handshake/postBounded';
import { loadLazy } from '../util/lazy';

export type PostResult = BoundedResponse;

/** No answer in time: the shared bounded poster's error (delivery matches it with instanceof). */
export { PostTimeoutError as TimeoutError } from '../handshake/postBounded';

const USER_AGENT = 'graph-subscriptions-emulator';

/** Longest a socket stays idle in the pool; below Node's default server keep-alive (5 s). */
export const MAX_IDLE_MS = 4000;

/**
 * How long a pooled socket may stay idle, given the server's `Keep-Alive: timeout=N` hint: a server
 * announcing 2 s closes the socket at the very moment a pool idling exactly 2 s would still hand it
 * out. Under 5 s a second of margin is taken off (1 s or less: the socket is not kept at all).
 */
export function pooledIdleMs(keepAliveHeader: string | string[] | undefined, maxIdleMs = MAX_IDLE_MS): number {
  const header = Array.isArray(keepAliveHeader) ? keepAliveHeader[0] : keepAliveHeader;
  const hint = header ? /(?:^|[,\s])timeout=(\d+)/i.exec(header)?.[1] : undefined;
  if (hint === undefined) return maxIdleMs;
  const serverMs = Number(hint) * 1000;
  return Math.min(maxIdleMs, serverMs < 5000 ? serverMs - 1000 : serverMs);
}

/** A reset of a pooled connection the server had closed: the request never reached the endpoint. */
function isStaleSocketReset(error: unknown, reused: boolean): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return reused && (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED');
}

/** How many stale pooled sockets one POST may meet before it gives up (the pool's size). */
const MAX_STALE_RETRIES = 64;
/** Connections per origin, as many as Graph-style bursts use at once. */
const MAX_CONNECTIONS = 64;

/**
 * One keep-alive connection (an undici Client with one socket, one request at a time). Knowing which
 * connection a request goes out on is what tells a reused socket from a fresh one.
 */
interface Connection {
  client: Client;
  busy: boolean;
  /** Answers received on the current socket; 0: the next request opens a fresh socket. */
  served: number;
  /** Until when the idle socket may be reused (from the last answer's Keep-Alive hint). */
  reusableUntil: number;
}

interface Origin {
  key: string;
  connections: Connection[];
  waiting: Array<{ resolve: (c: Connection) => void; reject: (e: Error) => void }>;
}

/** undici's name for a peer that closed the socket without answering; Node calls it "socket hang up" (ECONNRESET). */
function normalised(error: unknown): unknown {
  const e = error as { code?: string; message?: string } | undefined;
  if (e?.code === 'UND_ERR_SOCKET' || e?.code === 'UND_ERR_CLOSED') {
    return Object.assign(new Error(`socket hang up: the receiver closed the connection without answering`, { cause: error }), { code: 'ECONNRESET' });
  }
  return error;
}

export class HttpPoster {
  private readonly origins = new Map<string, Origin>();
  private closed = false;
  /** Resets on reused sockets that were retried at once (not endpoint failures). */
  staleSocketRetries = 0;

  async post(url: URL, body: string, contentType: string, timeoutMs: number, maxResponseBytes = 1 << 20): Promise<PostResult> {
    const deadline = Date.now() + timeoutMs;
    for (let stale = 0; ; stale++) {
      const origin = this.originOf(url.origin);
      const connection = await this.acquire(origin);
      const reused = connection.served > 0;
      let broken = false;
      try {
        const result = await this.exchange(connection.client, url, body, contentType, Math.max(1, deadline - Date.now()), timeoutMs, maxResponseBytes);
        connection.served++;
        connection.reusableUntil = Date.now() + pooledIdleMs(result.headers['keep-alive']);
        return result;
      } catch (error) {
        broken = true;
        const failure = normalised(error);
        if (!isStaleSocketReset(failure, reused) || stale >= MAX_STALE_RETRIES || Date.now() >= deadline) throw failure;
        this.staleSocketRetries++;
        // The server closed its idle sockets: the others of this origin are as stale as this one.
        this.dropIdle(origin);
      } finally {
        this.release(origin, connection, broken);
      }
    }
  }

  private originOf(key: string): Origin {
    let origin = this.origins.get(key);
    if (!origin) {
      origin = { key, connections: [], waiting: [] };
      this.origins.set(key, origin);
    }
    return origin;
  }

  /** An idle connection still safe to reuse, a new one, or the next one freed when all 64 are busy. */
  private acquire(origin: Origin): Promise<Connection> | Connection {
    if (this.closed) throw new Error('The Sandbox is shutting down: no more deliveries.');
    const now = Date.now();
    for (let i = 0; i < origin.connections.length; i++) {
      const c = origin.connections[i];
      if (c.busy) continue;
      if (c.served > 0 && now >= c.reusableUntil) {
        // Idle too long: the server may be closing it right now. undici's own idle timer is coarse (1 s).
        this.remove(origin, c);
        i--;
        continue;
      }
      c.busy = true;
      return c;
    }
    if (origin.connections.length < MAX_CONNECTIONS) {
      const c = this.open(origin);
      c.busy = true;
      return c;
    }
    return new Promise((resolve, reject) => origin.waiting.push({ resolve, reject }));
  }

  private open(origin: Origin): Connection {
    const { Client: UndiciClient } = loadLazy<typeof import('undici')>('undici');
    const client = new UndiciClient(origin.key, { keepAliveTimeout: MAX_IDLE_MS, keepAliveMaxTimeout: MAX_IDLE_MS, keepAliveTimeoutThreshold: 1000 });
    const connection: Connection = { client, busy: false, served: 0, reusableUntil: 0 };
    client.on('disconnect', () => {
      connection.served = 0;
      // An idle connection closed (by undici's keep-alive timer or the server) leaves the pool.
      if (!connection.busy) this.remove(origin, connection);
    });
    origin.connections.push(connection);
    return connection;
  }

  private release(origin: Origin, connection: Connection, broken: boolean): void {
    if (broken) {
      this.remove(origin, connection);
    } else {
      connection.busy = false;
    }
    const next = origin.waiting.shift();
    if (!next || this.closed) return;
    // The waiter takes this connection, or a fresh one in place of a broken one.
    const c = broken ? this.open(origin) : connection;
    c.busy = true;
    next.resolve(c);
  }

  private remove(origin: Origin, connection: Connection): void {
    const i = origin.connections.indexOf(connection);
    if (i >= 0) origin.connections.splice(i, 1);
    connection.client.destroy().catch(() => undefined);
  }

  private dropIdle(origin: Origin): void {
    for (const c of [...origin.connections]) if (!c.busy && c.served > 0) this.remove(origin, c);
  }

  /**
   * One request/answer on `client`, the answer's body kept up to `maxResponseBytes` (the rest read
   * and dropped). Through undici's dispatch handler rather than `request()`: no body stream, no
   * AbortController per POST (both were a visible share of a delivery in the profile).
   */
  private exchange(client: Client, url: URL, body: string, contentType: string, remainingMs: number, timeoutMs: number, maxResponseBytes: number): Promise<PostResult> {
    const headers: Record<string, string> = { 'content-type': contentType, 'user-agent': USER_AGENT };
    if (url.username || url.password) {
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    }
    return new Promise<PostResult>((resolve, reject) => {
      let controller: Dispatcher.DispatchController | undefined;
      let settled = false;
      let status = 0;
      let answerHeaders: PostResult['headers'] = {};
      const answer = new BoundedBody(maxResponseBytes);
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(() => {
        // No controller yet (still connecting): the caller drops this connection, which ends the request.
        controller?.abort(new PostTimeoutError(timeoutMs));
        settle(() => reject(new PostTimeoutError(timeoutMs)));
      }, remainingMs);
      client.dispatch(
        { path: `${url.pathname}${url.search}`, method: 'POST', headers, body },
        {
          onRequestStart: (c) => {
            controller = c;
            if (settled) c.abort(new PostTimeoutError(timeoutMs));
          },
          onResponseStart: (_c, statusCode, h) => {
            // Called again after a 1xx: the final answer's status and headers win.
            status = statusCode;
            answerHeaders = h;
          },
          onResponseData: (_c, chunk) => answer.push(chunk),
          onResponseEnd: () => settle(() => resolve({ status, headers: answerHeaders, body: answer.text() })),
          onResponseError: (_c, error) => settle(() => reject(error)),
        },
      );
    });
  }

  close(): void {
    this.closed = true;
    for (const origin of this.origins.values()) {
      for (const w of origin.waiting.splice(0)) w.reject(new Error('The Sandbox is shutting down: no more deliveries.'));
      for (const c of origin.connections) c.client.destroy().catch(() => undefined);
      origin.connections.length = 0;
    }
    this.origins.clear();
  }
}
