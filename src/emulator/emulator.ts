/**
 * The local Microsoft Graph: `/v1.0/subscriptions` with Graph's shapes, status codes and error
 * bodies; validation handshake; sandbox tokens and OpenID/JWKS endpoints; simulated change and
 * lifecycle notifications (basic and rich); expiry; optional JSON persistence. Pure Node.
 */
import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AccountKind } from '../catalog/types';
import type { ChangeNotification, ChangeNotificationCollection, LifecycleEvent, Subscription } from '../graph/types';
import { nullLogger, type Logger } from '../util/logger';
import { DeliveryEngine, maskUrl, type DeliveryAttempt, type DeliveryCounters, type DeliveryReport } from './delivery';
import { encryptResourceData, parseEncryptionCertificate } from './encryptResourceData';
import { EmulatorHttpError, graphErrorBody, Messages } from './errors';
import { runHandshake } from './handshake';
import { startChannels, type ChannelDelivery } from './channelDelivery';
import { HttpPoster } from './httpClient';
import { checkRequestRules, checkPermission, checkQuotas } from './policy';
import { sampleChange } from './resourceData';
import { checkPatchShape, checkUrl, clampExpiration, isLoopbackHost, isNonWebhookUrl } from './rules';
import { SubscriptionStore, type StoredSubscription } from './store';
import { TokenAuthority, servicePrincipalId, validationTokenIssuer, type Principal, type TokenRequest } from './tokens';

export interface EmulatorFault {
  /** HTTP status to answer with, e.g. 429 or 503. */
  status: number;
  /** `Retry-After` in seconds (fractions allowed, like Graph's `2.128`). */
  retryAfterSeconds?: number;
  /** Only requests with this method (default: any). */
  method?: string;
  /** Only requests whose path starts with this (default: any `/v1.0/` path). */
  pathPrefix?: string;
  /** How many requests get the fault (default 1). */
  count?: number;
}

export interface EmulatorOptions {
  /** Default 0 = a free port; always binds 127.0.0.1. */
  port?: number;
  /** JSON file for persistence; undefined = memory only. */
  statePath?: string;
  /** Default false: http://127.0.0.1 / localhost notification URLs are allowed (sandbox). */
  strictHttps?: boolean;
  /** Default 10000. */
  handshakeTimeoutMs?: number;
  /** First delivery try, default 3000. */
  deliveryTimeoutMs?: number;
  /** Later tries, default 10000. */
  retryTimeoutMs?: number;
  /** Tries per notification POST, first included; default 3. */
  maxDeliveryAttempts?: number;
  /** Backoff before the first retry, doubled each time; default 1000. */
  retryBackoffMs?: number;
  /** Notification items per POST, default 100. */
  maxBatchSize?: number;
  /** List paging, default 100. */
  pageSize?: number;
  /** Test clock. */
  now?: () => Date;
  log?: Logger;
  /** Faults answered before the real handler, e.g. 429 with Retry-After. */
  faults?: EmulatorFault[];
  /** Host a local Event Hubs endpoint for `EventHub:` subscriptions (see channelDelivery.ts). */
  eventHubs?: { port?: number; partitionCount?: number };
  /** Webhook handler that `EventGrid:` subscriptions deliver CloudEvents to. */
  eventGridEndpoint?: string;
  /** CloudEvents per Event Grid POST (1 = single events, the default). */
  eventGridBatchSize?: number;
}

export interface SimulateChangeOptions {
  changeType?: string;
  count?: number;
  /** Properties merged into the generated resource (rich notifications). */
  resourceData?: Record<string, unknown>;
}

export interface Emulator {
  readonly baseUrl: string;
  readonly graphBaseUrl: string;
  readonly openIdConfigurationUrl: string;
  readonly jwksUrl: string;
  readonly tenantId: string;
  issueToken(request: TokenRequest): Promise<string>;
  simulateChange(subscriptionId: string, options?: SimulateChangeOptions): Promise<DeliveryReport>;
  simulateLifecycleEvent(subscriptionId: string, event: LifecycleEvent): Promise<DeliveryReport>;
  deliveryLog(): readonly DeliveryAttempt[];
  counters(): DeliveryCounters;
  /** Queues a fault (e.g. 429 + Retry-After) for the next matching Graph request(s). */
  injectFault(fault: EmulatorFault): void;
  /** Event Hubs endpoint and Event Grid handler of `EventHub:`/`EventGrid:` subscriptions. */
  readonly channels: ChannelDelivery | undefined;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;
const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];

interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  clientRequestId: string | undefined;
  requestId: string;
}

export class GraphEmulator implements Emulator {
  baseUrl = '';
  graphBaseUrl = '';
  openIdConfigurationUrl = '';
  jwksUrl = '';
  private readonly server: http.Server;
  private readonly engine: DeliveryEngine;
  private readonly now: () => Date;
  private readonly log: Logger;
  private readonly faults: EmulatorFault[] = [];
  private purgeTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Set<Promise<unknown>>();
  channels: ChannelDelivery | undefined;

  constructor(
    private readonly options: EmulatorOptions,
    private readonly store: SubscriptionStore,
    private readonly authority: TokenAuthority,
  ) {
    this.now = options.now ?? (() => new Date());
    this.log = (options.log ?? nullLogger).child('emulator');
    this.engine = new DeliveryEngine(
      new HttpPoster(),
      {
        firstTimeoutMs: options.deliveryTimeoutMs ?? 3000,
        retryTimeoutMs: options.retryTimeoutMs ?? 10000,
        maxAttempts: Math.max(1, options.maxDeliveryAttempts ?? 3),
        backoffBaseMs: options.retryBackoffMs ?? 1000,
      },
      this.now,
      this.log.child('delivery'),
    );
    for (const f of options.faults ?? []) this.injectFault(f);
    this.server = http.createServer((req, res) => {
      const p = this.handle(req, res);
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    });
    this.server.keepAliveTimeout = 5000;
  }

  get tenantId(): string {
    return this.store.tenantId;
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    this.baseUrl = `http://127.0.0.1:${actual}`;
    this.graphBaseUrl = `${this.baseUrl}/v1.0`;
    this.openIdConfigurationUrl = `${this.baseUrl}/${this.tenantId}/v2.0/.well-known/openid-configuration`;
    this.jwksUrl = `${this.baseUrl}/common/discovery/v2.0/keys`;
    this.channels = await startChannels({ ...this.options, now: this.now, log: this.log }, (a) => this.engine.record(a));
    this.schedulePurge();
    this.log.info(`Graph emulator listening on ${this.baseUrl} (tenant ${this.tenantId})`);
  }

  issueToken(request: TokenRequest): Promise<string> {
    return this.authority.issueAccessToken(request, { tenantId: this.tenantId }, this.now());
  }

  deliveryLog(): readonly DeliveryAttempt[] {
    return this.engine.attempts();
  }

  counters(): DeliveryCounters {
    return this.engine.counters();
  }

  injectFault(fault: EmulatorFault): void {
    this.faults.push({ ...fault, count: fault.count ?? 1 });
  }

  async close(): Promise<void> {
    if (this.purgeTimer) clearTimeout(this.purgeTimer);
    this.engine.close();
    await this.channels?.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await Promise.allSettled([...this.pending]);
    await this.store.flush();
  }

  // ---- expiry ---------------------------------------------------------------------------------

  private purge(): void {
    const gone = this.store.purgeExpired(this.now());
    for (const id of gone) this.log.info(`subscription ${id} expired and was removed`);
  }

  /** Removes expired subscriptions when they expire (timer), besides lazily on every access. */
  private schedulePurge(): void {
    if (this.purgeTimer) clearTimeout(this.purgeTimer);
    const next = this.store.nextExpiry();
    if (next === undefined) return;
    const delay = Math.min(Math.max(next - this.now().getTime(), 0) + 50, 60_000);
    this.purgeTimer = setTimeout(() => {
      this.purge();
      this.schedulePurge();
    }, delay);
    this.purgeTimer.unref();
  }

