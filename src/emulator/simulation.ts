/**
 * Simulated change and lifecycle notifications: builds the items the way Graph does
 * (https://learn.microsoft.com/en-us/graph/api/resources/changenotification?view=graph-rest-1.0)
 * and hands them to delivery in batches, with validationTokens for rich notifications.
 */
import { randomUUID } from 'node:crypto';
import type { ChangeNotification, ChangeNotificationCollection, LifecycleEvent } from '../graph/types';
import type { EmulatorCore } from './core';
import { maskUrl, type DeliveryReport } from './delivery';
import { encryptResourceData, parseEncryptionCertificate } from './encryptResourceData';
import { EmulatorHttpError, Messages } from './errors';
import { immutableKey, subscriptionCollection } from './deltaState';
import { lifecycleEventRefusal, lifecycleEventsFor } from './lifecycle';
import type { SimulateChangeOptions } from './options';
import { sampleChange } from './resourceData';
import { extraEventRefusal, systemEventMessageType } from './preferences';
import { isNonWebhookUrl } from './rules';
import type { StoredSubscription } from './store';
import { hostOf } from './throttling';
import type { TokenVersion } from './tokens';
import { memoise } from '../util/memo';

/** The change types a subscription's `changeType` lists ("created,updated"), lower case. */
const changeTypesOf = memoise((changeType: string): readonly string[] => changeType.split(',').map((c) => c.trim().toLowerCase()).filter(Boolean));

