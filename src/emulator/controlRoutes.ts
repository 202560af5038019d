/**
 * `/_emulator/*`: drive the emulator from curl or the CLI (tokens, simulated notifications,
 * faults, the delivery log). They mint tokens without credentials, so they answer only local tools:
 * a foreign Origin (a web page) or a non-loopback Host (DNS rebinding) gets 403.
 */
import type { AccountKind } from '../catalog/types';
import type { LifecycleEvent } from '../graph/types';
import type { EmulatorCore } from './core';
import type { DeliveryAttempt, DeliveryCounters, DeliveryReport } from './delivery';
import { CHAOS_PROFILE_NAMES, isChaosProfileName, parseChaosSeed, type ChaosProfileName } from './chaos';
import type { ChaosSettings } from './chaosEngine';
import { EmulatorHttpError } from './errors';
import { decodeSegment, isLoopbackAuthority, isLoopbackOrigin, isObject, readJson, sendJson, str, type Ctx } from './http';
import type { EmulatorFault, SimulateChangeOptions } from './options';
import { parseTokenVersion, type TokenRequest, type TokenVersion } from './tokens';

/** What the control routes call back into. */
export interface ControlTarget {
  issueToken(request: TokenRequest): Promise<string>;
  simulateChange(subscriptionId: string, options?: SimulateChangeOptions): Promise<DeliveryReport>;
  simulateLifecycleEvent(subscriptionId: string, event: LifecycleEvent, options?: { tokenVersion?: TokenVersion }): Promise<DeliveryReport>;
  deliveryLog(): readonly DeliveryAttempt[];
  counters(): DeliveryCounters;
  injectFault(fault: EmulatorFault): void;
  setDeliveryDelay(subscriptionId: string, delayMs: number): void;
  setChaos(profile: ChaosProfileName, seed?: number): ChaosSettings;
  /** Extra state for the deliveries endpoint (e.g. throttling). */
  deliveryState(): Record<string, unknown>;
  reachEvaluationCap(subscriptionId: string): { evaluationMode: boolean; quota: number };
}

