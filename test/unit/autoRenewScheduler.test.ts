import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AutoRenewScheduler, type ScheduleEntry } from '../../src/tree/autoRenewScheduler';
import { RecentActions } from '../../src/graph/recentActions';
import type { Subscription } from '../../src/graph/types';
import { nullLogger } from '../../src/util/logger';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const MIN = 60_000;

function sub(id: string, expiresInMinutes: number, now = T0): Subscription {
  return { id, resource: 'me/messages', changeType: 'created', notificationUrl: 'https://x/n', expirationDateTime: new Date(now + expiresInMinutes * MIN).toISOString() };
}

function setup(renewTo = (now: number) => new Date(now + 10_000 * MIN).toISOString()) {
  const clock = { now: T0 };
  const recent = new RecentActions(() => clock.now);
  const renewed: string[] = [];
  let saved: ScheduleEntry[] = [];
  const failures = new Map<string, Error>();
  const scheduler = new AutoRenewScheduler({
    now: () => clock.now,
    leadMinutes: () => 30,
    recent,
    renew: async (_accountId, id) => {
      const failure = failures.get(id);
      if (failure) throw failure;
      renewed.push(id);
      return { ...sub(id, 0), expirationDateTime: renewTo(clock.now) };
    },
    save: (e) => (saved = e),
    log: nullLogger,
  });
  return { clock, recent, renewed, scheduler, failures, saved: () => saved };
}

test('renews only subscriptions within the lead time, then reschedules from the new expiry', async () => {
  const { clock, scheduler, renewed } = setup();
  scheduler.update('sandbox', [sub('soon', 45), sub('later', 600)]);
  assert.deepEqual(await scheduler.tick(), []);
  clock.now = T0 + 16 * MIN; // 29 minutes before "soon" expires
  const outcomes = await scheduler.tick();
  assert.deepEqual(renewed, ['soon']);
  assert.equal(outcomes[0].kind, 'renewed');
  const entry = scheduler.schedule().find((e) => e.subscriptionId === 'soon')!;
  assert.equal(entry.dueAt, clock.now + 10_000 * MIN - 30 * MIN);
  assert.deepEqual(await scheduler.tick(), [], 'nothing due right after renewing');
});

test('never renews within 10 minutes of a reauthorize of the same subscription; renews once allowed', async () => {
  const { clock, scheduler, renewed, recent } = setup();
  scheduler.update('sandbox', [sub('a', 45)]);
  clock.now = T0 + 20 * MIN;
  recent.record('a', 'reauthorize', clock.now - 4 * MIN);
  const [deferred] = await scheduler.tick();
  assert.equal(deferred.kind, 'deferred');
  assert.equal(deferred.kind === 'deferred' && deferred.until, clock.now + 6 * MIN);
  assert.deepEqual(renewed, []);
  clock.now += 5 * MIN;
  assert.deepEqual(await scheduler.tick(), [], 'still inside the 10 minutes');
  clock.now += MIN;
  assert.equal((await scheduler.tick())[0].kind, 'renewed');
  assert.deepEqual(renewed, ['a']);
  assert.ok(recent.conflict('a', 'reauthorize'), 'and now a reauthorize is held back');
});

test('a refresh of the list keeps a deferral for the same expiry', async () => {
  const { clock, scheduler, recent } = setup();
  scheduler.update('sandbox', [sub('a', 45)]);
  clock.now = T0 + 20 * MIN;
  recent.record('a', 'reauthorize', clock.now);
  await scheduler.tick();
  const dueBefore = scheduler.schedule()[0].dueAt;
  scheduler.update('sandbox', [sub('a', 45)]);
  assert.equal(scheduler.schedule()[0].dueAt, dueBefore);
});

test('the schedule survives a reload through its saved form', async () => {
  const first = setup();
  first.scheduler.update('sandbox', [sub('a', 45)]);
  const saved = first.saved();
  const second = setup();
  second.scheduler.load(saved);
  second.clock.now = T0 + 20 * MIN;
  await second.scheduler.tick();
  assert.deepEqual(second.renewed, ['a']);
});

test('404 drops the subscription; other failures retry later; expired ones are not renewed', async () => {
  const { clock, scheduler, failures, renewed } = setup();
  scheduler.update('sandbox', [sub('gone', 40), sub('flaky', 40), sub('dead', 1)]);
  failures.set('gone', Object.assign(new Error('gone'), { status: 404 }));
  failures.set('flaky', Object.assign(new Error('busy'), { status: 503 }));
  clock.now = T0 + 12 * MIN;
  const outcomes = await scheduler.tick();
  const byId = Object.fromEntries(outcomes.map((o) => [o.entry.subscriptionId, o.kind]));
  assert.deepEqual(byId, { dead: 'gone', gone: 'gone', flaky: 'failed' });
  assert.deepEqual(scheduler.schedule().map((e) => e.subscriptionId), ['flaky']);
  failures.delete('flaky');
  clock.now += 5 * MIN;
  await scheduler.tick();
  assert.deepEqual(renewed, ['flaky']);
});

test('subscriptions that disappear from an account leave the schedule', () => {
  const { scheduler } = setup();
  scheduler.update('a1', [sub('x', 100), sub('y', 100)]);
  scheduler.update('a2', [sub('z', 100)]);
  scheduler.update('a1', [sub('y', 100)]);
  assert.deepEqual(scheduler.schedule().map((e) => e.subscriptionId).sort(), ['y', 'z']);
});
