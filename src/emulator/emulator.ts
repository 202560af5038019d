/**
 * The local Microsoft Graph: the server, its clock-driven expiry, fault injection and the
 * dispatch to the route modules (subscriptions, OpenID metadata, /_emulator control), plus the
 * simulation entry points. Pure Node.
 */
import * as http from 'node:http';
import type { PreferenceId } from '../catalog/preferHeaders';
import type { LifecycleEvent } from '../graph/types';
import { nullLogger, type Logger } from '../util/logger';
import type { ChaosProfileName } from './chaos';
import { ChaosEngine, randomChaosSeed, type ChaosSettings } from './chaosEngine';
import { startChannels, type ChannelDelivery } from './channelDelivery';
import { routeControl, isFaultStatus } from './controlRoutes';
import type { EmulatorCore } from './core';
import { routeDelta } from './deltaRoutes';
import { DeltaState } from './deltaState';
import { DeliveryEngine, type DeliveryAttempt, type DeliveryCounters, type DeliveryReport } from './delivery';
import { EmulatorHttpError, Messages } from './errors';
import { HttpPoster } from './httpClient';
import { baseCtx, parseTarget, sendError, type Ctx } from './http';
import { routeOpenId } from './openid';
import type { Emulator, EmulatorFault, EmulatorOptions, SimulateChangeOptions } from './options';
import { deliverLifecycle, simulateChange, simulateLifecycleEvent } from './simulation';
import { SubscriptionStore, type StoredSubscription } from './store';
import { routeSubscriptions } from './subscriptionRoutes';
import { TeamsLicensing, type TeamsLicensingState } from './teamsLicensing';
import { EndpointThrottle, hostOf, type EndpointState, type ThrottleState } from './throttling';
import { TokenAuthority, servicePrincipalId, type TokenRequest, type TokenVersion } from './tokens';

export type { Emulator, EmulatorFault, EmulatorOptions, SimulateChangeOptions } from './options';
export { findDuplicate } from './subscriptionRoutes';

/** Retry-After (seconds) of an injected 429 that names none: Graph's throttled answers always carry one. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** Attempts per notification POST (the first try and its retries) unless `maxDeliveryAttempts` says otherwise. */
export const DEFAULT_MAX_DELIVERY_ATTEMPTS = 3;

