// Issue 19, item 20: messages say "in 7 days (…)" and a short id, not raw ISO times and GUIDs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { friendlyDuration, friendlyExpiry, shortId } from '../../src/util/friendly';

test('durations read like a person would say them', () => {
  const table: [number, string][] = [
    [20_000, 'less than a minute'],
    [60_000, '1 minute'],
    [45 * 60_000, '45 minutes'],
    [60 * 60_000, '1 hour'],
    [125 * 60_000, '2 hours 5 minutes'],
    [7 * 1440 * 60_000, '7 days'],
    [(6 * 1440 + 23 * 60 + 40) * 60_000, '6 days 23 hours'],
  ];
  for (const [ms, expected] of table) assert.equal(friendlyDuration(ms), expected);
});

test('an expiry is relative with a local time and never the raw ISO string', () => {
  const now = new Date(2030, 0, 1, 12, 0);
  const future = friendlyExpiry(new Date(2030, 0, 8, 12, 0).toISOString(), now, 'en-US');
  assert.match(future, /^in 7 days \(Tue, Jan 8, 12:00 PM\)$/);
  const today = friendlyExpiry(new Date(2030, 0, 1, 13, 0), now, 'en-US');
  assert.equal(today, 'in 1 hour (01:00 PM)');
  assert.match(friendlyExpiry(new Date(2029, 11, 31, 12, 0), now, 'en-US'), /^1 day ago \(/);
  assert.doesNotMatch(future, /T\d\d:\d\d/);
});

test('ids are shortened for messages', () => {
  assert.equal(shortId('48d31887-5fad-4d73-a9f5-3c356e68a038'), '48d31887…');
  assert.equal(shortId('abc'), 'abc');
});
