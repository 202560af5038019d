/**
 * `/v1.0/subscriptions`: create, list, get, update, delete, reauthorize with Graph's shapes,
 * status codes and error bodies (https://learn.microsoft.com/en-us/graph/api/resources/subscription?view=graph-rest-1.0),
 * including the validation handshake on create and on a changed notificationUrl.
 */
import { randomUUID } from 'node:crypto';
import type { Subscription } from '../graph/types';
import { GRAPH_CONTEXT, type EmulatorCore } from './core';
import { maskUrl } from './delivery';
import { parseEncryptionCertificate } from './encryptResourceData';
import { EmulatorHttpError, Messages } from './errors';
import { runHandshake } from './handshake';
import { decodeSegment, isObject, methodNotAllowed, readJson, sendJson, str, type Ctx } from './http';
import { checkPermission, checkQuotas, checkRequestRules } from './policy';
import { checkListQuery, skipToken, skipTokenOffset } from './queryOptions';
import { requestPreferences } from './preferences';
import { checkPatchShape, checkUrl, clampExpiration, isNonWebhookUrl } from './rules';
import type { StoredSubscription } from './store';
import type { Principal } from './tokens';

const ROUTE = /^\/v1\.0\/subscriptions(?:\/([^/]+))?(?:\/(reauthorize))?$/i;

/** Handles the request when it is a subscriptions route; returns false otherwise. */
export async function routeSubscriptions(core: EmulatorCore, ctx: Ctx, method: string): Promise<boolean> {
  const m = ROUTE.exec(ctx.path);
  if (!m) return false;
  const principal = await core.authority.authenticate(ctx.req.headers.authorization, core.now());
  const id = m[1] ? decodeSegment(m[1]) : undefined;
  if (m[2]) {
    if (method !== 'POST') throw methodNotAllowed(method);
    ctx.req.resume();
    owned(core, principal, id!, 'reauthorize');
    core.chaos.tokenIssued(id!, core.now().getTime());
    // Reauthorizing never extends expirationDateTime
    // (https://learn.microsoft.com/en-us/graph/api/subscription-reauthorize?view=graph-rest-1.0).
    sendJson(ctx, 204, undefined);
    return true;
  }
  if (id === undefined) {
    if (method === 'GET') {
      ctx.req.resume();
      list(core, ctx, principal);
    } else if (method === 'POST') {
      await create(core, ctx, principal, await readJson(ctx));
    } else throw methodNotAllowed(method);
    return true;
  }
  if (method === 'GET') {
    ctx.req.resume();
    sendJson(ctx, 200, { '@odata.context': `${GRAPH_CONTEXT}#subscriptions/$entity`, ...owned(core, principal, id, 'get').subscription });
  } else if (method === 'PATCH') {
    await update(core, ctx, principal, id, await readJson(ctx));
  } else if (method === 'DELETE') {
    ctx.req.resume();
    owned(core, principal, id, 'delete');
    core.store.delete(id);
    core.chaos.forget(id);
    core.schedulePurge();
    sendJson(ctx, 204, undefined);
  } else throw methodNotAllowed(method);
  return true;
}

/**
 * The caller's subscriptions: same tenant and app; delegated callers see only their own
 * (https://learn.microsoft.com/en-us/graph/api/subscription-list?view=graph-rest-1.0#permissions).
 */
function visibleTo(core: EmulatorCore, principal: Principal): StoredSubscription[] {
  core.purge();
  return core.store
    .all()
    .filter(
      (s) =>
        s.tenantId === principal.tenantId &&
        s.subscription.applicationId === principal.appId &&
        (principal.accountKind === 'application' || s.subscription.creatorId === principal.objectId),
    );
}

/** A subscription the caller may act on, or 404 (Graph does not reveal others' subscriptions). */
function owned(core: EmulatorCore, principal: Principal, id: string, operation: 'get' | 'update' | 'delete' | 'reauthorize'): StoredSubscription {
  const s = core.live(id);
  if (!s || !visibleTo(core, principal).includes(s)) throw new EmulatorHttpError(404, 'ResourceNotFound', Messages.notFound(id));
  const denied = checkPermission(s.subscription.resource, principal, operation);
  if (denied) throw denied;
  return s;
}

function list(core: EmulatorCore, ctx: Ctx, principal: Principal): void {
  checkListQuery(ctx.query);
  const all = visibleTo(core, principal);
  const pageSize = Math.max(1, core.options.pageSize ?? 100);
  const offset = skipTokenOffset(ctx.query);
  const page = all.slice(offset, offset + pageSize);
  const body: Record<string, unknown> = {
    '@odata.context': `${GRAPH_CONTEXT}#subscriptions`,
    value: page.map((s) => ({ ...s.subscription, clientState: null })),
  };
  if (offset + pageSize < all.length) body['@odata.nextLink'] = `${core.graphBaseUrl}/subscriptions?$skiptoken=${skipToken(offset + pageSize)}`;
  sendJson(ctx, 200, body);
}