  private live(id: string): StoredSubscription | undefined {
    this.purge();
    return this.store.get(id);
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const header = req.headers['client-request-id'];
    const ctx: Ctx = { req, res, url, clientRequestId: Array.isArray(header) ? header[0] : header, requestId: randomUUID() };
    try {
      await this.route(ctx);
    } catch (error) {
      if (error instanceof EmulatorHttpError) {
        this.sendError(ctx, error);
      } else {
        this.log.error(`${req.method} ${url.pathname} failed`, error);
        this.sendError(ctx, new EmulatorHttpError(500, 'generalException', 'An unexpected error occurred in the Graph emulator.'));
      }
    }
  }

  private sendJson(ctx: Ctx, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (ctx.res.headersSent) return;
    const text = body === undefined ? '' : JSON.stringify(body);
    ctx.res.writeHead(status, {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8' }),
      'request-id': ctx.requestId,
      'client-request-id': ctx.clientRequestId ?? ctx.requestId,
      'Cache-Control': 'no-cache',
      ...headers,
    });
    ctx.res.end(text);
  }

  private sendError(ctx: Ctx, error: EmulatorHttpError): void {
    this.sendJson(ctx, error.status, graphErrorBody(error.code, error.message, this.now(), ctx.clientRequestId, ctx.requestId), error.headers);
  }