export async function simulateChange(core: EmulatorCore, subscriptionId: string, options: SimulateChangeOptions = {}): Promise<DeliveryReport> {
  const stored = core.live(subscriptionId);
  if (!stored) throw new EmulatorHttpError(404, 'ResourceNotFound', Messages.notFound(subscriptionId));
  const sub = stored.subscription;
  const allowed = changeTypesOf(sub.changeType);
  const changeType = (options.changeType ?? allowed[0] ?? 'updated').trim().toLowerCase();
  if (!allowed.includes(changeType)) {
    throw new EmulatorHttpError(400, 'InvalidRequest', `Subscription ${subscriptionId} is for '${sub.changeType}'; Graph never sends '${changeType}' to it.`);
  }
  const requested = Math.max(1, Math.min(Math.floor(options.count ?? 1), 100_000));
  const now = core.now();
  const preferences = stored.preferences ?? [];
  if (options.event) {
    const refusal = extraEventRefusal(options.event, sub.resource, preferences);
    if (refusal) throw new EmulatorHttpError(400, 'InvalidRequest', refusal);
  }
  // Evaluation mode (Teams licensed path without model=): past the month's quota Graph sends nothing.
  const count = core.teamsLicensing.admit(stored, requested, now);
  const withheld = requested - count;
  const overrides = options.event === 'systemEventMessage'
    ? { messageType: systemEventMessageType(preferences), eventDetail: { '@odata.type': '#microsoft.graph.membersAddedEventMessageDetail', visibleHistoryStartDateTime: '0001-01-01T00:00:00Z' }, ...options.resourceData }
    : options.resourceData;
  const rich = sub.includeResourceData === true && typeof sub.encryptionCertificate === 'string' && sub.encryptionCertificate !== '';
  const cert = rich ? parseEncryptionCertificate(sub.encryptionCertificate!) : undefined;
  const items: ChangeNotification[] = [];
  const userId = sub.creatorId ?? '';
  // Changes of resources with a delta query are kept, so `GET …/delta` can list them later.
  // Ids differ per ID type (https://learn.microsoft.com/en-us/graph/outlook-immutable-id): an
  // ImmutableId subscription's items are a view of their own, read by delta with the same Prefer.
  const found = subscriptionCollection(sub.resource, userId);
  const collection = found && { ...found, key: immutableKey(found.key, preferences.includes('immutableId')) };
  const touched = new Set<string>();
  for (let i = 0; i < count; i++) {
    // An update or deletion touches an item that exists (one made before, if any).
    const existing = collection && changeType !== 'created' ? core.delta.pickExisting(stored.tenantId, collection.key, touched) : undefined;
    const sample = sampleChange(sub.resource, {
      tenantId: stored.tenantId, userId, now, changeType, index: i, overrides, immutableIds: preferences.includes('immutableId'), itemId: existing?.id,
    });
    if (collection) {
      const itemId = String(sample.resourceData.id ?? existing?.id ?? '');
      touched.add(itemId);
      core.delta.record(stored.tenantId, collection.key, { id: itemId, changeType, at: now, resource: sub.resource, userId, overrides });
    }
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
  if (withheld > 0) {
    core.engine.record({
      time: now.toISOString(), kind: 'change', url: maskUrl(sub.notificationUrl), subscriptionIds: [sub.id], notifications: withheld, attempt: 0, durationMs: 0, ok: false,
      error: `Not sent: the evaluation-mode quota of this app is used up for the month (${core.teamsLicensing.current().evaluationQuota} per app per tenant; https://learn.microsoft.com/en-us/graph/teams-licenses). Graph sends nothing and tells nobody.`,
    });
    core.log.info(`subscription ${sub.id}: ${withheld} notification(s) not sent (evaluation capacity exceeded)`);
  }
  if (items.length === 0) {
    return { subscriptionId: sub.id, kind: 'change', url: maskUrl(sub.notificationUrl), notifications: 0, posts: 0, delivered: 0, dropped: 0, withheld, attempts: [] };
  }
  const report = await deliverItems(core, 'change', stored, sub.notificationUrl, items, rich ? options.tokenVersion ?? defaultVersion(core) : undefined);
  return withheld > 0 ? { ...report, withheld } : report;
}

export async function simulateLifecycleEvent(
  core: EmulatorCore,
  subscriptionId: string,
  event: LifecycleEvent,
  options: { tokenVersion?: TokenVersion } = {},
): Promise<DeliveryReport> {
  const stored = core.live(subscriptionId);
  if (!stored) throw new EmulatorHttpError(404, 'ResourceNotFound', Messages.notFound(subscriptionId));
  const sub = stored.subscription;
  const refusal = lifecycleEventRefusal(sub.resource, String(event));
  if (refusal) throw new EmulatorHttpError(400, 'InvalidRequest', refusal);
  if (!sub.lifecycleNotificationUrl) {
    throw new EmulatorHttpError(
      400,
      'InvalidRequest',
      `Subscription ${subscriptionId} has no lifecycleNotificationUrl: Graph sends lifecycle notifications only there ` +
        '(https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events). Recreate it with one.',
    );
  }
  const report = await deliverLifecycle(core, stored, event, options.tokenVersion);
  if (event === 'subscriptionRemoved') {
    core.store.delete(sub.id);
    core.schedulePurge();
  }
  return report;
}

/** One lifecycle notification to the subscription's lifecycleNotificationUrl (also used when throttling drops). */
export function deliverLifecycle(core: EmulatorCore, stored: StoredSubscription, event: LifecycleEvent, tokenVersion?: TokenVersion): Promise<DeliveryReport> {
  const sub = stored.subscription;
  const item: ChangeNotification = {
    subscriptionId: sub.id,
    subscriptionExpirationDateTime: sub.expirationDateTime,
    tenantId: stored.tenantId,
    lifecycleEvent: event,
  };
  if (sub.clientState) item.clientState = sub.clientState;
  const rich = sub.includeResourceData === true;
  return deliverItems(core, 'lifecycle', stored, sub.lifecycleNotificationUrl ?? '', [item], rich ? tokenVersion ?? defaultVersion(core) : undefined);
}

function defaultVersion(core: EmulatorCore): TokenVersion {
  return core.options.validationTokenVersion ?? '1.0';
}

async function deliverItems(
  core: EmulatorCore,
  kind: 'change' | 'lifecycle',
  stored: StoredSubscription,
  url: string,
  items: ChangeNotification[],
  tokenVersion: TokenVersion | undefined,
): Promise<DeliveryReport> {
  const sub = stored.subscription;
  const report: DeliveryReport = { subscriptionId: sub.id, kind, url: maskUrl(url), notifications: items.length, posts: 0, delivered: 0, dropped: 0, attempts: [] };
  if (isNonWebhookUrl(url) && core.channels) return core.channels.deliver(kind, sub, stored.tenantId, url, items);
  if (isNonWebhookUrl(url)) {
    report.dropped = items.length;
    core.log.warn(`subscription ${sub.id} delivers to ${url.split(':')[0]}; the emulator does not deliver there`);
    return report;
  }
  const delayMs = kind === 'change' ? core.deliveryDelay(sub.id) : 0;
  if (delayMs > 0) {
    // A per-subscription delay (Emulator.setDeliveryDelay): the items were built now, they leave later.
    report.deliveryDelayMs = delayMs;
    await core.engine.wait(delayMs);
  }
  const batch = Math.max(1, core.options.maxBatchSize ?? 100);
  const audience = sub.notificationUrlAppId ?? sub.applicationId ?? '';
  const token = tokenVersion ? await core.authority.issueValidationToken(audience, stored.tenantId, core.now(), tokenVersion) : undefined;
  const host = hostOf(url);
  const { firstMs, retryMs } = core.engine.timeouts;
  const send = async (value: ChangeNotification[], mark?: 'delayed' | 'probe') => {
    const body: ChangeNotificationCollection = token ? { value, validationTokens: [token] } : { value };
    const attempts = await core.engine.send(kind, url, body, [sub.id], mark);
    // The receiver's real response times drive throttling (lifecycle URLs are not throttled here).
    if (kind === 'change') {
      for (const a of attempts) {
        const timedOut = a.status === undefined && /No response within/.test(a.error ?? '');
        core.throttle.record(host, {
          overFirstTimeout: timedOut || a.durationMs >= firstMs,
          overRetryTimeout: a.durationMs >= retryMs || (a.attempt > 1 && timedOut),
        });
      }
    }
    return attempts;
  };
  if (kind === 'change' && core.chaos.tokenExpired(sub.id, core.now().getTime())) {
    // While the endpoint's access token is expired Graph delivers nothing until the app reauthorizes
    // or renews (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks).
    report.dropped += items.length;
    report.attempts.push(
      core.engine.recordThrottled(kind, url, [sub.id], items.length, 'dropped',
        `Paused (chaos '${core.chaos.settings().profile}'): the endpoint's access token expired at ${new Date(core.chaos.tokenExpiresAt(sub.id) ?? 0).toISOString()}; Graph delivers again after POST /subscriptions/${sub.id}/reauthorize or a renewal (PATCH).`),
    );
    return report;
  }
  const plan = kind === 'change' ? chaosPlan(core, stored, items, batch) : undefined;
  const batches = plan ? plan.batches : chunk(items, batch).map((value) => ({ value, delayMs: 0 }));
  if (plan) report.chaos = plan.summary;
  const sends: Promise<void>[] = [];
  let dropped = false;
  for (const { value, delayMs } of batches) {
    if (delayMs > 0) await core.engine.wait(delayMs);
    const decision = kind === 'change' ? core.throttle.decide(host) : ({ action: 'send', probe: false } as const);
    if (decision.action === 'drop') {
      report.dropped += value.length;
      dropped = true;
      report.attempts.push(
        core.engine.recordThrottled(kind, url, [sub.id], value.length, 'dropped',
          `Dropped: more than 15% of this endpoint's responses took over ${retryMs / 1000} s in the last 10 minutes; Graph drops notifications to it until ${new Date(decision.untilMs).toISOString()}.`),
      );
      continue;
    }
    if (decision.action === 'delay') {
      report.delayed = (report.delayed ?? 0) + value.length;
      report.attempts.push(
        core.engine.recordThrottled(kind, url, [sub.id], value.length, 'delayed',
          `Delayed: more than 10% of this endpoint's responses took over ${firstMs / 1000} s in the last 10 minutes; Graph sends new notifications 10 minutes late (at ${new Date(decision.untilMs).toISOString()}).`),
      );
      core.later(decision.untilMs, () => send(value, 'delayed'));
      continue;
    }
    const sent = send(value, decision.probe ? 'probe' : undefined).then((attempts) => {
      report.posts += attempts.length;
      report.attempts.push(...attempts);
      if (attempts.some((a) => a.ok)) report.delivered += value.length;
      else report.dropped += value.length;
    });
    // Under chaos the POSTs leave one after the other, so the planned order is the order received.
    if (plan) await sent;
    else sends.push(sent);
  }
  await Promise.all(sends);
  if (dropped) await missedForDrops(core, stored);
  if (plan?.removeAfter && core.live(sub.id)) {
    core.log.info(`chaos (${core.chaos.settings().profile}, seed ${core.chaos.settings().seed}): Graph removes subscription ${sub.id}`);
    await simulateLifecycleEvent(core, sub.id, 'subscriptionRemoved');
  }
  return report;
}

function chunk<T>(items: T[], size: number): T[][] {
  if (items.length <= size) return [items];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The active chaos profile's plan for this burst, as POST bodies: duplicates keep their id, an updated pair gets a new one. */
function chaosPlan(core: EmulatorCore, stored: StoredSubscription, items: ChangeNotification[], batch: number) {
  if (!core.chaos.active) return undefined;
  const sub = stored.subscription;
  const changeTypes = sub.changeType.split(',').map((c) => c.trim().toLowerCase());
  const plan = core.chaos.deliveryPlan(`${sub.resource.replace(/^\/+/, '').toLowerCase()}|${changeTypes.slice().sort().join(',')}`, {
    changeTypes: items.map((i) => i.changeType ?? ''),
    takesUpdated: changeTypes.includes('updated'),
    batchSize: batch,
    removable: !!sub.lifecycleNotificationUrl && lifecycleEventsFor(sub.resource).includes('subscriptionRemoved'),
  });
  if (!plan) return undefined;
  const pairs = new Map<number, ChangeNotification>();
  const itemOf = (source: number, copy: 'original' | 'duplicate' | 'updatedPair'): ChangeNotification => {
    if (copy !== 'updatedPair') return items[source];
    let pair = pairs.get(source);
    if (!pair) {
      pair = { ...items[source], id: randomUUID(), changeType: 'updated' };
      pairs.set(source, pair);
    }
    return pair;
  };
  const all = plan.posts.flatMap((p) => p.items);
  return {
    removeAfter: plan.removeAfter,
    batches: plan.posts.map((p) => ({ value: p.items.map((i) => itemOf(i.source, i.copy)), delayMs: p.delayMs })),
    summary: {
      profile: core.chaos.settings().profile,
      seed: core.chaos.settings().seed,
      duplicates: all.filter((i) => i.copy === 'duplicate').length,
      updatedPairs: all.filter((i) => i.copy === 'updatedPair').length,
      shuffled: plan.shuffled,
      delayedMs: plan.posts.reduce((sum, p) => sum + p.delayMs, 0),
      removed: plan.removeAfter,
    },
  };
}

const missedSent = new WeakMap<StoredSubscription, number>();

/**
 * Dropped notifications cannot be recovered; Outlook subscriptions learn of them through a `missed`
 * lifecycle event (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events#missed-notifications),
 * once per drop period.
 */
async function missedForDrops(core: EmulatorCore, stored: StoredSubscription): Promise<void> {
  const sub = stored.subscription;
  if (!sub.lifecycleNotificationUrl || !lifecycleEventsFor(sub.resource).includes('missed')) return;
  const now = core.now().getTime();
  const last = missedSent.get(stored);
  if (last !== undefined && now - last < 10 * 60_000) return;
  missedSent.set(stored, now);
  await deliverLifecycle(core, stored, 'missed');
}
