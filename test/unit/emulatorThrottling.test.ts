/**
 * Endpoint throttling (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#throttling),
 * driven by the receiver's real response times and the emulator's test clock (no real 10-minute waits).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSubscriptionNode } from '../../src/tree/treeModel';
import { EndpointThrottle } from '../../src/emulator/throttling';
import { startReceiverStub } from '../fixtures/receiverStub';
import { call, harness, messageDraft } from './emulatorTestKit';

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('an endpoint slower than the first-try timeout for over 10% of responses gets new notifications 10 minutes late', async () => {
  const h = await harness({ deliveryTimeoutMs: 100, retryTimeoutMs: 300, maxDeliveryAttempts: 1 }, { notificationDelayMs: (n) => (n <= 10 ? 150 : 0) });
  try {
    const created = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h) });
    assert.equal(created.status, 201);
    const id = created.json.id;
    for (let i = 0; i < 10; i++) await h.emulator.simulateChange(id);
    assert.equal(h.emulator.subscriptionThrottle(id), 'slow');
    assert.equal(h.emulator.throttling()[0].slowPercent, 100);
    // A few go straight through as a test, then new notifications wait.
    for (let i = 0; i < 3; i++) {
      const probe = await h.emulator.simulateChange(id);
      assert.equal(probe.attempts[0].throttle, 'probe', `probe ${i + 1}`);
      assert.equal(probe.delivered, 1);
    }
    const held = await h.emulator.simulateChange(id);
    assert.equal(held.delayed, 1);
    assert.equal(held.delivered, 0);
    assert.equal(held.attempts[0].throttle, 'delayed');
    assert.match(held.attempts[0].error ?? '', /10 minutes late/);
    const before = h.receiver.notifications.length;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(h.receiver.notifications.length, before, 'not sent before the emulator clock moves');
    h.clock.advanceMinutes(10);
    await until('the delayed notification', () => h.receiver.notifications.length > before);
    const late = await until('its log entry', () => h.emulator.deliveryLog().find((a) => a.throttle === 'delayed' && a.ok));
    assert.equal(late.notifications, 1);
    h.clock.advanceMinutes(1);
    assert.equal(h.emulator.subscriptionThrottle(id), 'normal', 'the window moved on: no slow responses in the last 10 minutes');
    const node = buildSubscriptionNode('sandbox', true, created.json, h.clock.now(), 60, 'slow');
    assert.match(String(node.description), /throttled: delayed/);
    assert.match(String(node.tooltip), /Throttled: delayed/);
  } finally {
    await h.close();
  }
});

test('an endpoint over the retry timeout for over 15% of responses has notifications dropped, and an Outlook subscription gets missed', async () => {
  const lifecycle = await startReceiverStub();
  const h = await harness({ deliveryTimeoutMs: 100, retryTimeoutMs: 200, maxDeliveryAttempts: 2, retryBackoffMs: 1 }, { notificationDelayMs: () => 400 });
  try {
    const created = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { lifecycleNotificationUrl: lifecycle.url('/lifecycle') }) });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = created.json.id;
    for (let i = 0; i < 5; i++) await h.emulator.simulateChange(id);
    assert.equal(h.emulator.subscriptionThrottle(id), 'drop');
    const dropped = await h.emulator.simulateChange(id, { count: 2 });
    assert.equal(dropped.dropped, 2);
    assert.equal(dropped.posts, 0, 'nothing was sent');
    assert.equal(dropped.attempts[0].throttle, 'dropped');
    const missed = await until('the missed lifecycle event', () => lifecycle.notifications.find((n) => (n.json as any)?.value?.[0]?.lifecycleEvent === 'missed'));
    assert.equal((missed.json as any).value[0].subscriptionId, id);
    assert.ok(h.emulator.counters().dropped >= 2);
    const node = buildSubscriptionNode('sandbox', true, created.json, h.clock.now(), 60, 'drop');
    assert.match(String(node.description), /throttled: dropping/);
  } finally {
    await h.close();
    await lifecycle.close();
  }
});

test('the throttle needs enough responses in the window and ends when the share falls under the threshold', () => {
  let now = 0;
  const t = new EndpointThrottle(() => now);
  for (let i = 0; i < 9; i++) t.record('h', { overFirstTimeout: true, overRetryTimeout: false });
  assert.equal(t.stateOf('h'), 'normal', 'nine responses are too few to judge');
  t.record('h', { overFirstTimeout: true, overRetryTimeout: false });
  assert.equal(t.stateOf('h'), 'slow');
  for (let i = 0; i < 90; i++) t.record('h', { overFirstTimeout: false, overRetryTimeout: false });
  assert.equal(t.stateOf('h'), 'normal', '10 of 100 is not more than 10%');
  now += 11 * 60_000;
  for (let i = 0; i < 20; i++) t.record('h', { overFirstTimeout: true, overRetryTimeout: i < 4 });
  assert.equal(t.stateOf('h'), 'drop', '4 of 20 = 20% over the retry timeout');
  assert.equal(t.decide('h').action, 'drop');
});

test('the window counts responses in time buckets: a steady fast endpoint keeps a bounded state, old slow responses leave the window', () => {
  let now = Date.parse('2026-12-02T10:00:00Z');
  const throttle = new EndpointThrottle(() => now);
  // Ten minutes of a fast endpoint fed 50 notifications a second (30,000 responses)...
  for (let s = 0; s < 600; s++) {
    for (let i = 0; i < 50; i++) throttle.record('receiver:1', { overFirstTimeout: false, overRetryTimeout: false });
    now += 1000;
  }
  const state = (throttle as unknown as { hosts: Map<string, { buckets: unknown[] }> }).hosts.get('receiver:1');
  assert.ok(state && state.buckets.length <= 700, `the state holds time buckets, not one entry per response (${state?.buckets.length})`);
  assert.equal(throttle.stateOf('receiver:1'), 'normal');
  // ...then a burst of slow answers: 4,000 of ~34,000 in the window is over 10%.
  for (let i = 0; i < 4000; i++) throttle.record('receiver:1', { overFirstTimeout: true, overRetryTimeout: false });
  assert.equal(throttle.stateOf('receiver:1'), 'slow');
  const [s] = throttle.states();
  assert.ok(s.responses > 30_000 && s.responses <= 34_000, `responses in the window: ${s.responses}`);
  // Ten minutes of fast answers later the slow ones are out of the window.
  for (let m = 0; m < 11; m++) {
    now += 60_000;
    for (let i = 0; i < 50; i++) throttle.record('receiver:1', { overFirstTimeout: false, overRetryTimeout: false });
  }
  assert.equal(throttle.stateOf('receiver:1'), 'normal');
  assert.equal(throttle.states()[0].slowPercent, 0);
});