  private async readJson(ctx: Ctx): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) throw new EmulatorHttpError(413, 'RequestEntityTooLarge', 'The request body is too large.');
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new EmulatorHttpError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    }
  }

  private takeFault(method: string, path: string): EmulatorFault | undefined {
    const i = this.faults.findIndex(
      (f) => (!f.method || f.method.toUpperCase() === method) && (f.pathPrefix ? path.startsWith(f.pathPrefix) : path.startsWith('/v1.0/')),
    );
    if (i < 0) return undefined;
    const f = this.faults[i];
    f.count = (f.count ?? 1) - 1;
    if (f.count <= 0) this.faults.splice(i, 1);
    return f;
  }

  private async route(ctx: Ctx): Promise<void> {
    const method = (ctx.req.method ?? 'GET').toUpperCase();
    const path = ctx.url.pathname.replace(/\/+$/, '') || '/';
    const fault = this.takeFault(method, path + '/');
    if (fault) {
      ctx.req.resume();
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
      const code = fault.status === 429 ? 'TooManyRequests' : fault.status === 503 ? 'serviceNotAvailable' : 'generalException';
      throw new EmulatorHttpError(fault.status, code, Messages.throttled, headers);
    }

    // Emulator-only endpoints (loopback, no token): drive the emulator from curl or the CLI.
    if (path.startsWith('/_emulator')) {
      // They mint tokens without credentials, so refuse what a web page could send: a foreign Origin
      // (cross-site request) or a non-loopback Host (DNS rebinding).
      if (!isLoopbackAuthority(ctx.req.headers.host) || (ctx.req.headers.origin !== undefined && !isLoopbackOrigin(ctx.req.headers.origin))) {
        ctx.req.resume();
        throw new EmulatorHttpError(403, 'accessDenied', 'The /_emulator endpoints answer only local tools (curl, the CLI), not web pages or other hosts.');
      }
      return this.routeControl(ctx, method, path);
    }

    // OpenID configuration and keys (validationTokens and bearer tokens are signed with them).
    const oidc = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    if (oidc && method === 'GET') {
      const tenant = oidc[1] === 'common' || oidc[1] === 'organizations' ? '{tenantid}' : oidc[1];
      return this.sendJson(ctx, 200, {
        issuer: validationTokenIssuer(tenant),
        jwks_uri: this.jwksUrl,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint: `${this.baseUrl}/_emulator/token`,
        response_types_supported: ['code', 'id_token', 'token'],
        subject_types_supported: ['pairwise'],
        tenant_region_scope: 'EU',
        cloud_instance_name: 'graph-subscriptions-emulator',
      });
    }
    if ((path === '/common/discovery/v2.0/keys' || path === '/common/discovery/keys') && method === 'GET') {
      return this.sendJson(ctx, 200, this.authority.jwks());
    }

    const m = /^\/v1\.0\/subscriptions(?:\/([^/]+))?(?:\/(reauthorize))?$/i.exec(path);
    if (!m) {
      ctx.req.resume();
      if (/^\/(v1\.0|beta)\//i.test(path)) {
        throw new EmulatorHttpError(400, 'BadRequest', `Resource not found for the segment '${path.split('/').pop()}'. The Graph emulator serves only /v1.0/subscriptions.`);
      }
      throw new EmulatorHttpError(404, 'NotFound', `No route for ${method} ${path}.`);
    }
    const principal = await this.authority.authenticate(ctx.req.headers.authorization, this.now());
    const id = m[1] ? decodeURIComponent(m[1]) : undefined;
    if (m[2]) {
      if (method !== 'POST') throw methodNotAllowed(method);
      ctx.req.resume();
      return this.reauthorize(ctx, principal, id!);
    }
    if (id === undefined) {
      if (method === 'GET') {
        ctx.req.resume();
        return this.list(ctx, principal);
      }
      if (method === 'POST') return this.create(ctx, principal, await this.readJson(ctx));
      throw methodNotAllowed(method);
    }
    if (method === 'GET') {
      ctx.req.resume();
      return this.sendJson(ctx, 200, { '@odata.context': `${GRAPH_CONTEXT}#subscriptions/$entity`, ...this.owned(principal, id, 'get').subscription });
    }
    if (method === 'PATCH') return this.update(ctx, principal, id, await this.readJson(ctx));
    if (method === 'DELETE') {
      ctx.req.resume();
      this.owned(principal, id, 'delete');
      this.store.delete(id);
      this.schedulePurge();
      return this.sendJson(ctx, 204, undefined);
    }
    throw methodNotAllowed(method);
  }

  // ---- /v1.0/subscriptions ----------------------------------------------------------------------

  /** The caller's subscriptions: same tenant and app; delegated callers see only their own [§4.2]. */
  private visibleTo(principal: Principal): StoredSubscription[] {
    this.purge();
    return this.store
      .all()
      .filter(
        (s) =>
          s.tenantId === principal.tenantId &&
          s.subscription.applicationId === principal.appId &&
          (principal.accountKind === 'application' || s.subscription.creatorId === principal.objectId),
      );
  }

  /** A subscription the caller may act on, or 404 (Graph does not reveal others' subscriptions). */
  private owned(principal: Principal, id: string, operation: 'get' | 'update' | 'delete' | 'reauthorize'): StoredSubscription {
    const s = this.live(id);
    if (!s || !this.visibleTo(principal).includes(s)) throw new EmulatorHttpError(404, 'ResourceNotFound', Messages.notFound(id));
    const denied = checkPermission(s.subscription.resource, principal, operation);
    if (denied) throw denied;
    return s;
  }

  private list(ctx: Ctx, principal: Principal): void {
    const all = this.visibleTo(principal);
    const pageSize = Math.max(1, this.options.pageSize ?? 100);
    const skipToken = ctx.url.searchParams.get('$skiptoken');
    let offset = 0;
    if (skipToken) {
      const decoded = Number(Buffer.from(skipToken, 'base64url').toString('utf8').replace(/^offset:/, ''));
      if (!Number.isInteger(decoded) || decoded < 0) throw new EmulatorHttpError(400, 'BadRequest', 'Invalid $skiptoken.');
      offset = decoded;
    }
    const page = all.slice(offset, offset + pageSize);
    const body: Record<string, unknown> = {
      '@odata.context': `${GRAPH_CONTEXT}#subscriptions`,
      value: page.map((s) => ({ ...s.subscription, clientState: null })),
    };
    if (offset + pageSize < all.length) {
      const token = Buffer.from(`offset:${offset + pageSize}`, 'utf8').toString('base64url');
      body['@odata.nextLink'] = `${this.graphBaseUrl}/subscriptions?$skiptoken=${token}`;
    }
    this.sendJson(ctx, 200, body);
  }

  private async create(ctx: Ctx, principal: Principal, body: unknown): Promise<void> {
    if (!isObject(body)) throw new EmulatorHttpError(400, 'InvalidRequest', Messages.badPayload);
    const now = this.now();
    const existing = this.visibleTo(principal).map((s) => s.subscription);
    const ruleError =
      checkRequestRules(body, { operation: 'create', principal, existing, now, allowLoopbackHttp: !this.options.strictHttps }) ??
      checkUrl('notificationUrl', body.notificationUrl, this.options.strictHttps ?? false) ??
      checkUrl('lifecycleNotificationUrl', body.lifecycleNotificationUrl, this.options.strictHttps ?? false);
    if (ruleError) throw ruleError;
    const resource = String(body.resource);
    // Create permissions were checked by the validator (grantedPermissions = the token's).
    const dup = findDuplicate(existing, resource, String(body.changeType));
    if (dup) throw new EmulatorHttpError(409, 'Conflict', Messages.duplicate(dup.id));
    const quota = checkQuotas(resource, principal, this.store.all());
    if (quota) throw quota;
    if (body.includeResourceData === true && typeof body.encryptionCertificate === 'string') certificateOr400(body.encryptionCertificate);

    const id = randomUUID();
    await this.handshakes(id, [body.notificationUrl, body.lifecycleNotificationUrl]);
    // The handshake took time: another request may have created the same subscription meanwhile.
    const dupAfter = findDuplicate(this.visibleTo(principal).map((s) => s.subscription), resource, String(body.changeType));
    if (dupAfter) throw new EmulatorHttpError(409, 'Conflict', Messages.duplicate(dupAfter.id));

    const subscription: Subscription = {
      id,
      resource,
      applicationId: principal.appId,
      changeType: String(body.changeType),
      clientState: str(body.clientState),
      notificationUrl: String(body.notificationUrl),
      notificationQueryOptions: str(body.notificationQueryOptions),
      lifecycleNotificationUrl: str(body.lifecycleNotificationUrl),
      expirationDateTime: clampExpiration(String(body.expirationDateTime), now),
      creatorId: principal.objectId,
      includeResourceData: typeof body.includeResourceData === 'boolean' ? body.includeResourceData : null,
      latestSupportedTlsVersion: str(body.latestSupportedTlsVersion) ?? 'v1_2',
      encryptionCertificate: str(body.encryptionCertificate),
      encryptionCertificateId: str(body.encryptionCertificateId),
      notificationUrlAppId: str(body.notificationUrlAppId),
      notificationContentType: 'application/json',
    };
    this.store.add({ subscription, tenantId: principal.tenantId, accountKind: principal.accountKind });
    this.schedulePurge();
    this.log.info(`created subscription ${id} on ${resource} (${subscription.changeType})`);
    this.sendJson(ctx, 201, { '@odata.context': `${GRAPH_CONTEXT}#subscriptions/$entity`, ...subscription }, {
      Location: `${this.graphBaseUrl}/subscriptions/${id}`,
    });
  }

  private async update(ctx: Ctx, principal: Principal, id: string, body: unknown): Promise<void> {
    if (!isObject(body)) throw new EmulatorHttpError(400, 'InvalidRequest', Messages.badPayload);
    const stored = this.owned(principal, id, 'update');
    const original = stored.subscription;
    const now = this.now();
    const existing = this.visibleTo(principal).map((s) => s.subscription);
    const ruleError =
      checkRequestRules(body, { operation: 'update', principal, existing, original, now, allowLoopbackHttp: !this.options.strictHttps }) ??
      checkPatchShape(body, original) ??
      checkUrl('notificationUrl', body.notificationUrl, this.options.strictHttps ?? false);
    if (ruleError) throw ruleError;
    const merged: Record<string, unknown> = { ...original };
    for (const key of Object.keys(body)) if (key !== 'lifecycleNotificationUrl' && !key.startsWith('@odata.')) merged[key] = body[key];
    if (merged.includeResourceData === true && typeof merged.encryptionCertificate === 'string') certificateOr400(merged.encryptionCertificate);
    // [UNDOCUMENTED] whether Graph re-validates a changed notificationUrl (§5); we do: it is the safe reading.
    if (typeof body.notificationUrl === 'string' && body.notificationUrl !== original.notificationUrl) {
      await this.handshakes(id, [body.notificationUrl]);
    }
    const current = this.live(id);
    if (!current) throw new EmulatorHttpError(404, 'ResourceNotFound', Messages.notFound(id));
    const updated: Subscription = {
      ...current.subscription,
      notificationUrl: String(merged.notificationUrl),
      expirationDateTime: clampExpiration(String(merged.expirationDateTime), now),
      encryptionCertificate: str(merged.encryptionCertificate),
      encryptionCertificateId: str(merged.encryptionCertificateId),
    };
    this.store.replace(id, updated);
    this.schedulePurge();
    this.sendJson(ctx, 200, { '@odata.context': `${GRAPH_CONTEXT}#subscriptions/$entity`, ...updated });
  }

  private reauthorize(ctx: Ctx, principal: Principal, id: string): void {
    this.owned(principal, id, 'reauthorize');
    // Reauthorizing never extends expirationDateTime [digest §7].
    this.sendJson(ctx, 204, undefined);
  }

  /** Runs the handshake on each webhook URL in turn; the first failure becomes Graph's 400. */
  private async handshakes(subscriptionId: string, urls: unknown[]): Promise<void> {
    for (const url of urls) {
      if (typeof url !== 'string') continue;
      if (isNonWebhookUrl(url)) {
        // Event Hubs: a validation event instead of the handshake; Event Grid: none at create.
        const problem = await this.channels?.validate(subscriptionId, url);
        if (problem) throw new EmulatorHttpError(400, 'InvalidRequest', problem);
        continue;
      }
      const result = await runHandshake(this.engine.poster, url, this.options.handshakeTimeoutMs ?? 10_000);
      this.engine.record({
        time: this.now().toISOString(),
        kind: 'validation',
        url: maskUrl(url),
        subscriptionIds: [subscriptionId],
        notifications: 0,
        attempt: 1,
        status: result.status,
        durationMs: result.durationMs,
        ok: result.ok,
        error: result.ok ? undefined : (result.error ? `${result.message} (${result.error})` : result.message),
      });
      if (!result.ok) {
        this.log.warn(`validation of ${maskUrl(url)} failed: ${result.message}`);
        throw new EmulatorHttpError(400, 'ValidationError', result.message ?? Messages.handshakeNo200);
      }
    }
  }

  // ---- simulation -------------------------------------------------------------------------------

  async simulateChange(subscriptionId: string, options: SimulateChangeOptions = {}): Promise<DeliveryReport> {
    const stored = this.live(subscriptionId);
    if (!stored) throw new EmulatorHttpError(404, 'ResourceNotFound', Messages.notFound(subscriptionId));
    const sub = stored.subscription;
    const allowed = sub.changeType.split(',').map((c) => c.trim().toLowerCase()).filter(Boolean);
    const changeType = (options.changeType ?? allowed[0] ?? 'updated').trim().toLowerCase();
    if (!allowed.includes(changeType)) {
      throw new EmulatorHttpError(400, 'InvalidRequest', `Subscription ${subscriptionId} is for '${sub.changeType}'; Graph never sends '${changeType}' to it.`);
    }
    const count = Math.max(1, Math.min(Math.floor(options.count ?? 1), 100_000));
    const now = this.now();
    const rich = sub.includeResourceData === true && typeof sub.encryptionCertificate === 'string' && sub.encryptionCertificate !== '';
    const cert = rich ? parseEncryptionCertificate(sub.encryptionCertificate!) : undefined;
    const items: ChangeNotification[] = [];
    for (let i = 0; i < count; i++) {
      const sample = sampleChange(sub.resource, { tenantId: stored.tenantId, userId: sub.creatorId ?? '', now, overrides: options.resourceData });
      const item: ChangeNotification = {
        id: randomUUID(),
        subscriptionId: sub.id,
        subscriptionExpirationDateTime: sub.expirationDateTime,
        changeType,
        resource: sample.resource,
        tenantId: stored.tenantId,
      };
      if (sub.clientState) item.clientState = sub.clientState;
      item.resourceData = sample.resourceData;
      if (cert) item.encryptedContent = encryptResourceData(sample.full, cert, sub.encryptionCertificateId ?? '');
      items.push(item);
    }
    return this.deliverItems('change', stored, sub.notificationUrl, items, rich);
  }

  async simulateLifecycleEvent(subscriptionId: string, event: LifecycleEvent): Promise<DeliveryReport> {
    if (!LIFECYCLE_EVENTS.includes(event)) {
      throw new EmulatorHttpError(400, 'InvalidRequest', `Unknown lifecycle event '${String(event)}'. Use reauthorizationRequired, subscriptionRemoved or missed.`);
    }
    const stored = this.live(subscriptionId);
    if (!stored) throw new EmulatorHttpError(404, 'ResourceNotFound', Messages.notFound(subscriptionId));
    const sub = stored.subscription;
    if (!sub.lifecycleNotificationUrl) {
      throw new EmulatorHttpError(
        400,
        'InvalidRequest',
        `Subscription ${subscriptionId} has no lifecycleNotificationUrl: Graph sends lifecycle notifications only there (digest §7). Recreate it with one.`,
      );
    }
    const item: ChangeNotification = {
      subscriptionId: sub.id,
      subscriptionExpirationDateTime: sub.expirationDateTime,
      tenantId: stored.tenantId,
      lifecycleEvent: event,
    };
    if (sub.clientState) item.clientState = sub.clientState;
    const rich = sub.includeResourceData === true;
    const report = await this.deliverItems('lifecycle', stored, sub.lifecycleNotificationUrl, [item], rich);
    if (event === 'subscriptionRemoved') {
      this.store.delete(sub.id);
      this.schedulePurge();
    }
    return report;
  }

  private async deliverItems(
    kind: 'change' | 'lifecycle',
    stored: StoredSubscription,
    url: string,
    items: ChangeNotification[],
    withValidationTokens: boolean,
  ): Promise<DeliveryReport> {
    const sub = stored.subscription;
    const report: DeliveryReport = { subscriptionId: sub.id, kind, url: maskUrl(url), notifications: items.length, posts: 0, delivered: 0, dropped: 0, attempts: [] };
    if (isNonWebhookUrl(url) && this.channels) return this.channels.deliver(kind, sub, stored.tenantId, url, items);
    if (isNonWebhookUrl(url)) {
      report.dropped = items.length;
      this.log.warn(`subscription ${sub.id} delivers to ${url.split(':')[0]}; the emulator does not deliver there`);
      return report;
    }
    const batch = Math.max(1, this.options.maxBatchSize ?? 100);
    const audience = sub.notificationUrlAppId ?? sub.applicationId ?? '';
    const token = withValidationTokens ? await this.authority.issueValidationToken(audience, stored.tenantId, this.now()) : undefined;
    const sends: Promise<void>[] = [];
    for (let i = 0; i < items.length; i += batch) {
      const value = items.slice(i, i + batch);
      const body: ChangeNotificationCollection = token ? { value, validationTokens: [token] } : { value };
      sends.push(
        this.engine.send(kind, url, body, [sub.id]).then((attempts) => {
          report.posts += attempts.length;
          report.attempts.push(...attempts);
          if (attempts.some((a) => a.ok)) report.delivered += value.length;
          else report.dropped += value.length;
        }),
      );
    }
    await Promise.all(sends);
    return report;
  }

  // ---- /_emulator -------------------------------------------------------------------------------

  private async routeControl(ctx: Ctx, method: string, path: string): Promise<void> {
    if (path === '/_emulator' && method === 'GET') {
      ctx.req.resume();
      return this.sendJson(ctx, 200, {
        baseUrl: this.baseUrl,
        graphBaseUrl: this.graphBaseUrl,
        openIdConfigurationUrl: this.openIdConfigurationUrl,
        jwksUrl: this.jwksUrl,
        tenantId: this.tenantId,
        strictHttps: this.options.strictHttps ?? false,
        subscriptions: this.store.all().length,
      });
    }
    if (path === '/_emulator/token' && method === 'POST') {
      const body = (await this.readJson(ctx)) ?? {};
      if (!isObject(body)) throw new EmulatorHttpError(400, 'InvalidRequest', 'Body must be a JSON object.');
      const accountKind = (body.accountKind ?? 'delegatedWork') as AccountKind;
      if (!['delegatedWork', 'delegatedPersonal', 'application'].includes(accountKind)) {
        throw new EmulatorHttpError(400, 'InvalidRequest', "accountKind must be 'delegatedWork', 'delegatedPersonal' or 'application'.");
      }
      const permissions = Array.isArray(body.permissions) ? body.permissions.filter((p): p is string => typeof p === 'string') : [];
      const lifetimeSeconds = typeof body.lifetimeSeconds === 'number' ? body.lifetimeSeconds : 3600;
      const token = await this.issueToken({
        accountKind,
        permissions,
        appId: str(body.appId) ?? undefined,
        userId: str(body.userId) ?? undefined,
        tenantId: str(body.tenantId) ?? undefined,
        lifetimeSeconds,
      });
      return this.sendJson(ctx, 200, { token_type: 'Bearer', expires_in: lifetimeSeconds, access_token: token });
    }
    if (path === '/_emulator/deliveries' && method === 'GET') {
      ctx.req.resume();
      return this.sendJson(ctx, 200, { counters: this.counters(), attempts: this.deliveryLog() });
    }
    if (path === '/_emulator/faults' && method === 'POST') {
      const body = await this.readJson(ctx);
      if (!isObject(body) || typeof body.status !== 'number') throw new EmulatorHttpError(400, 'InvalidRequest', 'Body must be {"status":429,"retryAfterSeconds":2,"count":1}.');
      this.injectFault({
        status: body.status,
        retryAfterSeconds: typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : undefined,
        method: str(body.method) ?? undefined,
        pathPrefix: str(body.pathPrefix) ?? undefined,
        count: typeof body.count === 'number' ? body.count : 1,
      });
      return this.sendJson(ctx, 204, undefined);
    }
    const sim = /^\/_emulator\/subscriptions\/([^/]+)\/(simulate|lifecycle)$/.exec(path);
    if (sim && method === 'POST') {
      const body = (await this.readJson(ctx)) ?? {};
      if (!isObject(body)) throw new EmulatorHttpError(400, 'InvalidRequest', 'Body must be a JSON object.');
      const id = decodeURIComponent(sim[1]);
      const report =
        sim[2] === 'simulate'
          ? await this.simulateChange(id, {
              changeType: str(body.changeType) ?? undefined,
              count: typeof body.count === 'number' ? body.count : undefined,
              resourceData: isObject(body.resourceData) ? body.resourceData : undefined,
            })
          : await this.simulateLifecycleEvent(id, String(body.event ?? '') as LifecycleEvent);
      return this.sendJson(ctx, 200, report);
    }
    ctx.req.resume();
    throw new EmulatorHttpError(404, 'NotFound', `No emulator route for ${method} ${path}.`);
  }
}

