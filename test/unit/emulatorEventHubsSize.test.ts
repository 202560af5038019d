/**
 * The 1 MB Event Hubs limit, where a user can observe it
 * (https://learn.microsoft.com/en-us/azure/event-hubs/event-hubs-quotas: maximum size of an Event
 * Hubs publication 1 MB on Standard): the emulator's endpoint refuses a bigger event the way Event
 * Hubs does (the real SDK's producer gets MessageTooLargeError, nothing is stored), and a rich
 * notification too large for one event is recorded in the Sandbox's delivery log as failed, naming
 * the limit and the fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventHubProducerClient } from '@azure/event-hubs';
import { createRichSubscription, withHarness } from './emulatorTestKit';
import { createTestCertificate } from '../fixtures/certificates';

const HUB = 'graph-big';
const URL_RBAC = `EventHub:https://contoso-ns.servicebus.windows.net/eventhubname/${HUB}?tenantId=contoso.onmicrosoft.com`;

test('the Event Hubs endpoint refuses an event over 1 MB with message-size-exceeded, as Event Hubs does; 900 KB is accepted', async () => {
  await withHarness(async (h) => {
    const eh = h.emulator.channels!.eventHubs!;
    const producer = new EventHubProducerClient(eh.connectionString(), HUB, { retryOptions: { maxRetries: 0, timeoutInMs: 10_000 } });
    try {
      await producer.sendBatch([{ body: Buffer.alloc(900 * 1024, 0x61) }]);
      await assert.rejects(
        producer.sendBatch([{ body: Buffer.alloc(1536 * 1024, 0x61) }]),
        (e: Error & { code?: string }) => {
          assert.equal(e.code, 'MessageTooLargeError', `${e.name}: ${e.message}`);
          assert.match(e.message, /exceeds the limit \(1048576 bytes\)/);
          return true;
        },
      );
      const stored = eh.hub(HUB).partitions.reduce((n, p) => n + p.events.length, 0);
      assert.equal(stored, 1, 'only the 900 KB event is in the hub');
    } finally {
      await producer.close();
    }
    // The emulator's own publishing path (what Graph's deliveries go through) refuses it too.
    assert.throws(() => eh.publish(HUB, Buffer.alloc(1100 * 1024), 'k'), /exceeds the limit \(1048576 bytes\)/);
  }, { eventHubs: {} });
});

test('a rich notification over 1 MB is a failed delivery in the Sandbox log naming the limit and the fix; the next one arrives', async () => {
  const cert = await createTestCertificate();
  await withHarness(async (h) => {
    const created = await createRichSubscription(h, cert, 'eh-big', { notificationUrl: URL_RBAC, resource: '/me/messages?$select=subject,body' });
    const big = await h.emulator.simulateChange(created.json.id, { resourceData: { body: { contentType: 'text', content: 'x'.repeat(1200 * 1024) } } });
    assert.equal(big.delivered, 0);
    assert.equal(big.dropped, 1);
    const attempt = h.emulator.deliveryLog().filter((a) => a.subscriptionIds.includes(created.json.id) && a.kind === 'change').at(-1);
    assert.ok(attempt, 'the delivery is in the log');
    assert.equal(attempt.ok, false);
    assert.match(attempt.error ?? '', /amqp:link:message-size-exceeded/);
    assert.match(attempt.error ?? '', /at most 1 MB/);
    assert.match(attempt.error ?? '', /\$select/);
    assert.match(attempt.error ?? '', /basic notifications \(includeResourceData false\)/);
    assert.match(attempt.error ?? '', /event-hubs-quotas/);

    const small = await h.emulator.simulateChange(created.json.id, { resourceData: { subject: 'small again' } });
    assert.equal(small.delivered, 1, 'the subscription keeps delivering');
    const events = h.emulator.channels!.eventHubs!.hub(HUB).partitions.flatMap((p) => p.events);
    assert.ok(events.every((e) => e.body.length <= 1024 * 1024), 'nothing over the limit was stored');
    assert.equal(events.length, 2, 'the validation event and the small notification');
  }, { eventHubs: {} });
});
