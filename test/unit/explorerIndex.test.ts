import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NotificationHistory, type ItemSummary } from '../../src/notifications/history';
import { HistoryIndex } from '../../src/notifications/explorer/historyIndex';
import { queryIndex } from '../../src/notifications/explorer/explorerQuery';
import { chooseStep, rateChart } from '../../src/notifications/explorer/rateChart';
import { describeGroup } from '../../src/notifications/explorer/duplicateGroups';
import { syntheticHistory } from '../fixtures/historyLines';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gs-explorer-'));
}

const verdict = (subscriptionId: string, trust: 'verified' | 'unverified' | 'untrusted', extra: Partial<ItemSummary> = {}): ItemSummary => ({
  subscriptionId,
  trusted: trust === 'verified',
  trust,
  checks: { clientState: { status: trust === 'untrusted' ? 'fail' : trust === 'verified' ? 'pass' : 'skip', ...(trust === 'untrusted' ? { reason: 'mismatch' } : {}) }, validationTokens: { status: 'skip' }, decryption: { status: 'skip' } },
  ...extra,
});

/** Writes notifications through the real history writer: what the explorer reads is what the receiver writes. */
async function write(h: NotificationHistory, n: { id: string; at: number; sub: string; changeType?: string; lifecycleEvent?: string; resource?: string; trust?: 'verified' | 'unverified' | 'untrusted'; changedAt?: number; resourceData?: object }): Promise<void> {
  const item = { subscriptionId: n.sub, ...(n.changeType ? { changeType: n.changeType } : {}), ...(n.lifecycleEvent ? { lifecycleEvent: n.lifecycleEvent } : {}), ...(n.resource ? { resource: n.resource } : {}), ...(n.resourceData ? { resourceData: n.resourceData } : {}) };
  await h.appendReceived({ id: n.id, receivedAt: iso(n.at), kind: n.lifecycleEvent ? 'lifecycle' : 'change', path: '/notifications', body: { value: [item] } });
  if (n.trust) {
    const extra = { ...(n.changeType ? { changeType: n.changeType } : {}), ...(n.lifecycleEvent ? { lifecycleEvent: n.lifecycleEvent } : {}), ...(n.resource ? { resource: n.resource } : {}), ...(n.changedAt !== undefined ? { changedAt: iso(n.changedAt) } : {}) };
    await h.appendProcessed(n.id, [verdict(n.sub, n.trust, extra)]);
  }
}

async function sample(): Promise<{ dir: string; index: HistoryIndex }> {
  const dir = tmp();
  const h = new NotificationHistory({ dir });
  await write(h, { id: 'a', at: T0, sub: 's1', changeType: 'created', resource: 'me/messages/1', trust: 'verified', changedAt: T0 - 2000 });
  await write(h, { id: 'b', at: T0 + 1000, sub: 's1', changeType: 'updated', resource: 'me/messages/1', trust: 'verified', changedAt: T0 - 500 });
  await write(h, { id: 'c', at: T0 + 2000, sub: 's1', changeType: 'updated', resource: 'me/messages/1', trust: 'verified' });
  await write(h, { id: 'd', at: T0 + 3000, sub: 's2', changeType: 'updated', resource: 'Users/u1', trust: 'untrusted' });
  await write(h, { id: 'e', at: T0 + 4000, sub: 's2', lifecycleEvent: 'missed', trust: 'verified' });
  await write(h, { id: 'f', at: T0 + 120_000, sub: 's1', changeType: 'updated', resource: 'me/messages/1', trust: 'unverified' }); // outside the window
  await write(h, { id: 'g', at: T0 + 121_000, sub: 's2', changeType: 'deleted', resource: 'Users/u2' }); // not processed yet
  await h.appendReceived({ id: 'r', receivedAt: iso(T0 + 122_000), kind: 'rejected', path: '/notifications', rejection: { status: 401, reason: 'clientState mismatch', count: 5 } });
  await h.close();
  return { dir, index: await HistoryIndex.open(dir) };
}

