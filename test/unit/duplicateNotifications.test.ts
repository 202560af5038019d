import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuplicateTracker } from '../../src/notifications/duplicateTracker';
import { formatItemLine } from '../../src/notifications/formatNotification';
import { processNotification, summarize } from '../../src/notifications/processNotification';

const deps = { clientStates: { get: async () => 'cs' }, resolveKey: async () => undefined };
const body = (ids: string[], sub = 'sub-1') => ({
  value: ids.map((id) => ({ id, subscriptionId: sub, subscriptionExpirationDateTime: '2030-01-01T00:00:00Z', changeType: 'created', clientState: 'cs', resource: `Users/u/Messages/${id}`, tenantId: 't' })),
});

test('the same notification id for the same subscription is marked as a duplicate of the first arrival', async () => {
  const tracker = new DuplicateTracker();
  const first = await processNotification({ id: 'p1', receivedAt: '2026-12-02T01:00:00.000Z', kind: 'change', body: body(['n1', 'n2']) }, deps);
  tracker.mark(first);
  assert.deepEqual(first.items.map((i) => i.duplicateOf), [undefined, undefined]);
  const again = await processNotification({ id: 'p2', receivedAt: '2026-12-02T01:00:05.000Z', kind: 'change', body: body(['n3', 'n1']) }, deps);
  tracker.mark(again);
  assert.deepEqual(again.items.map((i) => i.duplicateOf), [undefined, { receivedAt: '2026-12-02T01:00:00.000Z' }]);
  assert.equal(again.items[1].notificationId, 'n1');
  // The same id on another subscription is another notification.
  const other = await processNotification({ id: 'p3', receivedAt: '2026-12-02T01:00:06.000Z', kind: 'change', body: body(['n1'], 'sub-2') }, deps);
  tracker.mark(other);
  assert.equal(other.items[0].duplicateOf, undefined);
  // The output line says so; the history summary keeps the id and the mark (the explorer can group by it).
  const at = new Date('2026-12-02T01:00:00.000Z');
  const local = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}:00.000`;
  assert.ok(formatItemLine(again.items[1]).endsWith(` | DUPLICATE: same notification id as the one received at ${local}`), formatItemLine(again.items[1]));
  assert.doesNotMatch(formatItemLine(again.items[0]), /DUPLICATE/);
  assert.deepEqual(summarize(again).map((s) => [s.notificationId, s.duplicateOf?.receivedAt]), [['n3', undefined], ['n1', '2026-12-02T01:00:00.000Z']]);
});

test('lifecycle notifications (no id) are never duplicates; the tracker forgets the oldest ids past its capacity', async () => {
  const tracker = new DuplicateTracker(2);
  const life = { value: [{ subscriptionId: 's', subscriptionExpirationDateTime: '2030-01-01T00:00:00Z', lifecycleEvent: 'reauthorizationRequired' as const, clientState: 'cs', tenantId: 't' }] };
  for (let i = 0; i < 2; i++) {
    const p = await processNotification({ id: `l${i}`, receivedAt: '2026-12-02T01:00:00.000Z', kind: 'lifecycle', body: life }, deps);
    tracker.mark(p);
    assert.equal(p.items[0].duplicateOf, undefined);
  }
  for (const id of ['a', 'b', 'c']) tracker.mark(await processNotification({ id, receivedAt: '2026-12-02T01:00:00.000Z', kind: 'change', body: body([id]) }, deps));
  const a = await processNotification({ id: 'a2', receivedAt: '2026-12-02T01:00:01.000Z', kind: 'change', body: body(['a', 'c']) }, deps);
  tracker.mark(a);
  assert.deepEqual(a.items.map((i) => i.duplicateOf !== undefined), [false, true], "'a' was forgotten, 'c' is remembered");
});
