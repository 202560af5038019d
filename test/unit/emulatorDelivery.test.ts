import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, MemoryLogSink } from '../../src/util/logger';
import { call, messageDraft, type Harness, withHarness } from './emulatorTestKit';

async function create(h: Harness, overrides: Record<string, unknown> = {}): Promise<any> {
  const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, overrides) });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json;
}

test('a simulated change is POSTed as JSON to notificationUrl (query kept) with Graph\'s notification shape', async () => {
  await withHarness(async (h) => {
    const sub = await create(h);
    const report = await h.emulator.simulateChange(sub.id, { changeType: 'updated' });
    assert.equal(report.delivered, 1);
    assert.equal(h.receiver.notifications.length, 1);
    const post = h.receiver.notifications[0];
    assert.equal(post.path, '/notifications');
    assert.equal(post.query.get('tenant'), 'contoso');
    assert.equal(post.contentType, 'application/json');
    const body = post.json as any;
    assert.equal(body.validationTokens, undefined, 'basic notifications carry no validation tokens');
    assert.equal(body.value.length, 1);
    const n = body.value[0];
    assert.equal(n.subscriptionId, sub.id);
    assert.equal(n.subscriptionExpirationDateTime, sub.expirationDateTime);
    assert.equal(n.changeType, 'updated');
    assert.equal(n.clientState, 'secret-client-state-1234');
    assert.equal(n.tenantId, h.emulator.tenantId);
    assert.match(n.resource, /^Users\/[^/]+\/Messages\/[^/]+$/);
    assert.equal(n.resourceData['@odata.type'], '#Microsoft.Graph.Message');
    assert.equal(n.resourceData['@odata.id'], n.resource);
    assert.match(n.resourceData['@odata.etag'], /^W\/"/);
    assert.equal(typeof n.resourceData.id, 'string');
    assert.equal(n.encryptedContent, undefined);
    assert.equal(n.lifecycleEvent, undefined);
  });
});

test('several notifications are batched, at most maxBatchSize per POST, and counted', async () => {
  await withHarness(async (h) => {
    const sub = await create(h);
    const report = await h.emulator.simulateChange(sub.id, { count: 150 });
    assert.equal(report.notifications, 150);
    assert.equal(report.delivered, 150);
    assert.equal(report.posts, 2);
    const sizes = h.receiver.notifications.map((p) => (p.json as any).value.length).sort((a, b) => a - b);
    assert.deepEqual(sizes, [50, 100]);
    const ids = new Set(h.receiver.notifications.flatMap((p) => (p.json as any).value.map((v: any) => v.resourceData.id)));
    assert.equal(ids.size, 150);
    const c = h.emulator.counters();
    assert.equal(c.delivered, 150);
    assert.equal(c.posts, 2);
    assert.equal(c.dropped, 0);
    assert.equal(c.validations, 1);
  }, { maxBatchSize: 100 });
});

test('a 5xx answer is retried with backoff until a 2xx; every attempt is logged', async () => {
  await withHarness(async (h) => {
    const sub = await create(h);
    const report = await h.emulator.simulateChange(sub.id);
    assert.equal(report.delivered, 1);
    assert.deepEqual(report.attempts.map((a) => [a.attempt, a.status, a.ok]), [[1, 503, false], [2, 202, true]]);
    const c = h.emulator.counters();
    assert.equal(c.retried, 1);
    assert.equal(c.failed, 1);
    assert.equal(c.delivered, 1);
    const logged = h.emulator.deliveryLog().filter((a) => a.kind === 'change');
    assert.equal(logged.length, 2);
    assert.equal(logged[0].error, 'HTTP 503');
  }, {}, { notificationStatus: (n) => (n === 1 ? 503 : 202) });
});

test('no answer within the delivery timeout counts as a failure and is retried', async () => {
  await withHarness(async (h) => {
    const sub = await create(h);
    const report = await h.emulator.simulateChange(sub.id);
    assert.equal(report.delivered, 1);
    assert.equal(report.attempts[0].ok, false);
    assert.match(report.attempts[0].error ?? '', /No response within 150 ms/);
    assert.equal(report.attempts[1].ok, true);
  }, { deliveryTimeoutMs: 150, retryTimeoutMs: 3000 }, { notificationDelayMs: (n) => (n === 1 ? 600 : 0) });
});

test('after the last attempt the notifications are dropped and counted', async () => {
  await withHarness(async (h) => {
    const sub = await create(h);
    const report = await h.emulator.simulateChange(sub.id, { count: 2 });
    assert.equal(report.delivered, 0);
    assert.equal(report.dropped, 2);
    assert.equal(report.attempts.length, 3);
    const c = h.emulator.counters();
    assert.deepEqual([c.failed, c.retried, c.dropped, c.delivered], [3, 2, 2, 0]);
  }, { maxDeliveryAttempts: 3 }, { notificationStatus: () => 500 });
});

test('only subscribed change types are simulated', async () => {
  await withHarness(async (h) => {
    const sub = await create(h, { changeType: 'created' });
    await assert.rejects(h.emulator.simulateChange(sub.id, { changeType: 'deleted' }), /never sends 'deleted'/);
    const report = await h.emulator.simulateChange(sub.id);
    assert.equal((h.receiver.notifications[0].json as any).value[0].changeType, 'created');
    assert.equal(report.delivered, 1);
  });
});

test('lifecycle events go to lifecycleNotificationUrl with lifecycleEvent and no changeType', async () => {
  await withHarness(async (h) => {
    const sub = await create(h, { lifecycleNotificationUrl: h.receiver.url('/lifecycle') });
    for (const event of ['reauthorizationRequired', 'missed'] as const) {
      const report = await h.emulator.simulateLifecycleEvent(sub.id, event);
      assert.equal(report.delivered, 1);
    }
    const posts = h.receiver.notifications;
    assert.deepEqual(posts.map((p) => p.path), ['/lifecycle', '/lifecycle']);
    const item = (posts[0].json as any).value[0];
    assert.equal(item.lifecycleEvent, 'reauthorizationRequired');
    assert.equal(item.changeType, undefined);
    assert.equal(item.subscriptionId, sub.id);
    assert.equal(item.clientState, 'secret-client-state-1234');
    assert.equal(item.tenantId, h.emulator.tenantId);
    assert.equal((await call(`${h.subscriptions}/${sub.id}`, { token: h.token })).status, 200, 'still there');

    await h.emulator.simulateLifecycleEvent(sub.id, 'subscriptionRemoved');
    assert.equal((posts[2].json as any).value[0].lifecycleEvent, 'subscriptionRemoved');
    assert.equal((await call(`${h.subscriptions}/${sub.id}`, { token: h.token })).status, 404, 'removed after sending');
  });
});

test('a lifecycle event for a subscription without lifecycleNotificationUrl is refused, as Graph sends none', async () => {
  await withHarness(async (h) => {
    const sub = await create(h);
    await assert.rejects(h.emulator.simulateLifecycleEvent(sub.id, 'reauthorizationRequired'), /no lifecycleNotificationUrl/);
    assert.equal(h.receiver.notifications.length, 0);
  });
});

test('the /_emulator endpoints simulate over HTTP and expose the delivery log', async () => {
  await withHarness(async (h) => {
    const sub = await create(h, { lifecycleNotificationUrl: h.receiver.url('/lifecycle') });
    const sim = await call(`${h.emulator.baseUrl}/_emulator/subscriptions/${sub.id}/simulate`, { method: 'POST', body: { changeType: 'updated', count: 3 } });
    assert.equal(sim.status, 200);
    assert.equal(sim.json.delivered, 3);
    const life = await call(`${h.emulator.baseUrl}/_emulator/subscriptions/${sub.id}/lifecycle`, { method: 'POST', body: { event: 'missed' } });
    assert.equal(life.status, 200);
    const bad = await call(`${h.emulator.baseUrl}/_emulator/subscriptions/${sub.id}/lifecycle`, { method: 'POST', body: { event: 'nope' } });
    assert.equal(bad.status, 400);
    const unknown = await call(`${h.emulator.baseUrl}/_emulator/subscriptions/nope/simulate`, { method: 'POST', body: {} });
    assert.equal(unknown.status, 404);
    const log = await call(`${h.emulator.baseUrl}/_emulator/deliveries`);
    assert.equal(log.status, 200);
    assert.equal(log.json.counters.delivered, 4);
    assert.deepEqual(log.json.attempts.map((a: any) => a.kind), ['validation', 'validation', 'change', 'lifecycle']);
    assert.ok(log.json.attempts.every((a: any) => !/validationToken=Validation/.test(a.url)), 'validation tokens are masked');
  });
});

test('EventHub: notification URLs are accepted without a handshake and never POSTed to', async () => {
  await withHarness(async (h) => {
    const sub = await create(h, { notificationUrl: 'EventHub:https://ns.servicebus.windows.net/eventhubname/hub?tenantId=contoso.example' });
    assert.equal(h.receiver.validations.length, 0);
    const report = await h.emulator.simulateChange(sub.id);
    assert.equal(report.posts, 0);
    assert.equal(report.dropped, 1);
  });
});

test('the emulator log never contains bearer tokens, validation tokens or clientState', async () => {
  const sink = new MemoryLogSink();
  await withHarness(async (h) => {
    const sub = await create(h, { lifecycleNotificationUrl: h.receiver.url('/lifecycle') });
    await h.emulator.simulateChange(sub.id);
    await h.emulator.simulateLifecycleEvent(sub.id, 'subscriptionRemoved');
    h.receiver.options.handshake = 'encoded';
    await create(h, { resource: '/users/someone/messages' }).catch(() => undefined);
    const text = sink.text();
    assert.match(text, /validation of .* failed/);
    assert.match(text, /delivery to .* failed/);
    assert.ok(!text.includes(h.token), 'bearer token');
    assert.ok(!/eyJ[A-Za-z0-9_-]{10,}\./.test(text), 'no JWT');
    assert.ok(!text.includes('secret-client-state-1234'), 'clientState');
    for (const v of h.receiver.validations) assert.ok(!text.includes(v.query.get('validationToken') ?? '\u0000'), 'validation token');
  }, { log: createLogger(sink) }, { notificationStatus: (n) => (n === 1 ? 500 : 202) });
});