test('every item becomes a row with its subscription, change type, verdict and latency', async () => {
  const { index } = await sample();
  assert.equal(index.size, 8);
  const rows = Array.from({ length: index.size }, (_, i) => index.row(i));
  assert.deepEqual(rows.map((r) => [r.subscriptionId, r.changeType, r.check]), [
    ['s1', 'created', 'verified'],
    ['s1', 'updated', 'verified'],
    ['s1', 'updated', 'verified'],
    ['s2', 'updated', 'untrusted'],
    ['s2', 'missed', 'verified'],
    ['s1', 'updated', 'unverified'],
    ['s2', 'deleted', 'pending'],
    ['', '401', 'rejected'],
  ]);
  assert.equal(rows[0].latencyMs, 2000);
  assert.equal(rows[1].latencyMs, 1500);
  assert.equal(rows[2].latencyMs, undefined);
  assert.equal(rows[7].refusedCount, 5);
});

test('duplicates (same resource, same change type, or created then updated, within the window) form one group', async () => {
  const { index } = await sample();
  assert.deepEqual(index.groupMembers(0), [0, 1, 2]);
  assert.equal(index.row(0).groupSize, 3);
  assert.equal(index.row(2).groupLeader, 0);
  assert.equal(index.row(4).groupLeader, undefined, 'lifecycle events are never grouped');
  assert.equal(index.row(5).groupLeader, 5, 'a minute later starts a new group');
  assert.equal(index.row(5).groupSize, 1);
  assert.equal(describeGroup(index.groupMembers(0).map((r) => index.row(r).changeType)), 'created + 2 × updated');
});

test('the list is newest first with groups collapsed, and an expanded group shows its members after its first row', async () => {
  const { index } = await sample();
  assert.deepEqual([...queryIndex(index, {}).rows], [7, 6, 5, 4, 3, 0]);
  assert.deepEqual([...queryIndex(index, {}, { expanded: new Set([0]) }).rows], [7, 6, 5, 4, 3, 0, 1, 2]);
  assert.deepEqual([...queryIndex(index, {}, { groupDuplicates: false }).rows], [7, 6, 5, 4, 3, 2, 1, 0]);
});

test('filters: subscription, change type, check result, time range, resource; facets ignore their own filter', async () => {
  const { index } = await sample();
  const bySub = queryIndex(index, { subscriptionIds: ['s2'] }, { groupDuplicates: false });
  assert.deepEqual([...bySub.rows], [6, 4, 3]);
  assert.deepEqual(bySub.subscriptions.map((s) => [s.subscriptionId, s.count]), [['s1', 4], ['s2', 3], ['', 1]], 'every subscription keeps its count to pick from');
  assert.deepEqual([...queryIndex(index, { changeTypes: ['updated'] }, { groupDuplicates: false }).rows], [5, 3, 2, 1]);
  assert.deepEqual([...queryIndex(index, { checks: ['untrusted', 'pending'] }).rows], [6, 3]);
  assert.deepEqual([...queryIndex(index, { checks: ['rejected'] }).rows], [7]);
  assert.deepEqual([...queryIndex(index, { from: T0 + 1000, to: T0 + 4000 }, { groupDuplicates: false }).rows], [4, 3, 2, 1]);
  assert.deepEqual([...queryIndex(index, { resource: 'USERS/' }).rows], [6, 3]);
  const combined = queryIndex(index, { subscriptionIds: ['s1'], changeTypes: ['updated'], checks: ['verified'] }, { groupDuplicates: false });
  assert.deepEqual([...combined.rows], [2, 1]);
  assert.deepEqual(combined.changeTypes.map((t) => [t.name, t.count]), [['updated', 2], ['created', 1]]);
  assert.deepEqual(combined.checks.map((c) => [c.name, c.count]), [['verified', 2], ['unverified', 1]]);
  assert.equal(queryIndex(index, { subscriptionIds: ['nope'] }).rows.length, 0);
});

test('a group whose first row is filtered out shows its matching members on their own', async () => {
  const { index } = await sample();
  assert.deepEqual([...queryIndex(index, { changeTypes: ['updated'], subscriptionIds: ['s1'] }).rows], [5, 2, 1]);
});

test('per-subscription latency: p50/p90/max over the rows that state a change time', async () => {
  const { index } = await sample();
  const s1 = queryIndex(index, {}).subscriptions.find((s) => s.subscriptionId === 's1');
  assert.equal(s1?.latency?.count, 2);
  assert.equal(s1?.latency?.p50, 1500);
  assert.equal(s1?.latency?.max, 2000);
  assert.equal(queryIndex(index, {}).subscriptions.find((s) => s.subscriptionId === 's2')?.latency, undefined);
});

