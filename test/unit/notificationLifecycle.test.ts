import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { decideLifecycle } from '../../src/notifications/lifecyclePolicy';
import { RecentActions } from '../../src/graph/recentActions';

test('reauthorizationRequired: renew automatically with auto-renew, else ask', () => {
  assert.deepEqual(decideLifecycle('reauthorizationRequired', { trust: 'verified', autoRenew: true }), { do: 'renew' });
  assert.deepEqual(decideLifecycle('reauthorizationRequired', { trust: 'verified', autoRenew: false }), { do: 'ask', options: ['renew', 'reauthorize'] });
});

test('auto-renew waits when a reauthorize was sent within 10 minutes, and renews after', () => {
  const t0 = Date.parse('2026-11-23T10:00:00Z');
  const recent = new RecentActions(() => t0);
  recent.record('s1', 'reauthorize', t0);
  const blocking = recent.conflict('s1', 'renew', t0 + 9 * 60_000);
  assert.ok(blocking);
  const d = decideLifecycle('reauthorizationRequired', { trust: 'verified', autoRenew: true, recent: blocking, now: t0 + 9 * 60_000 });
  assert.equal(d.do, 'wait');
  assert.match(d.do === 'wait' ? d.reason : '', /reauthorize was sent 9 min ago/);
  assert.equal(recent.conflict('s1', 'renew', t0 + 10 * 60_000), undefined);
  // A renewal after a renewal is not a conflict; another subscription is unaffected.
  recent.record('s2', 'renew', t0);
  assert.equal(recent.conflict('s2', 'renew', t0 + 60_000), undefined);
  assert.ok(recent.conflict('s2', 'reauthorize', t0 + 60_000));
});

test('removed → offer to recreate; missed → resync; unknown → ignored; untrusted → no action', () => {
  assert.deepEqual(decideLifecycle('subscriptionRemoved', { trust: 'verified', autoRenew: false }), { do: 'offerRecreate' });
  assert.deepEqual(decideLifecycle('missed', { trust: 'verified', autoRenew: true }), { do: 'warnResync' });
  assert.equal(decideLifecycle('somethingNew', { trust: 'verified', autoRenew: true }).do, 'ignore');
  assert.deepEqual(decideLifecycle('reauthorizationRequired', { trust: 'untrusted', autoRenew: true }), { do: 'refuseUntrusted' });
});
