import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, messageDraft, type Harness, withHarness } from './emulatorTestKit';

async function create(h: Harness, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, overrides) });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json as { id: string };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a delivery delay holds the subscription\'s change notifications before their first POST, then delivers them', async () => {
  await withHarness(async (h) => {
    const sub = await create(h);
    const other = await create(h, { changeType: 'created' });
    h.emulator.setDeliveryDelay(sub.id, 400);
    assert.equal(h.emulator.deliveryDelay(sub.id), 400);
    assert.equal(h.emulator.deliveryDelay(other.id), 0, 'the delay is per subscription');
    const started = Date.now();
    const pending = h.emulator.simulateChange(sub.id, { count: 2 });
    await settle(150);
    assert.equal(h.receiver.notifications.length, 0, 'nothing is POSTed while the delay runs');
    const report = await pending;
    const waited = Date.now() - started;
    assert.ok(waited >= 390, `delivered after the delay (${waited} ms)`);
    assert.equal(report.delivered, 2);
    assert.equal(report.deliveryDelayMs, 400);
    assert.equal(h.receiver.notifications.length, 1);
    // The other subscription is not held back.
    const undelayed = await h.emulator.simulateChange(other.id);
    assert.equal(undelayed.deliveryDelayMs, undefined);
    assert.equal(undelayed.delivered, 1);
  });
});

test('a delay of 0 removes it; a negative delay or an unknown subscription is refused', async () => {
  await withHarness(async (h) => {
    const sub = await create(h);
    h.emulator.setDeliveryDelay(sub.id, 5_000);
    h.emulator.setDeliveryDelay(sub.id, 0);
    assert.equal(h.emulator.deliveryDelay(sub.id), 0);
    const report = await h.emulator.simulateChange(sub.id);
    assert.equal(report.deliveryDelayMs, undefined);
    assert.equal(report.delivered, 1);
    assert.throws(() => h.emulator.setDeliveryDelay(sub.id, -1), /0 or more milliseconds/);
    assert.throws(() => h.emulator.setDeliveryDelay(sub.id, Number.NaN), /0 or more milliseconds/);
    assert.throws(() => h.emulator.setDeliveryDelay('no-such-subscription', 100), (e: { statusCode?: number; status?: number }) => (e.statusCode ?? e.status) === 404);
  });
});

test('lifecycle notifications are not delayed (they tell the app to act on the subscription)', async () => {
  await withHarness(async (h) => {
    const sub = await create(h, { lifecycleNotificationUrl: h.receiver.url('/lifecycle') });
    h.emulator.setDeliveryDelay(sub.id, 60_000);
    const report = await h.emulator.simulateLifecycleEvent(sub.id, 'missed');
    assert.equal(report.delivered, 1);
    assert.equal(report.deliveryDelayMs, undefined);
  });
});

test('POST /_emulator/subscriptions/{id}/delay sets the delay over HTTP and refuses bad bodies', async () => {
  await withHarness(async (h) => {
    const sub = await create(h);
    const url = `${h.emulator.baseUrl}/_emulator/subscriptions/${sub.id}/delay`;
    assert.equal((await call(url, { method: 'POST', body: { delayMs: 250 } })).status, 204);
    assert.equal(h.emulator.deliveryDelay(sub.id), 250);
    const bad = await call(url, { method: 'POST', body: { delayMs: -5 } });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error.message, /delayMs/);
    const unknown = await call(`${h.emulator.baseUrl}/_emulator/subscriptions/nope/delay`, { method: 'POST', body: { delayMs: 10 } });
    assert.equal(unknown.status, 404);
  });
});

test('closing the emulator ends a pending delay without POSTing', async () => {
  let h: Harness | undefined;
  await withHarness(async (harness) => {
    h = harness;
    const sub = await create(harness);
    harness.emulator.setDeliveryDelay(sub.id, 60_000);
    const pending = harness.emulator.simulateChange(sub.id);
    await settle(50);
    await harness.emulator.close();
    const report = await pending;
    assert.equal(report.posts, 0);
  });
  assert.equal(h?.receiver.notifications.length, 0);
});