test('latency also comes from unencrypted resourceData stating a change time, before the verdicts are in', async () => {
  const dir = tmp();
  const h = new NotificationHistory({ dir });
  await write(h, { id: 'x', at: T0, sub: 's', changeType: 'updated', resource: 'chats/1', resourceData: { id: '1', lastUpdatedDateTime: iso(T0 - 3000) } });
  await h.close();
  const index = await HistoryIndex.open(dir);
  assert.equal(index.row(0).latencyMs, 3000);
  assert.equal(index.row(0).check, 'pending');
});

test('the chart counts per bucket and reports the quiet stretch as a gap', async () => {
  const { index } = await sample();
  const view = queryIndex(index, {}, { groupDuplicates: false, chartBuckets: 60 });
  assert.equal(view.chart.step, 5000);
  assert.equal(view.chart.counts.reduce((a, b) => a + b, 0), 8);
  assert.equal(view.chart.counts[0], 5);
  assert.equal(view.chart.gaps.length, 1);
  const gap = view.chart.gaps[0];
  assert.ok(gap.from <= T0 + 5000 && gap.to >= T0 + 115_000, JSON.stringify(gap));
  // Up to now: a silence after the last notification is a gap too.
  const upToNow = queryIndex(index, {}, { now: T0 + 600_000 });
  assert.ok(upToNow.chart.gaps.at(-1)!.to >= T0 + 600_000 - upToNow.chart.step);
});

test('chart buckets: round steps, empty runs as gaps, times outside ignored', () => {
  assert.equal(chooseStep(60_000, 120), 1000);
  assert.equal(chooseStep(3_600_000, 120), 30_000);
  assert.equal(chooseStep(86_400_000, 120), 900_000);
  const chart = rateChart([0, 500, 1000, 5000, 5100, 99_999], 0, 6000, 10);
  assert.equal(chart.step, 1000);
  assert.deepEqual(chart.counts, [2, 1, 0, 0, 0, 2]);
  assert.deepEqual(chart.gaps, [{ from: 2000, to: 5000, buckets: 3 }]);
  assert.equal(chart.max, 2);
  assert.deepEqual(rateChart([], 0, 3000, 10).gaps, [{ from: 0, to: 3000, buckets: 3 }]);
});

test('refresh reads what was appended since, including the verdicts of a pending row', async () => {
  const { dir, index } = await sample();
  const h = new NotificationHistory({ dir });
  await h.appendProcessed('g', [verdict('s2', 'verified', { changeType: 'deleted', resource: 'Users/u2' })]);
  await write(h, { id: 'h', at: T0 + 130_000, sub: 's3', changeType: 'created', resource: 'x/1', trust: 'verified' });
  await h.close();
  assert.equal(await index.refresh(), 1);
  assert.equal(index.row(6).check, 'verified');
  assert.equal(index.row(8).subscriptionId, 's3');
  assert.equal(await index.refresh(), 0);
});

test('refresh follows a rotation: the rest of the old file, then the new one; old rows still read back', async () => {
  const dir = tmp();
  const h = new NotificationHistory({ dir, maxBytes: 4096, keep: 20 });
  for (let i = 0; i < 5; i++) await write(h, { id: `a${i}`, at: T0 + i * 1000, sub: 's', changeType: 'created', resource: `r/${i}`, trust: 'verified' });
  const index = await HistoryIndex.open(dir);
  const before = index.size;
  for (let i = 5; i < 30; i++) await write(h, { id: `a${i}`, at: T0 + i * 1000, sub: 's', changeType: 'created', resource: `r/${i}`, trust: 'verified' });
  await h.close();
  assert.ok(fs.existsSync(path.join(dir, 'history.1.jsonl')), 'the history rotated');
  await index.refresh();
  assert.equal(index.size, 30, `had ${before}`);
  assert.deepEqual(Array.from({ length: 30 }, (_, i) => index.row(i).check).filter((c) => c !== 'verified'), []);
  const first = await index.readEntry(0);
  assert.equal(first?.entry.id, 'a0');
  const last = await index.readEntry(29);
  assert.equal(last?.entry.id, 'a29');
  assert.equal(last?.entry.processed?.items[0].trust, 'verified');
});

