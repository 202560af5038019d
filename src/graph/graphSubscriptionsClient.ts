/**
 * `SubscriptionsClient` over `@microsoft/microsoft-graph-client`, for real clouds and the sandbox
 * alike: only the base URL and the token source differ. Pure (no `vscode`).
 *
 * Middleware chain: bearer token → the SDK's RetryHandler (429/503/504, honours `Retry-After`) →
 * the SDK's HTTPMessageHandler (global fetch). We add the token ourselves instead of using the
 * SDK's AuthenticationHandler because that one only signs `https://` URLs of Graph hosts or
 * `customHosts`, and the sandbox emulator listens on plain `http://127.0.0.1`. Ours signs exactly
 * the account's Graph origin, so a `@odata.nextLink` pointing elsewhere never receives the token.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type * as GraphClientLib from '../lazy/graphClient';
import { loadLazy } from '../util/lazy';
import type { Logger } from '../util/logger';
import { GraphRequestError, parseGraphErrorBody } from './errors';
import { describeGraphRetry, notifyGraphRetry } from './retryReporter';
import type { CreateOptions, GetJsonOptions, Subscription, SubscriptionDraft, SubscriptionPage, SubscriptionsClient, SubscriptionUpdate } from './types';

export interface GraphSubscriptionsClientOptions {
  /** Graph service root including the version, e.g. `https://graph.microsoft.com/v1.0` or the emulator's `graphBaseUrl`. */
  graphBaseUrl: string;
  /** Returns a current access token (acquiring or refreshing as needed). */
  getAccessToken: () => Promise<string>;
  /** RetryHandler settings: seconds between tries when Graph sends no Retry-After, and tries. */
  retry?: { delaySeconds?: number; maxRetries?: number };
  log?: Logger;
  /** For tests: the library module (defaults to the lazily loaded bundle). */
  lib?: typeof GraphClientLib;
}

/** Splits `https://host/v1.0` into the SDK's `baseUrl` (`https://host/`) and `defaultVersion` (`v1.0`). */
export function splitGraphBaseUrl(graphBaseUrl: string): { baseUrl: string; version: string; origin: string } {
  const url = new URL(graphBaseUrl.replace(/\/+$/, ''));
  const segments = url.pathname.split('/').filter(Boolean);
  const version = segments.pop() ?? 'v1.0';
  const prefix = segments.length > 0 ? `/${segments.join('/')}/` : '/';
  return { baseUrl: `${url.origin}${prefix}`, version, origin: url.origin };
}

export class GraphSubscriptionsClient implements SubscriptionsClient {
  private readonly client: GraphClientLib.Client;
  private readonly base: { baseUrl: string; version: string; origin: string };

  constructor(private readonly options: GraphSubscriptionsClientOptions) {
    const lib = options.lib ?? loadLazy<typeof GraphClientLib>('graphClient');
    this.base = splitGraphBaseUrl(options.graphBaseUrl);
    const auth = new BearerTokenMiddleware(this.base.origin, options.getAccessToken);
    const delaySeconds = options.retry?.delaySeconds ?? 3;
    const maxRetries = options.retry?.maxRetries ?? 3;
    // shouldRetry runs just before the SDK waits and retries: the moment to tell the user (progress) and the log.
    const shouldRetry = (delay: number, attempt: number, request: RequestInfo, init: RequestInit | undefined, response: Response): boolean => {
      const header = response.headers.get('Retry-After');
      const named = header !== null && header.trim() !== '' && Number.isFinite(Number(header));
      const method = (typeof request === 'string' ? init?.method : request.method) ?? 'GET';
      const retry = { status: response.status, waitSeconds: named ? Number(header) : delay, fromRetryAfter: named, retry: attempt + 1, maxRetries, method };
      options.log?.info(`${method} ${new URL(typeof request === 'string' ? request : request.url).pathname}: ${describeGraphRetry(retry)}`);
      notifyGraphRetry(retry);
      return true;
    };
    const retry = new lib.RetryHandler(new lib.RetryHandlerOptions(delaySeconds, maxRetries, shouldRetry));
    const http = new lib.HTTPMessageHandler();
    this.client = lib.Client.initWithMiddleware({
      baseUrl: this.base.baseUrl,
      defaultVersion: this.base.version,
      middleware: [auth, retry, http],
    });
  }

