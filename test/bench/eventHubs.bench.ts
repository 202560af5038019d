/**
 * Event Hubs source throughput: notifications/s read through the extension's Event Hubs source
 * (the real @azure/event-hubs client, then what ReceiverService.ingest does: history append with
 * clientState masked, clientState/token/decryption checks, output formatting) against a bare
 * @azure/event-hubs subscribe loop that only counts events, both reading the same events from the
 * emulator's AMQP endpoint in the same run. Goal ≥ 0.8×.
 * Run alone: `node out/test/bench/eventHubs.bench.js`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as eventHubs from '@azure/event-hubs';
import { startEventHubsEndpoint, type EventHubsEndpoint } from '../../src/emulator/eventHubs/amqpServer';
import { startEventHubsSource } from '../../src/notifications/eventHubsSource';
import { NotificationHistory, sanitizeBody } from '../../src/notifications/history';
import { processNotification } from '../../src/notifications/processNotification';
import { formatNotification } from '../../src/notifications/formatNotification';
import type { BenchResult } from './types';

const EVENTS = 4000;
const HUB = 'bench';

function body(i: number): Buffer {
  return Buffer.from(JSON.stringify({
    value: [{
      subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
      subscriptionExpirationDateTime: '2030-01-01T00:00:00.0000000Z',
      changeType: 'updated',
      resource: `Users/5a1db0c5-0000-4e1a-9c1d-${String(i).padStart(12, '0')}`,
      clientState: 'secretClientValue-0123456789',
      tenantId: '84bd8158-6d1a-4b42-9d34-3a1bd7a1b0c1',
      resourceData: { '@odata.type': '#Microsoft.Graph.User', '@odata.id': `Users/${i}`, id: String(i), organizationId: '84bd8158-6d1a-4b42-9d34-3a1bd7a1b0c1' },
    }],
  }), 'utf8');
}

async function bareLoop(endpoint: EventHubsEndpoint): Promise<number> {
  const client = new eventHubs.EventHubConsumerClient('$Default', endpoint.connectionString(), HUB);
  let count = 0;
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    const sub = client.subscribe({
      processEvents: async (events) => {
        count += events.length;
        if (count >= EVENTS) {
          resolve();
          void sub.close();
        }
      },
      processError: async () => undefined,
    }, { startPosition: eventHubs.earliestEventPosition, maxBatchSize: 100, maxWaitTimeInSeconds: 1 });
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await client.close();
  return EVENTS / seconds;
}

async function throughSource(endpoint: EventHubsEndpoint, dir: string): Promise<number> {
  const history = new NotificationHistory({ dir: fs.mkdtempSync(path.join(dir, 'h-')) });
  let count = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const started = process.hrtime.bigint();
  const source = await startEventHubsSource({ eventHubName: HUB, consumerGroup: '$Default', startPosition: 'earliest', connectionString: endpoint.connectionString() }, {
    module: eventHubs,
    deliver: async (received) => {
      const sanitized = sanitizeBody(received.body);
      await history.appendReceived({ id: received.id, receivedAt: received.receivedAt, kind: received.kind, path: received.path, body: sanitized.body });
      const processed = await processNotification(received, { clientStates: { get: async () => 'secretClientValue-0123456789' }, resolveKey: async () => undefined });
      formatNotification(processed, 'full');
      if (++count >= EVENTS) done();
    },
  });
  await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await source.close();
  await history.close();
  return EVENTS / seconds;
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-bench-eh-'));
  const endpoint = await startEventHubsEndpoint({ partitionCount: 2 });
  try {
    for (let i = 0; i < EVENTS; i++) endpoint.publish(HUB, body(i), `key-${i % 16}`);
    // Alternate and keep the best of each: the machine is shared and noisy.
    let bare = 0;
    let source = 0;
    for (let round = 0; round < 3; round++) {
      bare = Math.max(bare, await bareLoop(endpoint));
      source = Math.max(source, await throughSource(endpoint, dir));
    }
    return [{
      name: `Event Hubs source (${EVENTS} notifications: history, checks, output)`,
      value: Math.round(source), unit: 'notifications/s',
      baselineName: 'bare @azure/event-hubs subscribe loop, same endpoint', baseline: Math.round(bare),
      ratio: source / bare, better: 'higher', goal: '≥ 0.8×',
    }];
  } finally {
    await endpoint.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
