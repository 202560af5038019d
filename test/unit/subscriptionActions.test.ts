// SubscriptionActions: the one implementation of renew / renew to max / reauthorize / recreate /
// delete, over a fake Graph client, store and secrets — the rules it owns (Clock, 10-minute rule,
// 404 removal, clientState from secrets, store updates).
import { RequestHeaderMemory } from '../../src/subscriptions/requestHeaderMemory';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphRequestError } from '../../src/graph/errors';
import { RecentActions, withRecentActions } from '../../src/graph/recentActions';
import type { Subscription, SubscriptionDraft, SubscriptionsClient, SubscriptionUpdate } from '../../src/graph/types';
import { isTooSoonError, SubscriptionActions, type ActionAccount } from '../../src/subscriptions/subscriptionActions';
import { UNKNOWN_RESOURCE_MAX_MINUTES } from '../../src/subscriptions/renewalLimits';
import { nullLogger } from '../../src/util/logger';

const MIN = 60_000;
const T0 = Date.parse('2030-01-01T00:00:00Z');

function notFound(): GraphRequestError {
  return GraphRequestError.fromResponse(404, JSON.stringify({ error: { code: 'ResourceNotFound', message: 'gone' } }));
}

function world(options: { gone?: Set<string>; requestHeaders?: RequestHeaderMemory } = {}) {
  const now = { ms: T0 };
  const graph = new Map<string, Subscription>();
  const gone = options.gone ?? new Set<string>();
  const calls: string[] = [];
  const createHeaders: (Record<string, string> | undefined)[] = [];
  let next = 1;
  const raw: SubscriptionsClient = {
    getJson: async () => { throw new Error('unused'); },
    listAll: async () => [...graph.values()].map((s) => ({ ...s, clientState: null })),
    get: async (id) => {
      const s = graph.get(id);
      if (!s) throw notFound();
      return { ...s };
    },
    create: async (draft: SubscriptionDraft, createOptions?: { headers?: Record<string, string> }) => {
      calls.push('create');
      createHeaders.push(createOptions?.headers);
      const s = { ...draft, id: `new-${next++}` } as Subscription;
      graph.set(s.id, s);
      return { ...s };
    },
    update: async (id: string, patch: SubscriptionUpdate) => {
      calls.push(`update ${id}`);
      const s = graph.get(id);
      if (!s || gone.has(id)) throw notFound();
      Object.assign(s, patch);
      return { ...s, clientState: null };
    },
    delete: async (id) => {
      calls.push(`delete ${id}`);
      if (!graph.delete(id)) throw notFound();
    },
    reauthorize: async (id) => {
      calls.push(`reauthorize ${id}`);
      if (!graph.has(id) || gone.has(id)) throw notFound();
    },
  };
  const recent = new RecentActions(() => now.ms);
  const account: ActionAccount = { id: 'acc', label: 'Test', kind: 'delegatedWork', isSandbox: true, client: withRecentActions(raw, recent), grantedPermissions: async () => ['Mail.Read'] };
  const cache = new Map<string, Subscription>();
  const lastKnown = new Map<string, { accountId: string; subscription: Subscription }>();
  const store = {
    upsert: (accountId: string, s: Subscription) => {
      cache.set(s.id, s);
      lastKnown.set(s.id, { accountId, subscription: s });
    },
    remove: (_accountId: string, id: string) => void cache.delete(id),
    lastKnownDefinition: (id: string) => lastKnown.get(id),
  };
  const secrets = new Map<string, string>();
  const clientStates = { get: async (id: string) => secrets.get(id), remember: async (id: string, v: string) => void secrets.set(id, v) };
  const actions = new SubscriptionActions({ accounts: { get: (id) => (id === account.id ? account : undefined) }, store, clock: { now: () => new Date(now.ms) }, recent, clientStates, log: nullLogger, requestHeaders: options.requestHeaders });
  const add = (s: Partial<Subscription> & { id: string }): Subscription => {
    const full: Subscription = { resource: 'me/contacts', changeType: 'created', notificationUrl: 'https://h/n', expirationDateTime: new Date(T0 + 60 * MIN).toISOString(), ...s };
    graph.set(full.id, { ...full });
    store.upsert(account.id, full);
    return full;
  };
  return { now, graph, calls, account, cache, lastKnown, secrets, actions, add, recent, createHeaders };
}

test('renew to maximum measures from the Clock, uses the catalog maximum, and updates the store', async () => {
  const w = world();
  const sub = w.add({ id: 's1', resource: 'me/contacts' });
  w.now.ms = T0 + 5 * 24 * 60 * MIN; // the Clock, not real time
  const renewed = await w.actions.renewToMax(w.account, sub);
  assert.equal(renewed.expirationDateTime, new Date(w.now.ms + 10_080 * MIN - MIN).toISOString());
  assert.equal(w.cache.get('s1')?.expirationDateTime, renewed.expirationDateTime);
});