export async function routeControl(core: EmulatorCore, target: ControlTarget, ctx: Ctx, method: string): Promise<void> {
  const path = ctx.path;
  if (!isLoopbackAuthority(ctx.req.headers.host) || (ctx.req.headers.origin !== undefined && !isLoopbackOrigin(ctx.req.headers.origin))) {
    ctx.req.resume();
    throw new EmulatorHttpError(403, 'accessDenied', 'The /_emulator endpoints answer only local tools (curl, the CLI), not web pages or other hosts.');
  }
  if (path === '/_emulator' && method === 'GET') {
    ctx.req.resume();
    return sendJson(ctx, 200, {
      baseUrl: core.baseUrl,
      graphBaseUrl: core.graphBaseUrl,
      openIdConfigurationUrl: core.openIdConfigurationUrl,
      jwksUrl: core.jwksUrl,
      tenantId: core.tenantId,
      strictHttps: core.options.strictHttps ?? false,
      validationTokenVersion: core.options.validationTokenVersion ?? '1.0',
      subscriptions: core.store.all().length,
      chaos: core.chaos.settings(),
    });
  }
  if (path === '/_emulator/token' && method === 'POST') {
    const body = (await readJson(ctx)) ?? {};
    if (!isObject(body)) throw new EmulatorHttpError(400, 'InvalidRequest', 'Body must be a JSON object.');
    const accountKind = (body.accountKind ?? 'delegatedWork') as AccountKind;
    if (!['delegatedWork', 'delegatedPersonal', 'application'].includes(accountKind)) {
      throw new EmulatorHttpError(400, 'InvalidRequest', "accountKind must be 'delegatedWork', 'delegatedPersonal' or 'application'.");
    }
    const permissions = Array.isArray(body.permissions) ? body.permissions.filter((p): p is string => typeof p === 'string') : [];
    const lifetimeSeconds = typeof body.lifetimeSeconds === 'number' ? body.lifetimeSeconds : 3600;
    const token = await target.issueToken({
      accountKind,
      permissions,
      appId: str(body.appId) ?? undefined,
      userId: str(body.userId) ?? undefined,
      tenantId: str(body.tenantId) ?? undefined,
      lifetimeSeconds,
      version: tokenVersionOf(body),
    });
    return sendJson(ctx, 200, { token_type: 'Bearer', expires_in: lifetimeSeconds, access_token: token });
  }
  if (path === '/_emulator/deliveries' && method === 'GET') {
    ctx.req.resume();
    return sendJson(ctx, 200, { counters: target.counters(), ...target.deliveryState(), attempts: target.deliveryLog() });
  }
  if (path === '/_emulator/faults' && method === 'POST') {
    const body = await readJson(ctx);
    if (!isObject(body) || !isFaultStatus(body.status)) {
      throw new EmulatorHttpError(400, 'InvalidRequest', 'Body must be {"status":429,"retryAfterSeconds":2,"count":1} with status an HTTP error status (400–599).');
    }
    target.injectFault({
      status: body.status,
      retryAfterSeconds: typeof body.retryAfterSeconds === 'number' && body.retryAfterSeconds >= 0 ? body.retryAfterSeconds : undefined,
      method: str(body.method) ?? undefined,
      pathPrefix: str(body.pathPrefix) ?? undefined,
      count: typeof body.count === 'number' ? body.count : 1,
    });
    return sendJson(ctx, 204, undefined);
  }
  if (path === '/_emulator/chaos' && method === 'POST') {
    const body = await readJson(ctx);
    const seed = isObject(body) && body.seed !== undefined ? parseChaosSeed(body.seed) : undefined;
    if (!isObject(body) || !isChaosProfileName(body.profile) || (body.seed !== undefined && seed === undefined)) {
      throw new EmulatorHttpError(400, 'InvalidRequest', `Body must be {"profile":"duplicates","seed":42} with profile one of ${CHAOS_PROFILE_NAMES.join(', ')} and seed (optional) an integer 0–4294967295.`);
    }
    return sendJson(ctx, 200, target.setChaos(body.profile, seed));
  }
  const delay = /^\/_emulator\/subscriptions\/([^/]+)\/delay$/.exec(path);
  if (delay && method === 'POST') {
    const body = await readJson(ctx);
    if (!isObject(body) || typeof body.delayMs !== 'number' || !Number.isFinite(body.delayMs) || body.delayMs < 0) {
      throw new EmulatorHttpError(400, 'InvalidRequest', 'Body must be {"delayMs":1500}: milliseconds every change notification of the subscription waits before its first POST (0 removes the delay).');
    }
    target.setDeliveryDelay(decodeSegment(delay[1]), body.delayMs);
    return sendJson(ctx, 204, undefined);
  }
  if (path === '/_emulator/teamsLicensing' && (method === 'GET' || method === 'POST')) {
    let body: unknown = {};
    if (method === 'POST') body = (await readJson(ctx)) ?? {};
    else ctx.req.resume();
    if (!isObject(body)) throw new EmulatorHttpError(400, 'InvalidRequest', 'Body must be {"billingConfigured":false,"modelALicensed":true,"evaluationQuota":500}.');
    const change: Record<string, boolean | number> = {};
    for (const key of ['billingConfigured', 'modelALicensed'] as const) if (typeof body[key] === 'boolean') change[key] = body[key];
    if (typeof body.evaluationQuota === 'number' && body.evaluationQuota >= 0) change.evaluationQuota = Math.floor(body.evaluationQuota);
    return sendJson(ctx, 200, core.teamsLicensing.configure(change));
  }
  const cap = /^\/_emulator\/subscriptions\/([^/]+)\/evaluationCap$/.exec(path);
  if (cap && method === 'POST') {
    ctx.req.resume();
    return sendJson(ctx, 200, target.reachEvaluationCap(decodeSegment(cap[1])));
  }
  const sim = /^\/_emulator\/subscriptions\/([^/]+)\/(simulate|lifecycle)$/.exec(path);
  if (sim && method === 'POST') {
    const body = (await readJson(ctx)) ?? {};
    if (!isObject(body)) throw new EmulatorHttpError(400, 'InvalidRequest', 'Body must be a JSON object.');
    const id = decodeSegment(sim[1]);
    const tokenVersion = tokenVersionOf(body);
    const report =
      sim[2] === 'simulate'
        ? await target.simulateChange(id, {
            changeType: str(body.changeType) ?? undefined,
            count: typeof body.count === 'number' ? body.count : undefined,
            resourceData: isObject(body.resourceData) ? body.resourceData : undefined,
            tokenVersion,
            event: body.event === 'permissionChange' || body.event === 'systemEventMessage' ? body.event : undefined,
          })
        : await target.simulateLifecycleEvent(id, String(body.event ?? '') as LifecycleEvent, { tokenVersion });
    return sendJson(ctx, 200, report);
  }
  ctx.req.resume();
  throw new EmulatorHttpError(404, 'NotFound', `No emulator route for ${method} ${path}.`);
}

/** Graph answers errors with 4xx/5xx; a fault outside that range could not be sent (0 would crash writeHead). */
export function isFaultStatus(status: unknown): status is number {
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599;
}

function tokenVersionOf(body: Record<string, unknown>): TokenVersion | undefined {
  if (body.tokenVersion === undefined) return undefined;
  const v = parseTokenVersion(body.tokenVersion);
  if (!v) throw new EmulatorHttpError(400, 'InvalidRequest', `tokenVersion must be 1 or 2, not '${String(body.tokenVersion)}'.`);
  return v;
}
