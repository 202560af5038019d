/**
 * Reload (issue 8, reliability), in plain Node: what a window reload keeps is what was persisted —
 * the auto-renew schedule (globalState), the recent renew/reauthorize actions, and the history
 * file. A "reload" here is a fresh scheduler / history reading what the previous one saved, as
 * the extension does on activation. (The UI tier does the same through "Developer: Reload Window".)
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecentActions, type RecentActionRecord } from '../../src/graph/recentActions';
import type { Subscription } from '../../src/graph/types';
import { NotificationHistory } from '../../src/notifications/history';
import { AutoRenewScheduler, type ScheduleEntry } from '../../src/tree/autoRenewScheduler';
import { nullLogger } from '../../src/util/logger';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const MIN = 60_000;

function sub(id: string, expiresAt: number): Subscription {
  return { id, resource: 'me/messages', changeType: 'created', notificationUrl: 'https://x/n', expirationDateTime: new Date(expiresAt).toISOString() };
}

/** One window: a scheduler over "globalState" (the `state` object survives, the rest does not). */
function windowSession(state: { schedule?: ScheduleEntry[]; recent?: Record<string, RecentActionRecord[]> }, clock: { now: number }, lead: number) {
  const recent = new RecentActions(() => clock.now);
  recent.load(state.recent);
  const renewed: string[] = [];
  const scheduler = new AutoRenewScheduler({
    now: () => clock.now,
    leadMinutes: () => lead,
    recent,
    renew: async (_account, id) => {
      renewed.push(id);
      recent.record(id, 'renew');
      return sub(id, clock.now + 1440 * MIN);
    },
    save: (entries) => (state.schedule = JSON.parse(JSON.stringify(entries)) as ScheduleEntry[]),
    log: nullLogger,
  });
  scheduler.load(state.schedule);
  return { scheduler, recent, renewed, persistRecent: () => (state.recent = JSON.parse(JSON.stringify(recent.toJSON())) as Record<string, RecentActionRecord[]>) };
}

test('reload: a deferred auto-renewal (10-minute rule after a reauthorize) stays deferred in the next window', async () => {
  const clock = { now: T0 };
  const state: { schedule?: ScheduleEntry[]; recent?: Record<string, RecentActionRecord[]> } = {};
  const expiry = T0 + 20 * MIN;

  const first = windowSession(state, clock, 30);
  first.scheduler.update('sandbox', [sub('s1', expiry)]);
  first.recent.record('s1', 'reauthorize', T0);
  first.persistRecent();
  const outcomes = await first.scheduler.tick();
  assert.equal(outcomes[0]?.kind, 'deferred');
  assert.equal(state.schedule?.[0].dueAt, T0 + 10 * MIN, 'deferred until 10 minutes after the reauthorize');

  // Reload: a new window reads the schedule, then the tree's first load updates it.
  clock.now = T0 + 2 * MIN;
  const second = windowSession(state, clock, 30);
  assert.deepEqual(second.scheduler.schedule().map((e) => e.subscriptionId), ['s1'], 'the schedule came back');
  second.scheduler.update('sandbox', [sub('s1', expiry)]);
  assert.equal(second.scheduler.nextDueAt(), T0 + 10 * MIN, 'the deferral survives the reload and the first tree load');
  assert.deepEqual(await second.scheduler.tick(), [], 'nothing is sent within the 10 minutes');
  assert.deepEqual(second.renewed, []);

  clock.now = T0 + 10 * MIN;
  const after = await second.scheduler.tick();
  assert.equal(after[0]?.kind, 'renewed', 'renewed once the 10 minutes have passed');
  assert.deepEqual(second.renewed, ['s1']);
});

test('reload: a changed lead time applies to subscriptions scheduled before it (no phantom deferral)', async () => {
  const clock = { now: T0 };
  const state: { schedule?: ScheduleEntry[] } = {};
  const expiry = T0 + 60 * MIN;
  const first = windowSession(state, clock, 30);
  first.scheduler.update('sandbox', [sub('s1', expiry)]);
  assert.equal(first.scheduler.nextDueAt(), expiry - 30 * MIN);

  // The user raises autoRenew.leadMinutes to 59, then reloads the window.
  clock.now = T0 + 2 * MIN;
  const second = windowSession(state, clock, 59);
  second.scheduler.update('sandbox', [sub('s1', expiry)]);
  assert.equal(second.scheduler.nextDueAt(), expiry - 59 * MIN, 'due 59 minutes before expiry, not at the old time');
  const outcomes = await second.scheduler.tick();
  assert.equal(outcomes[0]?.kind, 'renewed');
});

test('reload: the history written before is read back whole, verdicts included, and appended to', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-reload-'));
  try {
    const before = new NotificationHistory({ dir });
    for (let i = 0; i < 50; i++) {
      await before.appendReceived({ id: `n${i}`, receivedAt: new Date(T0 + i).toISOString(), kind: 'change', path: '/notifications', body: { value: [{ subscriptionId: 's1', id: `item${i}` }] } });
      await before.appendProcessed(`n${i}`, [{ subscriptionId: 's1', trusted: true, checks: { clientState: { status: 'pass' }, validationTokens: { status: 'skip' }, decryption: { status: 'skip' } } }]);
    }
    await before.close(); // the window goes away

    const after = new NotificationHistory({ dir });
    const read = await after.read(Number.MAX_SAFE_INTEGER);
    assert.equal(read.length, 50);
    assert.ok(read.every((e) => e.processed?.items[0].checks.clientState.status === 'pass'), 'verdicts are merged back');
    await after.appendReceived({ id: 'n50', receivedAt: new Date().toISOString(), kind: 'change', path: '/notifications', body: { value: [{ subscriptionId: 's1' }] } });
    assert.equal((await after.read(Number.MAX_SAFE_INTEGER)).length, 51, 'the next window appends to the same history');
    await after.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
