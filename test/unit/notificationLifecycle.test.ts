import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { decideLifecycle, LifecycleGuard } from '../../src/notifications/lifecyclePolicy';

test('reauthorizationRequired: renew automatically with auto-renew, else ask', () => {
  assert.deepEqual(decideLifecycle('reauthorizationRequired', { trusted: true, autoRenew: true }), { do: 'renew' });
  assert.deepEqual(decideLifecycle('reauthorizationRequired', { trusted: true, autoRenew: false }), { do: 'ask', options: ['renew', 'reauthorize'] });
});

test('never a reauthorize and a PATCH for the same subscription within 10 minutes', () => {
  const guard = new LifecycleGuard();
  const t0 = Date.parse('2026-11-23T10:00:00Z');
  guard.record('s1', 'reauthorize', t0);
  const recent = guard.recent('s1', t0 + 9 * 60_000);
  assert.ok(recent);
  const d = decideLifecycle('reauthorizationRequired', { trusted: true, autoRenew: true, recent, now: t0 + 9 * 60_000 });
  assert.equal(d.do, 'wait');
  assert.equal(guard.recent('s1', t0 + 10 * 60_000), undefined);
  assert.equal(guard.recent('s2', t0), undefined);
});

test('removed → offer to recreate; missed → resync; unknown → ignored; untrusted → no action', () => {
  assert.deepEqual(decideLifecycle('subscriptionRemoved', { trusted: true, autoRenew: false }), { do: 'offerRecreate' });
  assert.deepEqual(decideLifecycle('missed', { trusted: true, autoRenew: true }), { do: 'warnResync' });
  assert.equal(decideLifecycle('somethingNew', { trusted: true, autoRenew: true }).do, 'ignore');
  assert.deepEqual(decideLifecycle('reauthorizationRequired', { trusted: false, autoRenew: true }), { do: 'refuseUntrusted' });
});