const GRAPH_CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata';

function methodNotAllowed(method: string): EmulatorHttpError {
  return new EmulatorHttpError(405, 'Request_BadRequest', `Specified HTTP method '${method}' is not allowed for the request target.`);
}

function isLoopbackAuthority(host: string | undefined): boolean {
  if (!host) return false;
  try {
    return isLoopbackHost(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    return isLoopbackHost(new URL(origin).hostname);
  } catch {
    return false;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function changeTypeSet(changeType: string): string {
  return changeType.split(',').map((c) => c.trim().toLowerCase()).filter(Boolean).sort().join(',');
}

/** Same resource and changeType as an existing subscription of the caller [digest §10.1]. */
export function findDuplicate(existing: readonly Subscription[], resource: string, changeType: string): Subscription | undefined {
  const norm = (r: string) => r.trim().replace(/^\/+/, '').toLowerCase();
  return existing.find((s) => norm(s.resource) === norm(resource) && changeTypeSet(s.changeType) === changeTypeSet(changeType));
}

function certificateOr400(encryptionCertificate: string): void {
  try {
    parseEncryptionCertificate(encryptionCertificate);
  } catch (error) {
    throw new EmulatorHttpError(400, 'InvalidRequest', `Invalid encryptionCertificate: ${error instanceof Error ? error.message : String(error)} It must be the base64 DER of an X.509 certificate with an RSA 2048–4096 bit key.`);
  }
}

export { servicePrincipalId };
