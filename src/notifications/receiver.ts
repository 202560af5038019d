/**
 * The local notification receiver: a `node:http` server on 127.0.0.1 that answers Graph's
 * validation handshake at once (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks), persists every notification POST to the history *before*
 * answering 202 (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks: "persist or queue it, and return 202 within 3 s"), and hands it to
 * `onNotification` afterwards, asynchronously. Nothing a client sends can crash it.
 * No `vscode` import: unit-tested and benchmarked in plain Node.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { ChangeNotificationCollection } from '../graph/types';
import { nullLogger, type Logger } from '../util/logger';
import { sanitizeBody, type HistoryKind, type NotificationHistory } from './history';
import { describeSummary, RefusalSampler, truncatePath } from './refusalSampler';
import { eventGridHandshakeOrigin, type ArrivalChannel } from './channelNotifications';
import { historyText, HttpRefusal, isJsonContentType, kindOf, parseDeliveryBody } from './notificationBody';

export { MAX_JSON_DEPTH, maskClientStatesInText, parseDeliveryBody, parseNotificationBody } from './notificationBody';

export const NOTIFICATIONS_PATH = '/notifications';
export const LIFECYCLE_PATH = '/lifecycle';
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/**
 * Graph counts a delivery as failed without a 2xx within 3 s and gives up on a try after 10 s
 * (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#throttling):
 * a request still incomplete after 10 s, or whose headers take more than 5 s, is not Graph's and
 * gets a 408 (Node's defaults, 300 s and 60 s, let a slowloris hold memory for minutes).
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 5_000;
/** Open connections beyond this are closed at once (Graph uses a handful; each costs buffers). */
export const DEFAULT_MAX_CONNECTIONS = 256;
/**
 * Every request may buffer this much body on its own (Graph's notifications are a few KB), so
 * real traffic is always answered; beyond it, bodies draw on a shared budget, and a body that
 * would overdraw it gets a 503 (Graph retries) instead of growing memory without a cap.
 */
export const FREE_BODY_BYTES = 64 * 1024;
export const DEFAULT_LARGE_BODY_BUDGET = 16 * 1024 * 1024;
/** On every response: the handshake echoes input as text/plain, which a browser must not sniff into HTML. */
const NOSNIFF = { 'x-content-type-options': 'nosniff' } as const;
/** A notification POST that passed the HTTP checks and is in the history. */
export interface ReceivedNotification {
  /** History id. */
  id: string;
  receivedAt: string;
  /** Request path (`/notifications`, `/lifecycle`, or whatever the tunnel forwarded). */
  path: string;
  kind: Exclude<HistoryKind, 'rejected'>;
  body: ChangeNotificationCollection;
  /** The body exactly as received (for forwarding to the user's own app). */
  rawBody: Buffer;
  contentType: string;
  /** 'eventGrid' when the POST carried CloudEvents (unwrapped into `body`). */
  channel?: ArrivalChannel;
}

export interface ReceiverOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  maxBodyBytes?: number;
  history: NotificationHistory;
  /** Called after the 202 was sent; errors (sync or async) are logged, never thrown. */
  onNotification?: (received: ReceivedNotification) => unknown;
  /**
   * Runs before the notification is stored and answered: resolves with a refusal (a 4xx) for
   * input that is provably forged, which is then answered and recorded as rejected instead of
   * accepted. A screen that throws lets the notification through (checked afterwards as usual).
   */
  screen?: (body: ChangeNotificationCollection) => Promise<{ status: number; reason: string } | undefined>;
  /** Called after a handshake was answered (for the output channel); gets the masked token only. */
  onHandshake?: (info: { path: string; maskedToken: string; eventGridOrigin?: string }) => void;
  /**
   * Called when a request was refused with a 4xx (for the output channel); sampled like the
   * history: past the window's quota one summary call stands for `count` refusals.
   */
  onRejected?: (info: { status: number; reason: string; path: string; count?: number }) => void;
  /** Limits (defaults above); tests use smaller ones. */
  limits?: { requestTimeoutMs?: number; headersTimeoutMs?: number; maxConnections?: number; largeBodyBudget?: number };
  /** How many refusals per window are recorded in full (default 20 per 60 s). */
  refusalSampling?: { perWindow?: number; windowMs?: number };
  log?: Logger;
}

export interface ReceiverHandle {
  readonly port: number;
  /** http://127.0.0.1:PORT/notifications */
  readonly notificationUrl: string;
  /** http://127.0.0.1:PORT/lifecycle */
  readonly lifecycleUrl: string;
  close(): Promise<void>;
}

/**
 * Ends a connection whose body we refused: half-close first, so the client reads the status
 * before the reset that unread body bytes cause, then destroy it shortly after (the slot and its
 * buffers are freed either way; the body is no longer kept).
 */
function hangUp(req: http.IncomingMessage): void {
  req.socket.end();
  setTimeout(() => req.destroy(), 1_000).unref();
}

