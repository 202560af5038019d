/**
 * The Sandbox's bookkeeping stays correct where it was made cheap: expiry is still seen after a
 * renewal moves it, the delta state forgets its oldest items in chunks (and says so with 410), and
 * memoised resource facts are shared read-only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeltaState } from '../../src/emulator/deltaState';
import { SubscriptionStore } from '../../src/emulator/store';
import type { Subscription } from '../../src/graph/types';
import { memoise } from '../../src/util/memo';

const T0 = Date.parse('2026-12-02T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function subscription(id: string, expiresInMinutes: number): Subscription {
  return { id, resource: '/me/messages', changeType: 'created', notificationUrl: 'https://example.com/n', expirationDateTime: at(expiresInMinutes).toISOString() } as Subscription;
}

test('a subscription renewed to an earlier expiry is purged at that expiry (the earliest expiry is not remembered stale)', () => {
  const store = new SubscriptionStore('tenant', undefined, undefined);
  store.add({ subscription: subscription('a', 60), tenantId: 'tenant' } as never);
  store.add({ subscription: subscription('b', 120), tenantId: 'tenant' } as never);
  assert.deepEqual(store.purgeExpired(at(1)), [], 'nothing due at minute 1');
  store.replace('a', subscription('a', 5));
  assert.deepEqual(store.purgeExpired(at(4)), []);
  assert.deepEqual(store.purgeExpired(at(6)), ['a'], 'a expired at minute 5');
  store.add({ subscription: subscription('c', 10), tenantId: 'tenant' } as never);
  assert.deepEqual(store.purgeExpired(at(11)), ['c'], 'a subscription added later with an earlier expiry is seen');
  assert.deepEqual(store.purgeExpired(at(121)), ['b']);
  assert.equal(store.all().length, 0);
});

test('the delta state forgets its oldest items past its limit, and a token from before them is known to be stale', () => {
  const delta = new DeltaState();
  const change = (id: string) => ({ id, changeType: 'created', at: at(0), resource: '/me/messages', userId: 'u' });
  delta.record('t', 'k', change('first'));
  const afterFirst = delta.currentSeq();
  assert.equal(delta.forgotten('t', 'k', afterFirst), false);
  for (let i = 0; i < 52_000; i++) delta.record('t', 'k', change(`item-${i}`));
  const kept = delta.changes('t', 'k', 0, delta.currentSeq(), true);
  assert.ok(kept.length <= 50_000 + 1024 && kept.length >= 50_000, `kept ${kept.length}`);
  assert.ok(!kept.some((i) => i.id === 'first'), 'the oldest item is forgotten');
  assert.equal(kept.at(-1)?.id, 'item-51999', 'the newest is kept');
  assert.equal(delta.forgotten('t', 'k', afterFirst), true, 'a token from before the forgotten items gets 410');
  assert.equal(delta.forgotten('t', 'k', delta.currentSeq()), false, 'a fresh token does not');
});

test('memoise: one computation per argument list, results shared and frozen, memory bounded', () => {
  let calls = 0;
  const split = memoise((a: string, b: string) => {
    calls++;
    return [a, b];
  }, 2);
  const first = split('x', 'y');
  assert.equal(split('x', 'y'), first);
  assert.equal(calls, 1);
  assert.ok(Object.isFrozen(first), 'a shared result cannot be changed by one caller for the others');
  assert.notEqual(split('x\u0000y', ''), first, 'argument lists are kept apart');
  split('p', 'q');
  split('r', 's');
  assert.equal(calls, 4);
  split('x', 'y');
  assert.equal(calls, 5, 'past its bound the cache starts afresh');
});