async function create(core: EmulatorCore, ctx: Ctx, principal: Principal, body: unknown): Promise<void> {
  if (!isObject(body)) throw new EmulatorHttpError(400, 'InvalidRequest', Messages.badPayload);
  const now = core.now();
  const strict = core.options.strictHttps ?? false;
  const existing = visibleTo(core, principal).map((s) => s.subscription);
  const ruleError =
    checkRequestRules(body, { operation: 'create', principal, existing, now, allowLoopbackHttp: !strict }) ??
    checkUrl('notificationUrl', body.notificationUrl, strict) ??
    checkUrl('lifecycleNotificationUrl', body.lifecycleNotificationUrl, strict);
  if (ruleError) throw ruleError;
  const resource = String(body.resource);
  // Create permissions were checked by the validator (grantedPermissions = the token's).
  const dup = findDuplicate(existing, resource, String(body.changeType));
  if (dup) throw new EmulatorHttpError(409, 'Conflict', Messages.duplicate(dup.id));
  const quota = checkQuotas(resource, principal, core.store.all());
  if (quota) throw quota;
  const payment = core.teamsLicensing.checkCreate(resource);
  if (payment) throw payment;
  const preferences = requestPreferences(ctx.req.headers.prefer, resource, principal.accountKind);
  if (body.includeResourceData === true && typeof body.encryptionCertificate === 'string') certificateOr400(body.encryptionCertificate);
  chaosFault(core, 'create', resource);

  const id = randomUUID();
  await handshakes(core, id, [body.notificationUrl, body.lifecycleNotificationUrl]);
  // The handshake took time: another request may have created the same subscription meanwhile.
  const dupAfter = findDuplicate(visibleTo(core, principal).map((s) => s.subscription), resource, String(body.changeType));
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
  core.store.add({ subscription, tenantId: principal.tenantId, accountKind: principal.accountKind, ...(preferences.length > 0 ? { preferences } : {}) });
  core.chaos.tokenIssued(id, now.getTime());
  core.schedulePurge();
  core.log.info(`created subscription ${id} on ${resource} (${subscription.changeType})`);
  sendJson(ctx, 201, { '@odata.context': `${GRAPH_CONTEXT}#subscriptions/$entity`, ...subscription }, {
    Location: `${core.graphBaseUrl}/subscriptions/${id}`,
  });
}

async function update(core: EmulatorCore, ctx: Ctx, principal: Principal, id: string, body: unknown): Promise<void> {
  if (!isObject(body)) throw new EmulatorHttpError(400, 'InvalidRequest', Messages.badPayload);
  const stored = owned(core, principal, id, 'update');
  const original = stored.subscription;
  const now = core.now();
  const strict = core.options.strictHttps ?? false;
  const existing = visibleTo(core, principal).map((s) => s.subscription);
  const ruleError =
    checkRequestRules(body, { operation: 'update', principal, existing, original, now, allowLoopbackHttp: !strict }) ??
    checkPatchShape(body, original) ??
    checkUrl('notificationUrl', body.notificationUrl, strict);
  if (ruleError) throw ruleError;
  chaosFault(core, 'renew', original.resource);
  const merged: Record<string, unknown> = { ...original };
  for (const key of Object.keys(body)) if (key !== 'lifecycleNotificationUrl' && !key.startsWith('@odata.')) merged[key] = body[key];
  if (merged.includeResourceData === true && typeof merged.encryptionCertificate === 'string') certificateOr400(merged.encryptionCertificate);
  // Whether Graph re-validates a changed notificationUrl is not documented; we do: it is the safe reading.
  if (typeof body.notificationUrl === 'string' && body.notificationUrl !== original.notificationUrl) {
    await handshakes(core, id, [body.notificationUrl]);
  }
  const current = core.live(id);
  if (!current) throw new EmulatorHttpError(404, 'ResourceNotFound', Messages.notFound(id));
  const updated: Subscription = {
    ...current.subscription,
    notificationUrl: String(merged.notificationUrl),
    expirationDateTime: clampExpiration(String(merged.expirationDateTime), now),
    encryptionCertificate: str(merged.encryptionCertificate),
    encryptionCertificateId: str(merged.encryptionCertificateId),
  };
  core.store.replace(id, updated);
  // A renewal also refreshes the endpoint's access token (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks).
  core.chaos.tokenIssued(id, now.getTime());
  core.schedulePurge();
  sendJson(ctx, 200, { '@odata.context': `${GRAPH_CONTEXT}#subscriptions/$entity`, ...updated });
}

/** A chaos profile's 429/503/403/402 for this create or renew (see chaos.ts), as Graph would answer it. */
function chaosFault(core: EmulatorCore, operation: 'create' | 'renew', resource: string): void {
  const fault = core.chaos.apiFault(operation, resource);
  if (!fault) return;
  core.log.info(`chaos (${core.chaos.settings().profile}, seed ${core.chaos.settings().seed}): ${operation} of ${resource} answered ${fault.status}`);
  const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
  throw new EmulatorHttpError(fault.status, fault.code, fault.message, headers);
}

/** Runs the handshake on each webhook URL in turn; the first failure becomes Graph's 400. */
async function handshakes(core: EmulatorCore, subscriptionId: string, urls: unknown[]): Promise<void> {
  for (const url of urls) {
    if (typeof url !== 'string') continue;
    if (isNonWebhookUrl(url)) {
      // Event Hubs: a validation event instead of the handshake; Event Grid: none at create.
      const problem = await core.channels?.validate(subscriptionId, url);
      if (problem) throw new EmulatorHttpError(400, 'InvalidRequest', problem);
      continue;
    }
    const result = await runHandshake(core.engine.poster, url, core.options.handshakeTimeoutMs ?? 10_000);
    core.engine.record({
      time: core.now().toISOString(),
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
      core.log.warn(`validation of ${maskUrl(url)} failed: ${result.message}`);
      throw new EmulatorHttpError(400, 'ValidationError', result.message ?? Messages.handshakeNo200);
    }
  }
}

function changeTypeSet(changeType: string): string {
  return changeType.split(',').map((c) => c.trim().toLowerCase()).filter(Boolean).sort().join(',');
}

/**
 * Same resource and changeType as an existing subscription of the caller: Graph's 409
 * (https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions?view=graph-rest-1.0#response).
 */
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
