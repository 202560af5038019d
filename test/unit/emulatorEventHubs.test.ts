/**
 * EventHub: subscriptions in the emulator, read back with the real `@azure/event-hubs` client over
 * the emulator's AMQP endpoint (connection string with UseDevelopmentEmulator=true): the validation
 * event first, then basic and rich notifications without validationTokens; the client's management
 * calls; wrong keys refused; batches split under the 1 MB message limit (emulatorEventHubsSize.test.ts: the refusal).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventHubConsumerClient, earliestEventPosition, latestEventPosition, type ReceivedEventData } from '@azure/event-hubs';
import { call, createRichSubscription, withHarness, type Harness } from './emulatorTestKit';
import { createTestCertificate } from '../fixtures/certificates';
import { packMessages } from '../../src/emulator/eventHubs/graphToEventHubs';
import type { ChangeNotification } from '../../src/graph/types';

const HUB = 'graph-events';
const URL_RBAC = `EventHub:https://contoso-ns.servicebus.windows.net/eventhubname/${HUB}?tenantId=contoso.onmicrosoft.com`;

/** Reads every event of the hub (all partitions) until `done` says so; the real SDK's subscribe loop. */
async function readAll(connectionString: string, done: (events: ReceivedEventData[]) => boolean, startPosition = earliestEventPosition): Promise<ReceivedEventData[]> {
  const client = new EventHubConsumerClient('$Default', connectionString, HUB);
  const events: ReceivedEventData[] = [];
  let errors: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out with ${events.length} events; errors: ${errors.join('; ')}`)), 20_000);
      const sub = client.subscribe({
        processEvents: async (batch) => {
          events.push(...batch);
          if (done(events)) {
            clearTimeout(timer);
            await sub.close();
            resolve();
          }
        },
        processError: async (e) => { errors = [...errors, e.message]; },
      }, { startPosition, maxWaitTimeInSeconds: 1 });
    });
  } finally {
    await client.close();
  }
  return events.sort((a, b) => a.enqueuedTimeUtc.getTime() - b.enqueuedTimeUtc.getTime() || a.sequenceNumber - b.sequenceNumber);
}

function connectionString(h: Harness): string {
  const eh = h.emulator.channels?.eventHubs;
  assert.ok(eh, 'the emulator hosts an Event Hubs endpoint');
  return eh.connectionString();
}

async function createEventHubSubscription(h: Harness, overrides: Record<string, unknown> = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const created = await call(h.subscriptions, {
    method: 'POST', token: h.token,
    body: { changeType: 'created,updated', notificationUrl: URL_RBAC, resource: '/me/messages', expirationDateTime: new Date(h.clock.ms + 120 * 60_000).toISOString(), clientState: 'cs-1234', ...overrides },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return created.json;
}

test('the real Event Hubs client reads the validation event first, then basic notifications without validationTokens', async () => {
  await withHarness(async (h) => {
    const cs = connectionString(h);
    assert.match(cs, /^Endpoint=sb:\/\/127\.0\.0\.1:\d+;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true$/);
    const sub = await createEventHubSubscription(h);
    assert.equal(h.receiver.validations.length, 0, 'no webhook handshake for Event Hubs');
    const report = await h.emulator.simulateChange(sub.id, { count: 3 });
    assert.equal(report.delivered, 3);
    assert.equal(report.dropped, 0);

    const events = await readAll(cs, (e) => e.length >= 2);
    assert.equal(events.length, 2, 'one validation message and one batch of three');
    const [validation, batch] = events.map((e) => e.body as { value: Record<string, any>[]; validationTokens?: string[] }); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(validation.value.length, 1);
    const v = validation.value[0];
    assert.equal(v.subscriptionId, 'NA');
    assert.equal(v.clientState, 'NA');
    assert.equal(v.resource, 'NA');
    assert.match(v.changeType, /^Validation: Testing client application reachability for subscription Request-Id: [0-9a-f-]{36}$/);
    assert.deepEqual(v.resourceData, { '@odata.type': 'NA', '@odata.id': 'NA', id: 'NA' });
    assert.equal(batch.value.length, 3);
    assert.equal(batch.validationTokens, undefined, 'no validationTokens on Event Hubs');
    for (const n of batch.value) {
      assert.equal(n.subscriptionId, sub.id);
      assert.equal(n.clientState, 'cs-1234');
      assert.equal(n.changeType, 'created');
    }
    assert.ok(events[0].sequenceNumber < events[1].sequenceNumber, 'same partition, validation first');
    assert.equal(events[1].contentType, 'application/json');
  }, { eventHubs: {} });
});

test('rich notifications arrive with encryptedContent and no validationTokens; the SDK sees hub and partition properties', async () => {
  const cert = await createTestCertificate();
  await withHarness(async (h) => {
    const created = await createRichSubscription(h, cert, 'eh-cert', { notificationUrl: URL_RBAC, resource: '/me/messages?$select=subject' });
    await h.emulator.simulateChange(created.json.id, { resourceData: { subject: 'Over Event Hubs' } });
    const events = await readAll(connectionString(h), (e) => e.length >= 2);
    const body = events[1].body as { value: { encryptedContent?: Record<string, string> }[]; validationTokens?: unknown };
    assert.equal(body.validationTokens, undefined);
    const ec = body.value[0].encryptedContent;
    assert.ok(ec && ec.data && ec.dataKey && ec.dataSignature, 'encrypted resource data');
    assert.equal(ec.encryptionCertificateId, 'eh-cert');

    const client = new EventHubConsumerClient('$Default', connectionString(h), HUB);
    try {
      const props = await client.getEventHubProperties();
      assert.equal(props.name, HUB);
      assert.deepEqual(props.partitionIds, ['0', '1']);
      const parts = await Promise.all(props.partitionIds.map((id) => client.getPartitionProperties(id)));
      assert.equal(parts.reduce((n, p) => n + (p.isEmpty ? 0 : p.lastEnqueuedSequenceNumber + 1), 0), 2);
    } finally {
      await client.close();
    }
  }, { eventHubs: {} });
});

test('a reader that starts at "latest" gets only what is delivered after it attached', async () => {
  await withHarness(async (h) => {
    const sub = await createEventHubSubscription(h);
    await h.emulator.simulateChange(sub.id, { changeType: 'created' });
    const later = readAll(connectionString(h), (e) => e.length >= 1, latestEventPosition);
    await new Promise((r) => setTimeout(r, 1500));
    await h.emulator.simulateChange(sub.id, { changeType: 'updated' });
    const events = await later;
    assert.equal(events.length, 1);
    assert.equal((events[0].body as { value: { changeType: string }[] }).value[0].changeType, 'updated');
  }, { eventHubs: {} });
});

test('a connection string with the wrong key is refused by $cbs', async () => {
  await withHarness(async (h) => {
    const wrong = connectionString(h).replace('SAS_KEY_VALUE', 'not-the-key');
    const client = new EventHubConsumerClient('$Default', wrong, HUB, { retryOptions: { maxRetries: 0, timeoutInMs: 5000 } });
    try {
      await assert.rejects(client.getEventHubProperties(), (e: Error) => /does not match the key|Unauthorized|401/i.test(`${e.name} ${e.message}`));
    } finally {
      await client.close();
    }
  }, { eventHubs: {} });
});

test('a malformed EventHub: URL is refused with Graph\'s error and no event', async () => {
  await withHarness(async (h) => {
    const res = await call(h.subscriptions, {
      method: 'POST', token: h.token,
      body: { changeType: 'created', notificationUrl: 'EventHub:https://contoso-ns.servicebus.windows.net/graph-events?tenantId=contoso.com', resource: '/me/messages', expirationDateTime: new Date(h.clock.ms + 120 * 60_000).toISOString() },
    });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.message, "Invalid event hub notification url='EventHub:https://contoso-ns.servicebus.windows.net/graph-events?tenantId=contoso.com'.");
    assert.equal(h.emulator.channels?.eventHubs?.hubs().length, 0);
  }, { eventHubs: {} });
});

test('Event Hubs messages stay under 1 MB: batches split, an oversized notification goes alone (for Event Hubs to refuse)', () => {
  const item = (size: number): ChangeNotification => ({ subscriptionId: 's', changeType: 'updated', resource: 'x', resourceData: { pad: 'a'.repeat(size) } } as unknown as ChangeNotification);
  const packed = packMessages([item(400_000), item(400_000), item(400_000), item(2_000_000), item(10)], 100);
  assert.deepEqual(packed.counts, [2, 1, 1, 1]);
  assert.equal(packed.tooLarge, 1);
  assert.deepEqual(packed.bodies.map((b) => b.length > 1024 * 1024), [false, false, true, false], 'only the oversized one is over the limit');
  assert.deepEqual(packMessages([item(1), item(1), item(1)], 2).counts, [2, 1], 'also at most maxItems per message');
});
