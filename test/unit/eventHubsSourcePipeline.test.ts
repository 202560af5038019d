/**
 * The Event Hubs source feeding the receiver's pipeline, as the extension runs it (the real
 * @azure/event-hubs client against the emulator's endpoint): every event is in the history with
 * its clientState masked (kept as received, not re-serialised), checked and summarised, and shown
 * in the output; nothing is lost when the source closes right after the last event arrived.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as eventHubs from '@azure/event-hubs';
import { startEventHubsEndpoint } from '../../src/emulator/eventHubs/amqpServer';
import { startEventHubsSource } from '../../src/notifications/eventHubsSource';
import { HISTORY_FILE, NotificationHistory, sanitizeBody } from '../../src/notifications/history';
import { NotificationPipeline } from '../../src/notifications/notificationPipeline';
import { ReceiverOutput } from '../../src/notifications/receiverOutput';
import { MemoryKeyStore } from '../../src/notifications/keyStore';
import { createLogger, MemoryLogSink, nullLogger } from '../../src/util/logger';
import type { AccountService, SubscriptionStoreService } from '../../src/services';

const HUB = 'pipeline';
const SECRET = 'the-recorded-clientState-42';

function notification(i: number, clientState: string, key = 'clientState'): Record<string, unknown> {
  return {
    value: [{
      subscriptionId: `sub-${i % 3}`, subscriptionExpirationDateTime: '2030-01-01T00:00:00Z', changeType: 'updated',
      resource: `Users/${i}`, [key]: clientState, tenantId: 't', resourceData: { id: String(i), note: 'line\u2028sep "quoted" \\ back' },
    }],
  };
}

test('every event read from the hub is persisted with clientState masked, checked, summarised and shown; none is lost at close', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-eh-pipeline-'));
  const endpoint = await startEventHubsEndpoint({ partitionCount: 2 });
  const sent: Record<string, unknown>[] = [];
  for (let i = 0; i < 250; i++) {
    // One with the wrong value, one spelled "ClientState" (the check reads any case), one escaped in the text.
    const body = i === 7 ? notification(i, 'forged-value-000') : i === 8 ? notification(i, SECRET, 'ClientState') : notification(i, SECRET);
    sent.push(body);
    const text = i === 9 ? JSON.stringify(body).replace('the-recorded', 'the\\u002drecorded') : JSON.stringify(body);
    endpoint.publish(HUB, Buffer.from(text, 'utf8'), `k${i % 5}`);
  }
  const history = new NotificationHistory({ dir });
  const sink = new MemoryLogSink();
  const out = createLogger(sink);
  out.addSecret(SECRET);
  let processed = 0;
  const pipeline = new NotificationPipeline({
    accounts: { list: () => [] } as unknown as AccountService,
    store: {} as unknown as SubscriptionStoreService,
    clientState: async () => SECRET,
    keyStore: new MemoryKeyStore(),
    output: new ReceiverOutput(out),
    log: nullLogger,
    settings: () => ({ forwardUrl: '', verbosity: 'full' }),
    history: () => history,
    onLifecycleEvent: () => undefined,
    onProcessed: () => void processed++,
  });
  let persisted = 0;
  let allPersisted: () => void = () => undefined;
  const done = new Promise<void>((r) => (allPersisted = r));
  const problems: string[] = [];
  const source = await startEventHubsSource({ eventHubName: HUB, consumerGroup: '$Default', startPosition: 'earliest', connectionString: endpoint.connectionString() }, {
    module: eventHubs,
    deliver: async (received) => {
      await pipeline.ingest(received, history);
      if (++persisted === 250) allPersisted();
    },
    onProblem: (m) => problems.push(m),
  });
  try {
    await done;
    await source.close();
    await pipeline.settled();
    await history.close();
    assert.deepEqual(problems, []);
    assert.equal(processed, 250, 'every persisted event was processed');

    const text = fs.readFileSync(path.join(dir, HISTORY_FILE), 'utf8');
    assert.ok(!text.includes(SECRET) && !text.includes('the\\u002drecorded-clientState-42'), 'the clientState never reaches the file');
    const entries = await new NotificationHistory({ dir }).read(1000);
    assert.equal(entries.length, 250);
    for (const e of entries) {
      assert.match(e.path, /^eventhubs:\/\/127\.0\.0\.1:\d+\/pipeline\/[01]#\d+$/);
      assert.ok(e.processed, `processed summary for ${e.path}`);
      const i = Number((e.body as { value: { resource: string }[] }).value[0].resource.split('/')[1]);
      // Stored as sanitizeBody would have stored it, whichever path wrote it.
      assert.deepEqual(e.body, sanitizeBody(sent[i]).body, `body of event ${i}`);
      const verdict = e.processed.items[0].checks.clientState.status;
      assert.equal(verdict, i === 7 ? 'fail' : 'pass', `clientState of event ${i}`);
    }
    const lines = sink.lines.map((l) => l.line).join('\n');
    assert.match(lines, /\[Event Hubs\]/);
    assert.ok(!lines.includes(SECRET));
  } finally {
    await endpoint.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
