/**
 * Resuming an Event Hubs source (after a window reload) with the real @azure/event-hubs client
 * against the emulator's endpoint: each partition starts right after the last persisted sequence
 * number; a partition the source had read nothing from starts where the source did (earliest, or
 * events enqueued since it started); a hub recreated meanwhile (sequence numbers from 0 again, as
 * the Sandbox's after a restart) is read from its start. And the remembered record: positions only
 * move forward, a stopped source is gone, no connection string is kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as eventHubs from '@azure/event-hubs';
import { startEventHubsEndpoint, type EventHubsEndpoint } from '../../src/emulator/eventHubs/amqpServer';
import { startEventHubsSource, type EventHubsSourceConfig } from '../../src/notifications/eventHubsSource';
import type { ReceivedNotification } from '../../src/notifications/receiver';
import { describePositions, EventHubsSourceRecords, resumeStart, sourceKey, STATE_EVENT_HUBS_SOURCES, type RememberedSource } from '../../src/notifications/eventHubsSourceRecords';

const HUB = 'resume';

function publish(endpoint: EventHubsEndpoint, partition: string, n: number, from = 0): void {
  const p = endpoint.hub(HUB).partition(partition)!;
  for (let i = from; i < from + n; i++) {
    p.append(Buffer.from(JSON.stringify({ value: [{ subscriptionId: `p${partition}`, changeType: 'updated', resource: `n/${i}`, clientState: null, subscriptionExpirationDateTime: '2030-01-01T00:00:00Z', tenantId: 't' }] })), 'application/json');
  }
}

/** Reads until `expected` deliveries arrived (and a little longer, to see any extra), then closes. */
async function readWith(endpoint: EventHubsEndpoint, extra: Partial<EventHubsSourceConfig>, expected: number) {
  const got: ReceivedNotification[] = [];
  let enough: () => void = () => undefined;
  const done = new Promise<void>((r) => (enough = r));
  const source = await startEventHubsSource({ eventHubName: HUB, consumerGroup: '$Default', startPosition: 'earliest', connectionString: endpoint.connectionString(), ...extra }, {
    module: eventHubs,
    deliver: async (r) => {
      got.push(r);
      if (got.length >= expected) enough();
    },
  });
  await Promise.race([done, new Promise((r) => setTimeout(r, 8000))]);
  await new Promise((r) => setTimeout(r, 1200));
  const positions = source.positions();
  const restarted = [...source.restartedPartitions];
  await source.close();
  return { resources: got.map((r) => r.body.value[0].resource).sort(), positions, restarted };
}

test('a resumed source reads each partition right after its last persisted event, and a recreated partition from its start', async () => {
  const endpoint = await startEventHubsEndpoint({ partitionCount: 2 });
  try {
    publish(endpoint, '0', 5);
    publish(endpoint, '1', 3, 100);
    const first = await readWith(endpoint, {}, 8);
    assert.equal(first.resources.length, 8);
    assert.deepEqual(first.positions, { 0: 4, 1: 2 });

    publish(endpoint, '0', 2, 5);
    publish(endpoint, '1', 1, 103);
    const resumed = await readWith(endpoint, { resumeFrom: { 0: { afterSequenceNumber: 4 }, 1: { afterSequenceNumber: 2 } } }, 3);
    assert.deepEqual(resumed.resources, ['n/103', 'n/5', 'n/6'], 'only what arrived meanwhile, once');
    assert.deepEqual(resumed.positions, { 0: 6, 1: 3 });
    assert.deepEqual(resumed.restarted, []);

    // Partition 1 unknown to the resume, the source had started at earliest: read from its start.
    const partly = await readWith(endpoint, { resumeFrom: { 0: { afterSequenceNumber: 6 } }, resumeOthers: 'earliest' }, 4);
    assert.deepEqual(partly.resources, ['n/100', 'n/101', 'n/102', 'n/103']);
  } finally {
    await endpoint.close();
  }

  // The Sandbox restarted: a new hub whose sequence numbers begin at 0 again.
  const recreated = await startEventHubsEndpoint({ partitionCount: 2 });
  try {
    publish(recreated, '0', 2, 200);
    const r = await readWith(recreated, { resumeFrom: { 0: { afterSequenceNumber: 6 }, 1: { afterSequenceNumber: 3 } } }, 2);
    assert.deepEqual(r.resources, ['n/200', 'n/201'], 'nothing skipped in a recreated hub');
    assert.deepEqual(r.restarted.sort(), ['0', '1']);
    assert.deepEqual(r.positions, { 0: 1 }, 'the old positions are dropped');
  } finally {
    await recreated.close();
  }
});

class MemoryState {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

test('remembered sources: positions only move forward, a removed source is gone, where each resume starts', async () => {
  const state = new MemoryState();
  const records = new EventHubsSourceRecords(state);
  const key = sourceKey('connectionString', 'Contoso-NS.servicebus.windows.net', 'Graph', '$Default');
  assert.equal(key, 'contoso-ns.servicebus.windows.net/graph/$default');
  assert.equal(sourceKey('sandbox', '127.0.0.1:41234', 'hub', '$Default'), 'sandbox/hub/$default', 'the Sandbox\'s port may change across reloads');
  const source: RememberedSource = { key, kind: 'connectionString', namespace: 'contoso-ns.servicebus.windows.net', eventHubName: 'graph', consumerGroup: '$Default', startPosition: 'latest', startedAt: '2026-12-02T04:00:00.000Z', positions: {} };
  await records.upsert(source);
  await records.setPositions(key, { 0: 10, 1: 3 });
  await records.setPositions(key, { 0: 7 });
  assert.deepEqual(records.get(key)?.positions, { 0: 10, 1: 3 });
  assert.ok(!JSON.stringify(state.data.get(STATE_EVENT_HUBS_SOURCES)).includes('SharedAccessKey'));

  assert.deepEqual(resumeStart(records.get(key)!), {
    resumeFrom: { 0: { afterSequenceNumber: 10 }, 1: { afterSequenceNumber: 3 } },
    resumeOthers: { enqueuedSince: '2026-12-02T03:59:00.000Z' },
  });
  assert.deepEqual(resumeStart({ ...source, startPosition: 'earliest' }).resumeOthers, 'earliest');
  assert.equal(describePositions({ 10: 1, 2: 5 }), 'partition 2 after #5, partition 10 after #1');
  assert.equal(describePositions({}), 'nothing read before the reload');

  await records.remove(key);
  assert.equal(records.get(key), undefined);
  await records.setPositions(key, { 0: 11 });
  assert.deepEqual(records.list(), [], 'a late position write does not bring a stopped source back');
});
