import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { changedAtOf, changeTimeOf, formatLatency, latencyBin, latencyStats, LATENCY_BINS } from '../../src/notifications/explorer/latency';
import { summarize, type ProcessedNotification } from '../../src/notifications/processNotification';

const T = Date.parse('2026-12-01T10:00:00.000Z');

test('the change time is the one the payload states, picked by change type', () => {
  const message = { id: 'm', createdDateTime: '2026-12-01T09:00:00Z', lastModifiedDateTime: '2026-12-01T09:59:58Z' };
  const rows: [unknown, string | undefined, number | undefined][] = [
    [message, 'updated', Date.parse('2026-12-01T09:59:58Z')],
    [message, 'created', Date.parse('2026-12-01T09:00:00Z')],
    [message, 'Created', Date.parse('2026-12-01T09:00:00Z')], // docs examples spell it "Created"
    [message, undefined, Date.parse('2026-12-01T09:59:58Z')],
    [{ id: 'c', createdDateTime: '2026-12-01T09:00:00Z', lastUpdatedDateTime: '2026-12-01T09:30:00Z' }, 'updated', Date.parse('2026-12-01T09:30:00Z')], // chat
    [{ id: 'x', lastEditedDateTime: '2026-12-01T09:40:00Z', createdDateTime: '2026-12-01T09:00:00Z' }, 'updated', Date.parse('2026-12-01T09:40:00Z')], // chatMessage
    [{ id: 'u', displayName: 'no time' }, 'updated', undefined], // basic / directory resourceData
    [{ lastModifiedDateTime: 'not a date' }, 'updated', undefined],
    [undefined, 'updated', undefined],
    [['2026-12-01T09:00:00Z'], 'updated', undefined],
  ];
  for (const [content, changeType, expected] of rows) assert.equal(changeTimeOf(content, changeType), expected, JSON.stringify({ content, changeType }));
  assert.equal(changedAtOf(message, 'updated'), '2026-12-01T09:59:58.000Z');
});

test('summarize keeps the stated change time of decrypted content, and nothing else of it', () => {
  const processed: ProcessedNotification = {
    id: 'n1', receivedAt: new Date(T).toISOString(), kind: 'change', tokens: [],
    items: [
      { index: 0, subscriptionId: 's', changeType: 'created', resource: 'me/messages/1', trusted: true, trust: 'verified', checks: { clientState: { status: 'pass' }, validationTokens: { status: 'skip' }, decryption: { status: 'pass' } }, content: { subject: 'secret subject', createdDateTime: '2026-12-01T09:59:57Z' }, contentSource: 'decrypted' },
      { index: 1, subscriptionId: 's', lifecycleEvent: 'missed', trusted: true, trust: 'verified', checks: { clientState: { status: 'pass' }, validationTokens: { status: 'skip' }, decryption: { status: 'skip' } } },
    ],
  };
  const [rich, lifecycle] = summarize(processed);
  assert.equal(rich.changedAt, '2026-12-01T09:59:57.000Z');
  assert.equal(lifecycle.changedAt, undefined);
  assert.ok(!JSON.stringify(summarize(processed)).includes('secret subject'));
});

test('p50/p90/max use nearest rank; clock skew counts as 0 and is reported', () => {
  const stats = latencyStats([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000, NaN]);
  assert.deepEqual({ count: stats?.count, p50: stats?.p50, p90: stats?.p90, max: stats?.max }, { count: 10, p50: 5000, p90: 9000, max: 10_000 });
  const skewed = latencyStats([-400, 200]);
  assert.equal(skewed?.skewed, 1);
  assert.equal(skewed?.p50, 0);
  assert.equal(latencyStats([NaN]), undefined);
  assert.equal(latencyStats([]), undefined);
});

test('the histogram puts each latency in its bin', () => {
  assert.equal(latencyBin(0), 0);
  assert.equal(latencyBin(999), 0);
  assert.equal(latencyBin(1000), 1);
  assert.equal(latencyBin(14_999), 2);
  assert.equal(latencyBin(60_000), 4);
  assert.equal(latencyBin(3 * 3_600_000), LATENCY_BINS.length - 1);
  const stats = latencyStats([500, 1500, 1600, 20_000, 7_200_000]);
  assert.deepEqual(stats?.histogram, [1, 2, 0, 1, 0, 0, 1]);
});

test('latencies read at a glance', () => {
  assert.equal(formatLatency(850), '850 ms');
  assert.equal(formatLatency(1234), '1.2 s');
  assert.equal(formatLatency(42_000), '42 s');
  assert.equal(formatLatency(245_000), '4 min 05 s');
  assert.equal(formatLatency(7_800_000), '2 h 10 min');
  assert.equal(formatLatency(-1500), '−1.5 s');
  assert.equal(formatLatency(NaN), '–');
});