/** Starts the receiver on 127.0.0.1. Resolves when it listens. */
export async function startReceiver(options: ReceiverOptions): Promise<ReceiverHandle> {
  const log = options.log ?? nullLogger;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const history = options.history;

  const safely = (what: string, fn: () => unknown): void => {
    try {
      const r = fn();
      if (r && typeof (r as Promise<unknown>).then === 'function') {
        (r as Promise<unknown>).then(undefined, (e: unknown) => log.error(`${what} failed`, e));
      }
    } catch (e) {
      log.error(`${what} failed`, e);
    }
  };

  // Refusals are sampled: a flood of junk must not rotate accepted notifications out of the history.
  const pendingSummaries = new Set<Promise<void>>();
  const sampler = new RefusalSampler((summary) => {
    const reason = describeSummary(summary);
    const status = [...summary.byStatus].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 400;
    log.warn(reason);
    if (options.onRejected) safely('onRejected', () => options.onRejected!({ status, reason, path: '(various)', count: summary.count }));
    const p = history
      .appendReceived({ id: randomUUID(), receivedAt: new Date().toISOString(), kind: 'rejected', path: '(various)', rejection: { status, reason, count: summary.count } })
      .catch((e: unknown) => log.error('History append failed', e));
    pendingSummaries.add(p);
    void p.finally(() => pendingSummaries.delete(p));
  }, options.refusalSampling);

  const refuse = (req: http.IncomingMessage, res: http.ServerResponse, status: number, reason: string, closeAfter = false) => {
    if (!res.headersSent) {
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'text/plain; charset=utf-8', ...NOSNIFF };
      if (status === 405) headers.allow = 'POST';
      if (status === 503) headers['retry-after'] = '1';
      if (closeAfter) headers.connection = 'close';
      res.writeHead(status, headers);
      res.end(`${reason}\n`);
    }
    if (!sampler.admit(status)) return;
    const path = truncatePath((req.url ?? '/').split('?')[0]);
    log.warn(`${status} ${truncatePath(req.method ?? '?')} ${path}: ${reason}`);
    if (options.onRejected) safely('onRejected', () => options.onRejected!({ status, reason, path }));
    // Rejected requests are kept too (sampled), so "what arrived" includes what we refused.
    history
      .appendReceived({ id: randomUUID(), receivedAt: new Date().toISOString(), kind: 'rejected', path, rejection: { status, reason } })
      .catch((e: unknown) => log.error('History append failed', e));
  };

  // Processing runs after the 202s of this turn went out: one setImmediate for all of them.
  let toProcess: ReceivedNotification[] = [];
  const dispatch = (item: ReceivedNotification): void => {
    toProcess.push(item);
    if (toProcess.length > 1) return;
    setImmediate(() => {
      const batch = toProcess;
      toProcess = [];
      for (const received of batch) safely('Processing notification', () => options.onNotification!(received));
    });
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    req.on('error', (e) => log.debug(`Request error: ${e.message}`));
    res.on('error', (e) => log.debug(`Response error: ${e.message}`));
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;

    // https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks: the handshake comes first. URLSearchParams decodes percent-escapes (and '+'), which is
    // the "URL-decode the token" rule; the echo is the decoded token, as text/plain, at once.
    if (q >= 0 && url.includes('validationToken')) {
      const token = new URLSearchParams(url.slice(q + 1)).get('validationToken');
      if (token !== null && (req.method === 'POST' || req.method === 'GET')) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(token), ...NOSNIFF });
        res.end(token);
        req.resume();
        const maskedToken = token.length <= 8 ? '****' : `${token.slice(0, 4)}…(${token.length} chars)`;
        log.debug(`Handshake answered on ${path}`);
        if (options.onHandshake) safely('onHandshake', () => options.onHandshake!({ path, maskedToken }));
        return;
      }
    }

    // Event Grid's CloudEvents abuse-protection handshake: allow the origin at once.
    const origin = eventGridHandshakeOrigin(req.method, req.headers);
    if (origin !== undefined) {
      res.writeHead(200, { 'webhook-allowed-origin': origin, 'webhook-allowed-rate': '*', allow: 'POST, OPTIONS', 'content-length': 0 });
      res.end();
      req.resume();
      if (options.onHandshake) safely('onHandshake', () => options.onHandshake!({ path, maskedToken: '', eventGridOrigin: origin }));
      return;
    }

    if (req.method !== 'POST') {
      req.resume();
      refuse(req, res, 405, `Method ${req.method ?? '?'} not allowed; Graph sends POST`);
      return;
    }
    const contentType = req.headers['content-type'];
    if (!isJsonContentType(contentType)) {
      req.resume();
      refuse(req, res, 415, `Unsupported content type "${contentType ?? '(none)'}"; expected application/json`);
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      refuse(req, res, 413, `Body of ${declared} bytes exceeds the ${maxBodyBytes}-byte limit`, true);
      res.on('finish', () => hangUp(req));
      return;
    }

    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = false;
    // Bytes this request drew from the shared budget, returned when it ends however it ends.
    let drawn = 0;
    const giveBack = () => {
      largeBodyBytes -= drawn;
      drawn = 0;
    };
    req.on('close', giveBack);
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      received += chunk.length;
      if (received > maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
        giveBack();
        refuse(req, res, 413, `Body exceeds the ${maxBodyBytes}-byte limit`, true);
        res.on('finish', () => hangUp(req));
        return;
      }
      const need = Math.max(0, received - FREE_BODY_BYTES) - drawn;
      if (need > 0) {
        if (largeBodyBytes + need > largeBodyBudget) {
          tooLarge = true;
          chunks.length = 0;
          giveBack();
          refuse(req, res, 503, `Too many large bodies in flight (${largeBodyBudget} bytes); retry later`, true);
          res.on('finish', () => hangUp(req));
          return;
        }
        largeBodyBytes += need;
        drawn += need;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge || res.headersSent) return;
      const rawBody = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      let body: ChangeNotificationCollection;
      let channel: ArrivalChannel;
      const text = rawBody.toString('utf8');
      try {
        ({ body, channel } = parseDeliveryBody(text));
      } catch (error) {
        if (error instanceof HttpRefusal) refuse(req, res, error.status, error.message);
        else refuse(req, res, 400, 'Unreadable body');
        return;
      }
      if (options.screen) {
        options.screen(body).then(
          (refusal) => (refusal ? refuse(req, res, refusal.status, refusal.reason) : accept(body, channel, text, rawBody)),
          (error: unknown) => {
            log.error('Screening the notification failed; accepting it', error);
            accept(body, channel, text, rawBody);
          },
        );
        return;
      }
      accept(body, channel, text, rawBody);
    });

    /** Stores the notification, answers 202 once it is stored, then hands it to processing. */
    const accept = (body: ChangeNotificationCollection, channel: ArrivalChannel, text: string, rawBody: Buffer): void => {
      if (res.headersSent || res.destroyed) return;
      const kind = kindOf(body);
      const id = randomUUID();
      const receivedAt = new Date().toISOString();
      // clientState is a shared secret: never persisted as received (sanitizeBody masks it).
      // Hot path: keep the text as received (no re-serialisation), with clientStates masked in
      // the text when that is provably complete; otherwise mask on the parsed body.
      // CloudEvents are kept unwrapped (Graph's shape) in the history, so never as the raw text.
      const fastText = channel !== 'webhook' ? undefined : historyText(body, text);
      const sanitized = fastText === undefined ? sanitizeBody(body) : { body: undefined, tokenCount: 0 };
      history
        .appendReceived(
          { id, receivedAt, kind, path, body: sanitized.body, ...(sanitized.tokenCount ? { validationTokenCount: sanitized.tokenCount } : {}) },
          fastText,
        )
        .then(
          () => {
            // 202 only once the notification is in the history (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks "persist, then 202").
            if (!res.destroyed) {
              res.writeHead(202, { 'content-length': 0, ...NOSNIFF });
              res.end();
            }
            if (options.onNotification) {
              const item: ReceivedNotification = {
                id, receivedAt, path, kind, body, rawBody, contentType: contentType ?? 'application/json', ...(channel !== 'webhook' ? { channel } : {}),
              };
              dispatch(item);
            }
          },
          (error: unknown) => {
            // Not persisted: 5xx so that Graph retries (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks).
            log.error('History append failed', error);
            if (!res.headersSent) {
              res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1', ...NOSNIFF });
              res.end('Could not persist the notification\n');
            }
          },
        );
    };
  };

  const limits = options.limits ?? {};
  const largeBodyBudget = limits.largeBodyBudget ?? DEFAULT_LARGE_BODY_BUDGET;
  let largeBodyBytes = 0;
  const server = http.createServer(
    {
      requestTimeout: limits.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      headersTimeout: limits.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
      // How often Node checks those timeouts (default 30 s, far too coarse for them).
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      log.error('Receiver request failed', error);
      if (!res.headersSent) {
        res.writeHead(500, NOSNIFF);
        res.end();
      }
    }
  },
  );
  server.maxConnections = limits.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  // A connection that sends nothing at all is not covered by the headers timeout (it starts with
  // the first byte): close sockets idle that long, so silent connections cannot hold the slots.
  server.timeout = limits.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    log.debug(`Client error: ${error.code ?? error.message}`);
    if (socket.writable && error.code !== 'ECONNRESET') {
      // Headers or body too slow (Node's request/headers timeouts): 408, as Node itself answers.
      const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\nx-content-type-options: nosniff\r\ncontent-length: 0\r\n\r\n`);
    } else {
      socket.destroy();
    }
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (e) => log.error('Receiver server error', e));
  const port = (server.address() as AddressInfo).port;
  log.info(`Receiver listening on http://127.0.0.1:${port}`);

  let closing: Promise<void> | undefined;
  return {
    port,
    notificationUrl: `http://127.0.0.1:${port}${NOTIFICATIONS_PATH}`,
    lifecycleUrl: `http://127.0.0.1:${port}${LIFECYCLE_PATH}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        log.info(`Receiver on port ${port} stopped`);
      }).then(async () => {
        sampler.dispose();
        await Promise.all([...pendingSummaries]);
      });
      return closing;
    },
  };
}
