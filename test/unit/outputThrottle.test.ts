import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { OutputThrottle, summaryLine } from '../../src/notifications/outputThrottle';

test('below the rate every item is printed; beyond it one summary line per subscription per second', () => {
  let now = 1_000_000;
  const summaries: string[] = [];
  const t = new OutputThrottle((lines) => summaries.push(...lines), { maxItemsPerSecond: 20, now: () => now, timers: false });
  const printed = Array.from({ length: 1234 }, (_, i) => t.admit(i % 2 === 0 ? 'sub-a' : 'sub-b', i % 100 === 0 ? 'untrusted' : 'verified'));
  assert.equal(printed.filter(Boolean).length, 20, 'only the first 20 items of the second are printed in full');
  now += 1000;
  t.tick();
  assert.deepEqual(summaries, [
    '617 notifications for sub sub-a in the last second (13 untrusted) — open history',
    '617 notifications for sub sub-b in the last second — open history',
  ]);
  // A quiet second afterwards: everything printed again, no summary.
  summaries.length = 0;
  assert.equal(t.admit('sub-a', 'verified'), true);
  now += 1000;
  t.tick();
  assert.deepEqual(summaries, []);
});

test('summary numbers are grouped, subscription ids escaped', () => {
  assert.equal(summaryLine('x\ny', { total: 1234, untrusted: 0, unverified: 2 }), '1,234 notifications for sub x\\ny in the last second (2 unverified) — open history');
});