export class GraphEmulator implements Emulator, EmulatorCore {
  baseUrl = '';
  graphBaseUrl = '';
  openIdConfigurationUrl = '';
  jwksUrl = '';
  readonly engine: DeliveryEngine;
  readonly log: Logger;
  private readonly server: http.Server;
  private readonly clock: () => Date;
  private readonly faults: EmulatorFault[] = [];
  private purgeTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Set<Promise<unknown>>();
  readonly throttle: EndpointThrottle;
  readonly teamsLicensing: TeamsLicensing;
  readonly delta = new DeltaState();
  /** Throttled sends waiting for the emulator clock (checked every 250 ms, so a test clock that jumps releases them). */
  private readonly delayed: { dueMs: number; send: () => Promise<unknown> }[] = [];
  private delayTimer: NodeJS.Timeout | undefined;
  /** Per-subscription delivery delays (setDeliveryDelay), in real milliseconds. */
  private readonly deliveryDelays = new Map<string, number>();
  channels: ChannelDelivery | undefined;
  readonly chaos = new ChaosEngine();
  private chaosTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly options: EmulatorOptions,
    readonly store: SubscriptionStore,
    readonly authority: TokenAuthority,
  ) {
    this.clock = options.now ?? (() => new Date());
    this.log = (options.log ?? nullLogger).child('emulator');
    this.engine = new DeliveryEngine(
      new HttpPoster(),
      {
        firstTimeoutMs: options.deliveryTimeoutMs ?? 3000,
        retryTimeoutMs: options.retryTimeoutMs ?? 10000,
        maxAttempts: Math.max(1, options.maxDeliveryAttempts ?? DEFAULT_MAX_DELIVERY_ATTEMPTS),
        backoffBaseMs: options.retryBackoffMs ?? 1000,
      },
      this.clock,
      this.log.child('delivery'),
    );
    this.throttle = new EndpointThrottle(() => this.clock().getTime());
    this.teamsLicensing = new TeamsLicensing(options.teamsLicensing);
    for (const f of options.faults ?? []) this.injectFault(f);
    if (options.chaos) this.setChaos(options.chaos.profile, options.chaos.seed);
    this.server = http.createServer((req, res) => {
      const p = this.handle(req, res);
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    });
    this.server.keepAliveTimeout = 5000;
  }

  now(): Date {
    return this.clock();
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
    this.openIdConfigurationUrl =
      (this.options.validationTokenVersion ?? '1.0') === '1.0'
        ? `${this.baseUrl}/${this.tenantId}/.well-known/openid-configuration`
        : `${this.baseUrl}/${this.tenantId}/v2.0/.well-known/openid-configuration`;
    this.jwksUrl = `${this.baseUrl}/common/discovery/v2.0/keys`;
    this.channels = await startChannels({ ...this.options, now: this.clock, log: this.log }, (a) => this.engine.record(a));
    this.schedulePurge();
    this.log.info(`Graph emulator listening on ${this.baseUrl} (tenant ${this.tenantId})`);
  }

  issueToken(request: TokenRequest): Promise<string> {
    return this.authority.issueAccessToken(request, { tenantId: this.tenantId }, this.now());
  }

  simulateChange(subscriptionId: string, options?: SimulateChangeOptions): Promise<DeliveryReport> {
    return simulateChange(this, subscriptionId, options);
  }

  simulateLifecycleEvent(subscriptionId: string, event: LifecycleEvent, options?: { tokenVersion?: TokenVersion }): Promise<DeliveryReport> {
    return simulateLifecycleEvent(this, subscriptionId, event, options);
  }

  deliveryLog(): readonly DeliveryAttempt[] {
    return this.engine.attempts();
  }

  counters(): DeliveryCounters {
    return this.engine.counters();
  }

  injectFault(fault: EmulatorFault): void {
    if (!isFaultStatus(fault.status)) throw new RangeError(`A fault's status must be an HTTP error status (400–599), not ${String(fault.status)}.`);
    this.faults.push({ ...fault, count: fault.count ?? 1 });
  }

  setDeliveryDelay(subscriptionId: string, delayMs: number): void {
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`A delivery delay must be 0 or more milliseconds, not ${String(delayMs)}.`);
    if (!this.live(subscriptionId)) throw new EmulatorHttpError(404, 'ResourceNotFound', Messages.notFound(subscriptionId));
    if (delayMs === 0) this.deliveryDelays.delete(subscriptionId);
    else this.deliveryDelays.set(subscriptionId, delayMs);
  }

  deliveryDelay(subscriptionId: string): number {
    return this.deliveryDelays.get(subscriptionId) ?? 0;
  }

  configureTeamsLicensing(change: Partial<TeamsLicensingState>): TeamsLicensingState {
    const state = this.teamsLicensing.configure(change);
    this.log.info(`Teams licensing: billing ${state.billingConfigured ? 'set up' : 'not set up'}, model=A licences ${state.modelALicensed ? 'assigned' : 'missing'}, evaluation quota ${state.evaluationQuota}`);
    return state;
  }

  reachEvaluationCap(subscriptionId: string): { evaluationMode: boolean; quota: number } {
    const stored = this.live(subscriptionId);
    if (!stored) throw new EmulatorHttpError(404, 'ResourceNotFound', Messages.notFound(subscriptionId));
    const result = this.teamsLicensing.exhaust(stored, this.now());
    this.log.info(`evaluation quota of app ${stored.subscription.applicationId ?? '?'} used up for this month (subscription ${subscriptionId}${result.evaluationMode ? '' : ', which has a model= and is not affected'})`);
    return result;
  }

  subscriptionPreferences(subscriptionId: string): readonly PreferenceId[] {
    return this.store.get(subscriptionId)?.preferences ?? [];
  }

  setChaos(profile: ChaosProfileName, seed?: number): ChaosSettings {
    const settings = this.chaos.set(profile, seed ?? randomChaosSeed(), this.now().getTime(), this.store.all().map((s) => s.subscription.id));
    if (this.chaosTimer) clearInterval(this.chaosTimer);
    this.chaosTimer = undefined;
    if (this.chaos.watchesTokens) {
      // reauthorizationRequired falls due on the emulator clock (a test clock that jumps is seen within a second).
      this.chaosTimer = setInterval(() => this.sendDueReauthorizations(), 1000);
      this.chaosTimer.unref();
    }
    this.log.info(profile === 'off' ? 'chaos off' : `chaos profile '${settings.profile}', seed ${settings.seed} (pass the seed back to replay the same faults)`);
    return settings;
  }

  chaosSettings(): ChaosSettings {
    return this.chaos.settings();
  }

  /** Sends the reauthorizationRequired events the token-expiry cadence has made due. */
  sendDueReauthorizations(): void {
    for (const id of this.chaos.dueReauthorizations(this.now().getTime())) {
      const stored = this.live(id);
      if (!stored?.subscription.lifecycleNotificationUrl) continue;
      const p = deliverLifecycle(this, stored, 'reauthorizationRequired').catch((error: unknown) => this.log.error('a reauthorizationRequired delivery failed', error));
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    }
  }

  throttling(): readonly ThrottleState[] {
    return this.throttle.states();
  }

  subscriptionThrottle(subscriptionId: string): EndpointState {
    const s = this.store.get(subscriptionId);
    return s ? this.throttle.stateOf(hostOf(s.subscription.notificationUrl)) : 'normal';
  }

  later(dueMs: number, send: () => Promise<unknown>): void {
    this.delayed.push({ dueMs, send });
    if (this.delayTimer) return;
    this.delayTimer = setInterval(() => {
      const now = this.now().getTime();
      for (let i = this.delayed.length - 1; i >= 0; i--) {
        if (this.delayed[i].dueMs > now) continue;
        const [due] = this.delayed.splice(i, 1);
        const p = due.send().catch((error: unknown) => this.log.error('a delayed delivery failed', error));
        this.pending.add(p);
        void p.finally(() => this.pending.delete(p));
      }
      if (this.delayed.length === 0 && this.delayTimer) {
        clearInterval(this.delayTimer);
        this.delayTimer = undefined;
      }
    }, 250);
    this.delayTimer.unref();
  }

  async close(): Promise<void> {
    if (this.purgeTimer) clearTimeout(this.purgeTimer);
    if (this.delayTimer) clearInterval(this.delayTimer);
    if (this.chaosTimer) clearInterval(this.chaosTimer);
    this.delayed.length = 0;
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

  purge(): void {
    const gone = this.store.purgeExpired(this.now());
    for (const id of gone) this.log.info(`subscription ${id} expired and was removed`);
  }

  /** Removes expired subscriptions when they expire (timer), besides lazily on every access. */
  schedulePurge(): void {
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

  live(id: string): StoredSubscription | undefined {
    this.purge();
    return this.store.get(id);
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  /** Never rejects: every failure becomes a Graph error body, and a failure to send even that ends the socket. */
  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const ctx = baseCtx(req, res);
    try {
      Object.assign(ctx, parseTarget(req.url));
      await this.route(ctx);
    } catch (error) {
      try {
        if (error instanceof EmulatorHttpError) {
          if (!req.readableEnded) req.resume();
          sendError(ctx, error, this.now());
        } else {
          this.log.error(`${req.method} ${ctx.path} failed`, error);
          sendError(ctx, new EmulatorHttpError(500, 'generalException', 'An unexpected error occurred in the Graph emulator.'), this.now());
        }
      } catch (sendFailure) {
        this.log.error(`${req.method} ${ctx.path}: could not send the error response`, sendFailure);
        res.destroy();
      }
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
    const fault = this.takeFault(method, ctx.path + '/');
    if (fault) {
      ctx.req.resume();
      const headers: Record<string, string> = {};
      const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 ? DEFAULT_RETRY_AFTER_SECONDS : undefined);
      if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
      const code = fault.status === 429 ? 'TooManyRequests' : fault.status === 503 ? 'serviceNotAvailable' : 'generalException';
      throw new EmulatorHttpError(fault.status, code, Messages.throttled, headers);
    }
    if (ctx.path.startsWith('/_emulator')) {
      return routeControl(this, { ...this.controlTarget(), deliveryState: () => ({ throttling: this.throttling() }) }, ctx, method);
    }
    if (routeOpenId(this, ctx, method)) return;
    if (await routeSubscriptions(this, ctx, method)) return;
    if (await routeDelta({ core: this, state: this.delta }, ctx, method)) return;
    ctx.req.resume();
    if (/^\/(v1\.0|beta)\//i.test(ctx.path)) {
      throw new EmulatorHttpError(400, 'BadRequest', `Resource not found for the segment '${ctx.path.split('/').pop()}'. The Graph emulator serves only /v1.0/subscriptions and the delta queries of the resources it simulates changes for.`);
    }
    throw new EmulatorHttpError(404, 'NotFound', `No route for ${method} ${ctx.path}.`);
  }

  private controlTarget() {
    return {
      issueToken: (r: TokenRequest) => this.issueToken(r),
      simulateChange: (id: string, o?: SimulateChangeOptions) => this.simulateChange(id, o),
      simulateLifecycleEvent: (id: string, e: LifecycleEvent, o?: { tokenVersion?: TokenVersion }) => this.simulateLifecycleEvent(id, e, o),
      deliveryLog: () => this.deliveryLog(),
      counters: () => this.counters(),
      injectFault: (f: EmulatorFault) => this.injectFault(f),
      setDeliveryDelay: (id: string, ms: number) => this.setDeliveryDelay(id, ms),
      reachEvaluationCap: (id: string) => this.reachEvaluationCap(id),
      setChaos: (profile: ChaosProfileName, seed?: number) => this.setChaos(profile, seed),
    };
  }
}

export { servicePrincipalId };