test('readEntry returns the stored entry and the item position, merged with its verdicts', async () => {
  const { index } = await sample();
  const read = await index.readEntry(3);
  assert.equal(read?.entry.id, 'd');
  assert.equal(read?.itemIndex, 0);
  assert.equal(read?.entry.processed?.items[0].checks.clientState.reason, 'mismatch');
  const pending = await index.readEntry(6);
  assert.equal(pending?.entry.id, 'g');
  assert.equal(pending?.entry.processed, undefined);
});

test('rotated files are read oldest first; torn and foreign lines are skipped; non-ASCII offsets stay right', async () => {
  const dir = tmp();
  const line = (id: string, at: number, resource: string) => JSON.stringify({ type: 'received', id, receivedAt: iso(at), kind: 'change', path: '/notifications', body: { value: [{ subscriptionId: 's', changeType: 'updated', resource }] } });
  fs.writeFileSync(path.join(dir, 'history.2.jsonl'), line('old', T0, 'r/ä') + '\n');
  fs.writeFileSync(path.join(dir, 'history.1.jsonl'), line('mid', T0 + 1000, 'r/😀') + '\n{"type":"received","id":"torn\n' + '[1,2]\n');
  fs.writeFileSync(path.join(dir, 'history.jsonl'), line('new', T0 + 2000, 'r/é') + '\n');
  const index = await HistoryIndex.open(dir, { chunkBytes: 4096 });
  assert.equal(index.size, 3);
  assert.deepEqual([0, 1, 2].map((r) => index.row(r).resource), ['r/ä', 'r/😀', 'r/é']);
  assert.equal((await index.readEntry(2))?.entry.id, 'new');
  assert.equal((await index.readEntry(1))?.entry.id, 'mid');
});

test('lines longer than the read chunk are indexed whole', async () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'history.jsonl'), JSON.stringify({ type: 'received', id: 'big', receivedAt: iso(T0), kind: 'change', path: '/n', body: { value: [{ subscriptionId: 's', changeType: 'created', resource: 'r', pad: 'x'.repeat(20_000) }] } }) + '\n');
  const index = await HistoryIndex.open(dir, { chunkBytes: 4096 });
  assert.equal(index.size, 1);
  assert.equal((await index.readEntry(0))?.entry.id, 'big');
});

test('a missing folder is an empty history', async () => {
  const index = await HistoryIndex.open(path.join(tmp(), 'nope'));
  assert.equal(index.size, 0);
  const view = queryIndex(index, {});
  assert.equal(view.rows.length, 0);
  assert.equal(view.chart.max, 0);
});

test('a large synthetic history: every notification is a row, the gap is visible, counts add up', async () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'history.jsonl'), syntheticHistory({ count: 2000, spacingMs: 1000, subscriptions: 4, gapMs: 3_600_000 }));
  const index = await HistoryIndex.open(dir, { chunkBytes: 8192 });
  assert.equal(index.size, 2000);
  const view = queryIndex(index, {}, { groupDuplicates: false });
  assert.equal(view.rows.length, 2000);
  assert.equal(view.subscriptions.reduce((a, s) => a + s.count, 0), 2000);
  const longest = Math.max(...view.chart.gaps.map((g) => g.to - g.from));
  assert.ok(longest >= 3_000_000, `longest gap ${longest} ms`);
  const grouped = queryIndex(index, {});
  assert.ok(grouped.rows.length < 2000 && grouped.rows.length > 1700, `${grouped.rows.length} rows once duplicates are grouped`);
});

test('a notification the receiver recognised as a re-delivery (same id) is marked with when the first one arrived', async () => {
  const dir = tmp();
  const h = new NotificationHistory({ dir });
  await write(h, { id: 'first', at: T0, sub: 's', changeType: 'updated', resource: 'r/1', trust: 'verified' });
  await h.appendReceived({ id: 'again', receivedAt: iso(T0 + 5000), kind: 'change', path: '/notifications', body: { value: [{ subscriptionId: 's', changeType: 'updated', resource: 'r/1' }] } });
  await h.appendProcessed('again', [verdict('s', 'verified', { changeType: 'updated', resource: 'r/1', notificationId: 'n-1', duplicateOf: { receivedAt: iso(T0) } })]);
  await h.close();
  const index = await HistoryIndex.open(dir);
  assert.equal(index.row(0).redeliveryOf, undefined);
  assert.equal(index.row(1).redeliveryOf, iso(T0));
  assert.equal(index.row(1).groupLeader, 0, 'and it is in the first one\'s duplicate group');
});
