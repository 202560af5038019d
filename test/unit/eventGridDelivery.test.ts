/**
 * EventGrid: subscriptions: the emulator runs Event Grid's CloudEvents abuse-protection handshake
 * against the configured handler (our receiver), then delivers CloudEvents (single and batch) that
 * the receiver unwraps into Graph notifications; lifecycle events arrive with the Event Grid type.
 * Also the receiver's own handling of the handshake and of a handler that refuses it.
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { NotificationHistory } from '../../src/notifications/history';
import { startReceiver, type ReceivedNotification, type ReceiverHandle } from '../../src/notifications/receiver';
import { processNotification } from '../../src/notifications/processNotification';
import { formatNotification } from '../../src/notifications/formatNotification';
import { call, withHarness, type Harness } from './emulatorTestKit';

const GRID = 'EventGrid:?azuresubscriptionid=8a3c2f4e-0000-4c1b-9f1d-1e2d3c4b5a69&resourcegroup=rg&partnertopic=graph-users&location=westeurope';

let receiver: ReceiverHandle | undefined;
let history: NotificationHistory | undefined;
afterEach(async () => {
  await receiver?.close();
  await history?.close();
  receiver = undefined;
});

async function startGridReceiver(): Promise<{ receiver: ReceiverHandle; received: ReceivedNotification[]; handshakes: string[] }> {
  history = new NotificationHistory({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'gs-grid-')) });
  const received: ReceivedNotification[] = [];
  const handshakes: string[] = [];
  receiver = await startReceiver({
    history,
    onNotification: (r) => { received.push(r); },
    onHandshake: (h) => { if (h.eventGridOrigin) handshakes.push(h.eventGridOrigin); },
  });
  return { receiver, received, handshakes };
}

async function until<T>(what: string, f: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function createGridSubscription(h: Harness, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  const created = await call(h.subscriptions, {
    method: 'POST', token: h.token,
    body: { changeType: 'updated,deleted', notificationUrl: GRID, lifecycleNotificationUrl: GRID, resource: 'users', expirationDateTime: new Date(h.clock.ms + 120 * 60_000).toISOString(), clientState: 'grid-secret', ...overrides },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return created.json;
}

test('the receiver answers the abuse-protection OPTIONS with the origin, then takes a single CloudEvent', async () => {
  const { receiver: r, received, handshakes } = await startGridReceiver();
  await withHarness(async (h) => {
    h.emulator.channels!.eventGridEndpoint = r.notificationUrl;
    const sub = await createGridSubscription(h);
    assert.equal(h.receiver.validations.length, 0, 'no Graph handshake for Event Grid');
    const report = await h.emulator.simulateChange(sub.id);
    assert.equal(report.delivered, 1, JSON.stringify(report));
    assert.deepEqual(handshakes, ['eventgrid.azure.net'], 'the handshake ran before the first delivery');
    const got = await until('the notification', () => received[0]);
    assert.equal(got.channel, 'eventGrid');
    assert.match(got.contentType, /^application\/cloudevents\+json/);
    assert.equal(got.body.value.length, 1);
    const n = got.body.value[0];
    assert.equal(n.subscriptionId, sub.id);
    assert.equal(n.clientState, 'grid-secret');
    assert.equal(n.changeType, 'updated');
    const cloudEvent = JSON.parse(got.rawBody.toString('utf8'));
    assert.equal(cloudEvent.specversion, '1.0');
    assert.equal(cloudEvent.type, 'Microsoft.Graph.UserUpdated');
    assert.match(cloudEvent.source, /^\/tenants\/[0-9a-f-]+\/applications\/[0-9a-f-]+$/);

    // Checks as on the webhook path: clientState verified, no tokens expected on Event Grid.
    const processed = await processNotification(got, { clientStates: { get: async () => 'grid-secret' }, resolveKey: async () => undefined });
    assert.equal(processed.items[0].checks.clientState.status, 'pass');
    assert.equal(processed.items[0].checks.validationTokens.status, 'skip');
    assert.ok(processed.items[0].trusted);
    assert.match(formatNotification(processed, 'summary')[0], /\[Event Grid\] ✓ updated sub /);
    // A second delivery does not repeat the handshake.
    await h.emulator.simulateChange(sub.id);
    await until('the second notification', () => received[1]);
    assert.equal(handshakes.length, 1);
  });
});

test('batched CloudEvents (application/cloudevents-batch+json) and the reauthorization lifecycle event', async () => {
  const { receiver: r, received } = await startGridReceiver();
  await withHarness(async (h) => {
    h.emulator.channels!.eventGridEndpoint = r.notificationUrl;
    const sub = await createGridSubscription(h);
    await h.emulator.simulateChange(sub.id, { count: 3 });
    const batch = await until('the batch', () => received.find((x) => x.body.value.length === 3));
    assert.match(batch.contentType, /^application\/cloudevents-batch\+json/);
    assert.ok(batch.body.value.every((n) => n.subscriptionId === sub.id));
    await h.emulator.simulateLifecycleEvent(sub.id, 'reauthorizationRequired');
    const lc = await until('the lifecycle event', () => received.find((x) => x.kind === 'lifecycle'));
    const events = JSON.parse(lc.rawBody.toString('utf8')) as { type: string }[];
    assert.equal(events[0].type, 'microsoft.graph.subscriptionReauthorizationRequired');
    assert.equal(lc.body.value[0].lifecycleEvent, 'reauthorizationRequired');
  }, { eventGridBatchSize: 10 });
});

test('a handler that does not allow the origin gets no events: the delivery is reported dropped', async () => {
  const refusing = http.createServer((req, res) => {
    req.resume();
    res.writeHead(req.method === 'OPTIONS' ? 200 : 500);
    res.end();
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  const port = (refusing.address() as { port: number }).port;
  try {
    await withHarness(async (h) => {
      h.emulator.channels!.eventGridEndpoint = `http://127.0.0.1:${port}/`;
      const sub = await createGridSubscription(h);
      const report = await h.emulator.simulateChange(sub.id);
      assert.equal(report.delivered, 0);
      assert.equal(report.dropped, 1);
      assert.match(report.attempts[0].error ?? '', /WebHook-Allowed-Origin/);
    });
  } finally {
    await new Promise<void>((resolve) => refusing.close(() => resolve()));
  }
});

test('the receiver still refuses other OPTIONS and non-CloudEvents arrays', async () => {
  const { receiver: r } = await startGridReceiver();
  const res = await fetch(r.notificationUrl, { method: 'OPTIONS' });
  assert.equal(res.status, 405);
  const arr = await fetch(r.notificationUrl, { method: 'POST', headers: { 'content-type': 'application/cloudevents-batch+json' }, body: JSON.stringify([{ no: 'specversion' }]) });
  assert.equal(arr.status, 400);
  const noData = await fetch(r.notificationUrl, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify({ specversion: '1.0', type: 'x', data: 'text' }) });
  assert.equal(noData.status, 400, 'a CloudEvent whose data is not a Graph notification is refused');
});