  async listAll(signal?: AbortSignal): Promise<Subscription[]> {
    const all: Subscription[] = [];
    let path: string | undefined = '/subscriptions';
    while (path) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('Aborted');
      const page: SubscriptionPage = await this.call('GET', path, () => this.client.api(path as string).get() as Promise<SubscriptionPage>);
      all.push(...(page.value ?? []));
      const next: string | undefined = page['@odata.nextLink'];
      path = next ? this.relativeToBase(next) : undefined;
    }
    return all;
  }

  get(id: string): Promise<Subscription> {
    const path = `/subscriptions/${encodeURIComponent(id)}`;
    return this.call('GET', path, () => this.client.api(path).get() as Promise<Subscription>);
  }

  create(draft: SubscriptionDraft, options?: CreateOptions): Promise<Subscription> {
    return this.call('POST', '/subscriptions', () => {
      const request = this.client.api('/subscriptions');
      if (options?.headers) request.headers(options.headers);
      return request.post(draft) as Promise<Subscription>;
    });
  }

  update(id: string, patch: SubscriptionUpdate): Promise<Subscription> {
    const path = `/subscriptions/${encodeURIComponent(id)}`;
    return this.call('PATCH', path, () => this.client.api(path).patch(patch) as Promise<Subscription>);
  }

  async delete(id: string): Promise<void> {
    const path = `/subscriptions/${encodeURIComponent(id)}`;
    await this.call('DELETE', path, () => this.client.api(path).delete() as Promise<unknown>);
  }

  async reauthorize(id: string): Promise<void> {
    const path = `/subscriptions/${encodeURIComponent(id)}/reauthorize`;
    await this.call('POST', path, () => this.client.api(path).post(undefined) as Promise<unknown>);
  }

  async getJson(pathOrLink: string, options: GetJsonOptions = {}): Promise<unknown> {
    const path = this.pathOf(pathOrLink);
    if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : new Error('Aborted');
    return this.call('GET', path, () => {
      const request = this.client.api(path);
      if (options.headers) request.headers(options.headers);
      return request.get() as Promise<unknown>;
    });
  }

  /**
   * A relative path, or a link on the account's own Graph root made relative. A link elsewhere is
   * refused: Graph's nextLink/deltaLink always point at the same service root, and the token must
   * not go anywhere else.
   */
  private pathOf(pathOrLink: string): string {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(pathOrLink)) return `/${pathOrLink.replace(/^\/+/, '')}`;
    const relative = this.relativeToBase(pathOrLink);
    if (relative === pathOrLink) throw new Error(`Refusing to follow a link outside ${this.base.baseUrl}${this.base.version}: ${pathOrLink.split('?')[0]}`);
    return relative;
  }

  /**
   * The SDK only strips `https://host/version/` from absolute paths; the sandbox's nextLink is
   * `http://…`, so links on our own base become relative paths here.
   */
  private relativeToBase(link: string): string {
    const prefix = `${this.base.baseUrl}${this.base.version}/`;
    if (link.startsWith(prefix)) return `/${link.slice(prefix.length)}`;
    return link;
  }

  private async call<T>(method: string, path: string, run: () => Promise<T>): Promise<T> {
    // Acquire the token outside the SDK first, so a sign-in failure keeps its own error type (inside
    // the middleware chain the SDK would turn it into an anonymous GraphError). The middleware then
    // gets the cached token.
    await this.options.getAccessToken();
    try {
      return await run();
    } catch (error) {
      const converted = toGraphRequestError(error, `${this.base.baseUrl}${this.base.version}${path.split('?')[0]}`);
      this.options.log?.warn(`${method} ${path.split('?')[0]} → ${converted.status || 'network error'} ${converted.code ?? ''}`.trim());
      throw converted;
    }
  }
}

/** Adds `Authorization: Bearer` to requests for the account's Graph origin only. */
class BearerTokenMiddleware implements Middleware {
  private next: Middleware | undefined;
  constructor(
    private readonly origin: string,
    private readonly getAccessToken: () => Promise<string>,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    let sameOrigin = false;
    try {
      sameOrigin = new URL(url).origin === this.origin;
    } catch {
      sameOrigin = false;
    }
    if (sameOrigin) {
      const token = await this.getAccessToken();
      context.options = context.options ?? {};
      const headers = context.options.headers;
      if (headers instanceof Headers) headers.set('Authorization', `Bearer ${token}`);
      else context.options.headers = { ...(headers as Record<string, string> | undefined), Authorization: `Bearer ${token}` };
    }
    if (!this.next) throw new Error('BearerTokenMiddleware must not be last in the chain');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Converts the SDK's GraphError (or a fetch failure) into our `GraphRequestError`. */
export function toGraphRequestError(error: unknown, url?: string): GraphRequestError {
  if (error instanceof GraphRequestError) return error;
  const e = error as { statusCode?: unknown; code?: unknown; body?: unknown; requestId?: unknown; headers?: Headers; message?: unknown } | undefined;
  const status = typeof e?.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : 0;
  if (status === 0) {
    // The SDK wraps network failures in a GraphError(-1) whose body is the original error's text.
    return GraphRequestError.network(error, url);
  }
  // The SDK keeps Graph's `error` object (not the envelope) as a JSON string in `body`.
  const bodyText = typeof e?.body === 'string' ? e.body : undefined;
  let body = parseGraphErrorBody(bodyText);
  if (!body && bodyText) body = parseGraphErrorBody(`{"error":${bodyText}}`);
  const code = body?.error.code ?? (typeof e?.code === 'string' ? e.code : undefined);
  const graphMessage = body?.error.message ?? (typeof e?.message === 'string' && e.message ? e.message : undefined);
  const requestId = body?.error.innerError?.['request-id'] ?? (typeof e?.requestId === 'string' ? e.requestId : undefined);
  const retryAfterRaw = e?.headers?.get?.('Retry-After');
  const retryAfterSeconds = retryAfterRaw ? Number(retryAfterRaw) : undefined;
  return new GraphRequestError(
    `Graph returned ${status}${code ? ` ${code}` : ''}${graphMessage ? `: ${graphMessage}` : ''}`,
    status,
    code,
    graphMessage,
    requestId,
    body,
    { cause: error, url, retryAfterSeconds: Number.isFinite(retryAfterSeconds) ? retryAfterSeconds : undefined },
  );
}