test('renew to maximum of a resource the catalog does not know uses the 4,230-minute fallback (never a reauthorize instead)', async () => {
  const w = world();
  const sub = w.add({ id: 's1', resource: 'solutions/somethingNew/things' });
  const renewed = await w.actions.renewToMax(w.account, sub);
  assert.equal(renewed.expirationDateTime, new Date(T0 + UNKNOWN_RESOURCE_MAX_MINUTES * MIN - MIN).toISOString());
  assert.deepEqual(w.calls, ['update s1']);
});

test('a renewal within 10 minutes of a reauthorize is refused (and vice versa) without calling Graph', async () => {
  const w = world();
  const sub = w.add({ id: 's1' });
  await w.actions.reauthorize(w.account, sub);
  w.now.ms += 9 * MIN;
  await assert.rejects(w.actions.renewToMax(w.account, sub), (e) => isTooSoonError(e) && /10 minutes/.test(e.message));
  w.now.ms += 2 * MIN;
  await w.actions.renewToMax(w.account, sub);
  await assert.rejects(w.actions.reauthorize(w.account, sub), (e) => isTooSoonError(e));
  assert.deepEqual(w.calls, ['reauthorize s1', 'update s1']);
});

test('a 404 on renew or reauthorize removes the subscription from the store and says it is gone', async () => {
  for (const act of ['renew', 'reauthorize'] as const) {
    const w = world({ gone: new Set(['s1']) });
    const sub = w.add({ id: 's1' });
    const run = act === 'renew' ? w.actions.renewToMax(w.account, sub) : w.actions.reauthorize(w.account, sub);
    await assert.rejects(run, (e: Error) => /no longer exists/.test(e.message));
    assert.equal(w.cache.has('s1'), false, `${act}: removed from the store`);
  }
});

test('recreate takes the clientState from secrets when the store knows it as null (a list after a reload)', async () => {
  const w = world();
  w.add({ id: 'old', resource: 'me/events', clientState: null, lifecycleNotificationUrl: 'https://h/l' });
  w.secrets.set('old', 'the-secret');
  w.graph.delete('old');
  const created = await w.actions.recreate('old');
  assert.equal(w.graph.get(created.id)?.clientState, 'the-secret', 'sent to Graph');
  assert.equal(w.secrets.get(created.id), 'the-secret', 'kept for the receiver check');
  assert.equal(w.graph.get(created.id)?.lifecycleNotificationUrl, 'https://h/l');
  assert.equal(w.cache.has('old'), false, 'the old one left the store');
  assert.equal(w.cache.get(created.id)?.clientState, 'the-secret');
  assert.equal(created.expirationDateTime, new Date(T0 + 10_080 * MIN - MIN).toISOString(), 'expires at the maximum on the Clock');
});

test('recreate of an unknown subscription says so and offers the editor', async () => {
  const w = world();
  await assert.rejects(w.actions.recreate('never-seen'), (e: Error & { nextSteps?: { title: string }[] }) => /not known/.test(e.message) && e.nextSteps?.[0]?.title === 'Create Subscription');
});

test('delete removes from Graph and the store; a 404 counts as already deleted', async () => {
  const w = world();
  const sub = w.add({ id: 's1' });
  await w.actions.delete(w.account, sub);
  assert.equal(w.graph.has('s1'), false);
  assert.equal(w.cache.has('s1'), false);
  const ghost = w.add({ id: 's2' });
  w.graph.delete('s2');
  await w.actions.delete(w.account, ghost);
  assert.equal(w.cache.has('s2'), false);
});

test('recreate sends the Prefer headers the subscription was created with, and remembers them for the new one', async () => {
  const memory = new RequestHeaderMemory();
  const w = world({ requestHeaders: memory });
  w.add({ id: 'old', resource: 'me/messages', clientState: null });
  memory.remember('old', ['IdType="ImmutableId"']);
  w.graph.delete('old');
  const created = await w.actions.recreate('old');
  assert.deepEqual(w.createHeaders, [{ Prefer: 'IdType="ImmutableId"' }], 'Graph reads Prefer on create only: sent again');
  assert.deepEqual(memory.preferences(created.id), ['IdType="ImmutableId"']);
  const plain = world({ requestHeaders: new RequestHeaderMemory() });
  plain.add({ id: 'p', resource: 'me/messages', clientState: null });
  plain.graph.delete('p');
  await plain.actions.recreate('p');
  assert.deepEqual(plain.createHeaders, [undefined], 'no headers when it was created without');
});
