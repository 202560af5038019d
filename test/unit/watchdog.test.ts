// The watchdog's pure state machine (src/watchdog/): a table over its states, and the pieces that
// feed it (notificationUrl vs what the receiver serves, activity from history and live items,
// lifecycle events answered, change detection).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateWatch, type WatchInput, type WatchState } from '../../src/watchdog/watchState';
import { endpointVerdict } from '../../src/watchdog/endpoint';
import { ActivityLog } from '../../src/watchdog/activity';
import { WatchdogMemory } from '../../src/watchdog/watchdogMemory';
import { SubscriptionWatchdog } from '../../src/watchdog/watchdog';
import { sandboxDeliveryHealth, type DeliveryLogEntry } from '../../src/watchdog/sandboxDeliveries';
import { CommandId } from '../../src/constants';
import { buildSubscriptionNode } from '../../src/tree/treeModel';
import type { HistoryEntry } from '../../src/notifications/history';
import type { Subscription } from '../../src/graph/types';

const NOW = Date.parse('2030-01-01T12:00:00Z');
const MIN = 60_000;
const LOCAL = 'http://127.0.0.1:4000';
const TUNNEL = 'https://new.example.ngrok.app';

function input(over: Partial<WatchInput> = {}): WatchInput {
  return {
    now: NOW,
    accountId: 'sandbox',
    subscription: { id: 's1', resource: 'me/messages', notificationUrl: `${LOCAL}/notifications`, expirationDateTime: new Date(NOW + 48 * 60 * MIN).toISOString() },
    activity: { lastAt: NOW - 2 * MIN, lastHour: 5 },
    expiringSoonMinutes: 60,
    autoRenew: { enabled: false },
    endpoint: { kind: 'served' },
    pending: [],
    ...over,
  };
}
const expiresIn = (minutes: number) => ({ ...input().subscription, expirationDateTime: new Date(NOW + minutes * MIN).toISOString() });

const TABLE: { name: string; over: Partial<WatchInput>; state: WatchState; short?: RegExp; step?: string }[] = [
  { name: 'receiving, no expectation', over: {}, state: 'ok' },
  { name: 'never received, no expectation: nothing to judge', over: { activity: { lastHour: 0 } }, state: 'ok' },
  { name: 'within its expected activity', over: { expectation: { minutes: 15, setAt: NOW - 60 * MIN } }, state: 'ok' },
  { name: 'quiet past its expected activity', over: { activity: { lastAt: NOW - 20 * MIN, lastHour: 3 }, expectation: { minutes: 15, setAt: NOW - 60 * MIN } }, state: 'silent', short: /^silent 20 min$/, step: CommandId.handshakeSelfTest },
  { name: 'never received: silence counts from when the expectation was set', over: { activity: { lastHour: 0 }, expectation: { minutes: 15, setAt: NOW - 10 * MIN } }, state: 'ok' },
  { name: 'never received, expectation set long ago', over: { activity: { lastHour: 0 }, expectation: { minutes: 15, setAt: NOW - 90 * MIN } }, state: 'silent', short: /^silent 1 h 30 min$/ },
  { name: 'expiring, auto-renew off', over: { subscription: expiresIn(30) }, state: 'expiring', short: /no auto-renew/, step: CommandId.renewToMax },
  { name: 'expiring, auto-renew on: it renews', over: { subscription: expiresIn(30), autoRenew: { enabled: true } }, state: 'ok' },
  { name: 'expiring, auto-renew failing', over: { subscription: expiresIn(30), autoRenew: { enabled: true, failure: '403 Forbidden' } }, state: 'expiring', short: /auto-renew failing/, step: CommandId.renewToMax },
  { name: 'expired', over: { subscription: expiresIn(-5), autoRenew: { enabled: true } }, state: 'expiring', short: /^expired$/, step: CommandId.recreateSubscription },
  { name: 'receiver stopped', over: { endpoint: { kind: 'receiverStopped', base: LOCAL } }, state: 'notServed', short: /receiver stopped/, step: CommandId.startReceiver },
  { name: 'tunnel URL changed, re-point declined', over: { endpoint: { kind: 'moved', oldBase: 'https://old.example.ngrok.app', newBase: TUNNEL } }, state: 'notServed', short: /not served/, step: CommandId.repointSubscription },
  { name: 'tunnel down', over: { endpoint: { kind: 'tunnelDown', base: TUNNEL } }, state: 'notServed', step: CommandId.startTunnel },
  { name: 'someone else\'s endpoint is not judged', over: { endpoint: { kind: 'notJudged' } }, state: 'ok' },
  { name: 'reauthorizationRequired unanswered', over: { pending: [{ event: 'reauthorizationRequired', at: NOW - 5 * MIN }] }, state: 'lifecycle', short: /reauthorization required/, step: CommandId.reauthorizeSubscription },
  { name: 'missed unanswered', over: { pending: [{ event: 'missed', at: NOW - 5 * MIN }] }, state: 'lifecycle', short: /missed/ },
  { name: 'Sandbox throttling: delayed', over: { throttle: 'slow' }, state: 'throttled', short: /throttled: delayed/, step: CommandId.checkReceiver },
  { name: 'Sandbox throttling: dropping', over: { throttle: 'drop' }, state: 'throttled', short: /throttled: dropping/ },
  { name: 'normal throttling state is no problem', over: { throttle: 'normal' }, state: 'ok' },
  { name: 'Sandbox: the last delivery failed', over: { throttle: 'normal', delivery: { dropped: 0, lastFailure: 'HTTP 500' } }, state: 'failing', short: /deliveries failing/, step: CommandId.checkReceiver },
  { name: 'Sandbox: delivering again, but some were dropped', over: { throttle: 'normal', delivery: { dropped: 3 } }, state: 'failing', short: /^3 dropped$/ },
  { name: 'Sandbox: dropping while throttled is the throttled state, with the count', over: { throttle: 'drop', delivery: { dropped: 2, lastFailure: 'dropped while the endpoint is throttled' } }, state: 'throttled', short: /dropping/ },
  { name: 'Sandbox: receiver stopped explains failing deliveries itself', over: { endpoint: { kind: 'receiverStopped', base: LOCAL }, delivery: { dropped: 1, lastFailure: 'ECONNREFUSED' } }, state: 'notServed' },
];

for (const row of TABLE) {
  test(`watch state: ${row.name} → ${row.state}`, () => {
    const v = evaluateWatch(input(row.over));
    assert.equal(v.state, row.state, JSON.stringify(v.problems));
    if (row.state === 'ok') assert.equal(v.problems.length, 0);
    if (row.short) assert.match(v.problems[0].short, row.short);
    if (row.step) assert.equal(v.problems[0].nextStep.command, row.step);
    for (const p of v.problems) assert.ok(p.detail.length > 20 && p.nextStep.title, 'every problem says why and what to do');
  });
}

test('watch state: several problems, the most urgent leads; next steps target the subscription', () => {
  const v = evaluateWatch(input({
    subscription: expiresIn(20),
    activity: { lastAt: NOW - 50 * MIN, lastHour: 1 },
    expectation: { minutes: 10, setAt: NOW - 100 * MIN },
    endpoint: { kind: 'moved', oldBase: LOCAL, newBase: 'http://127.0.0.1:5000' },
    pending: [{ event: 'reauthorizationRequired', at: NOW - MIN }],
    throttle: 'drop',
  }));
  assert.deepEqual(v.problems.map((p) => p.kind), ['notServed', 'lifecycle', 'expiring', 'throttled', 'silent']);
  assert.equal(v.state, 'notServed');
  assert.deepEqual(v.problems[0].nextStep.args, [{ accountId: 'sandbox', subscriptionId: 's1' }]);
  assert.deepEqual(v.problems[4].nextStep.args, [{ url: `${LOCAL}/notifications` }], 'the self-test checks the URL Graph posts to');
});

test('watch state: "Check Receiver" for a throttled or failing endpoint checks that endpoint (the subscription\'s notificationUrl), not a receiver to pick', () => {
  for (const over of [{ throttle: 'slow' }, { throttle: 'drop' }, { throttle: 'normal', delivery: { dropped: 0, lastFailure: 'HTTP 500' } }] as Partial<WatchInput>[]) {
    const v = evaluateWatch(input(over));
    const step = v.problems[0].nextStep;
    assert.equal(step?.command, CommandId.checkReceiver);
    assert.deepEqual(step?.args, [{ url: input(over).subscription.notificationUrl }], JSON.stringify(over));
  }
});

test('watch state: the activity line says last arrival, rate and expectation', () => {
  assert.match(evaluateWatch(input({ expectation: { minutes: 30, setAt: NOW } })).activityLine, /Last notification 2 minutes ago · 5 in the last hour · expected at least every 30 minutes/);
  assert.match(evaluateWatch(input({ activity: { lastHour: 0 } })).activityLine, /No notification received yet · 0 in the last hour · no expected activity set/);
});

test('endpoint: served, stopped, moved (public and local), tunnel down, and addresses never served', () => {
  const known = [
    { base: LOCAL, kind: 'local' as const },
    { base: 'https://old.example.ngrok.app', kind: 'public' as const },
    { base: TUNNEL, kind: 'public' as const },
    { base: 'http://127.0.0.1:3999', kind: 'local' as const },
    // A tunnel whose public URL is a loopback address (a local proxy): still a public URL.
    { base: 'http://127.0.0.1:4100', kind: 'public' as const },
  ];
  const running = { local: LOCAL, public: TUNNEL };
  assert.deepEqual(endpointVerdict(`${TUNNEL}/notifications`, running, known), { kind: 'served' });
  assert.deepEqual(endpointVerdict(`${LOCAL}/notifications`, running, known), { kind: 'served' });
  assert.deepEqual(endpointVerdict('https://old.example.ngrok.app/notifications', running, known), { kind: 'moved', oldBase: 'https://old.example.ngrok.app', newBase: TUNNEL });
  assert.deepEqual(endpointVerdict('http://127.0.0.1:3999/notifications', running, known), { kind: 'moved', oldBase: 'http://127.0.0.1:3999', newBase: LOCAL });
  assert.deepEqual(endpointVerdict('http://127.0.0.1:4100/notifications', running, known), { kind: 'moved', oldBase: 'http://127.0.0.1:4100', newBase: TUNNEL });
  assert.deepEqual(endpointVerdict('https://old.example.ngrok.app/notifications', { local: LOCAL }, known), { kind: 'tunnelDown', base: 'https://old.example.ngrok.app' });
  assert.deepEqual(endpointVerdict(`${LOCAL}/notifications`, undefined, known), { kind: 'receiverStopped', base: LOCAL });
  assert.deepEqual(endpointVerdict('https://myapp.example.com/api/notify', running, known), { kind: 'notJudged' }, "the user's own app");
  assert.deepEqual(endpointVerdict('http://127.0.0.1:39990/notifications', running, known), { kind: 'notJudged' }, 'a port that only starts like a known one');
  assert.deepEqual(endpointVerdict('EventHub:https://ns.servicebus.windows.net/eventhubname/graph?tenantId=x', running, known), { kind: 'notJudged' });
});

test('activity: live items count unless forged or lifecycle; history seeds last arrival and rate', () => {
  const log = new ActivityLog();
  log.record([{ subscriptionId: 'a', trusted: true, trust: 'verified' }, { subscriptionId: 'a', trusted: false, trust: 'untrusted' }, { subscriptionId: 'a', trusted: true, trust: 'verified', lifecycleEvent: 'missed' }], NOW - 10 * MIN);
  assert.deepEqual(log.snapshot('a', NOW), { lastAt: NOW - 10 * MIN, lastHour: 1 });
  const entry = (id: string, minutesAgo: number, sub: string, kind: HistoryEntry['kind'] = 'change'): HistoryEntry => ({
    id, receivedAt: new Date(NOW - minutesAgo * MIN).toISOString(), kind, path: '/notifications', body: { value: [{ subscriptionId: sub }] },
  });
  // Newest first, as the history reads back; one entry with verdicts, one without, one rejected.
  log.seed([entry('3', 5, 'b'), { ...entry('2', 30, 'b'), processed: { processedAt: '', items: [{ subscriptionId: 'b', trusted: false, trust: 'untrusted', checks: { clientState: { status: 'fail' }, validationTokens: { status: 'skip' }, decryption: { status: 'skip' } } }] } }, entry('1', 90, 'b'), entry('0', 1, 'b', 'rejected')]);
  assert.deepEqual(log.snapshot('b', NOW), { lastAt: NOW - 5 * MIN, lastHour: 1 }, 'the forged one (30 min) and the rejected one do not count; 90 min is outside the hour');
  log.rename('b', 'b2');
  assert.deepEqual(log.snapshot('b2', NOW), { lastAt: NOW - 5 * MIN, lastHour: 1 });
  assert.deepEqual(log.snapshot('b', NOW), { lastHour: 0 });
});

test('memory: which answer settles which lifecycle event; recreate carries the expectation; it round-trips', () => {
  let saves = 0;
  const m = new WatchdogMemory(() => saves++);
  m.lifecycleReceived('s', { event: 'reauthorizationRequired', at: 1 });
  m.lifecycleReceived('s', { event: 'missed', at: 2 });
  assert.equal(m.answered('s', 'resync'), true);
  assert.deepEqual(m.pendingOf('s').map((p) => p.event), ['reauthorizationRequired'], 'a resync does not reauthorize');
  assert.equal(m.answered('s', 'resync'), false);
  assert.equal(m.answered('s', 'renew'), true, 'a renewal (PATCH) reauthorizes too');
  assert.deepEqual(m.pendingOf('s'), []);
  m.setExpectation('old', 30, 5);
  m.lifecycleReceived('old', { event: 'subscriptionRemoved', at: 3, accountId: 'sandbox', resource: 'me/events' });
  assert.equal(m.removed().length, 1);
  m.recreated('old', 'new', 9);
  assert.deepEqual(m.expectation('new'), { minutes: 30, setAt: 9 });
  assert.equal(m.removed().length, 0);
  m.rememberBase('https://x.example/', 'public');
  assert.equal(m.rememberBase('https://x.example', 'public'), false, 'a trailing slash is the same base');
  m.setExpectation('both', 5, 1);
  m.lifecycleReceived('both', { event: 'missed', at: 1 });
  m.forget('both');
  assert.equal(m.expectation('both'), undefined);
  assert.deepEqual(m.pendingOf('both'), [], 'a deleted subscription leaves neither its expectation nor its events');
  const copy = new WatchdogMemory();
  copy.load(JSON.parse(JSON.stringify(m.toJSON())));
  assert.deepEqual(copy.toJSON(), m.toJSON());
  assert.ok(saves >= 6, 'every change is saved');
});

test('watchdog: listeners hear only changes; removed subscriptions get a row until recreated', () => {
  const memory = new WatchdogMemory();
  const activity = new ActivityLog();
  let now = NOW;
  const subs: Subscription[] = [{ id: 's1', resource: 'me/messages', changeType: 'created', notificationUrl: `${LOCAL}/notifications`, expirationDateTime: new Date(NOW + 48 * 60 * MIN).toISOString() }];
  const dog = new SubscriptionWatchdog({
    now: () => now,
    accounts: () => [{ id: 'sandbox', label: 'Sandbox', isSandbox: true }],
    subscriptions: () => subs,
    receiverBases: () => ({ local: LOCAL }),
    expiringSoonMinutes: () => 60,
    autoRenew: () => ({ enabled: false }),
    expectation: (id) => memory.expectation(id),
    throttle: () => 'normal',
    memory,
    activity,
  });
  let fired = 0;
  dog.onDidChange(() => fired++);
  memory.setExpectation('s1', 10, NOW);
  assert.equal(dog.refresh(), true);
  assert.equal(dog.refresh(), false, 'nothing changed: no repaint');
  now += 11 * MIN;
  dog.refresh();
  assert.equal(dog.verdict('sandbox', 's1')?.state, 'silent');
  assert.equal(dog.attention().length, 1);
  activity.record([{ subscriptionId: 's1', trusted: true, trust: 'verified' }], now);
  dog.refresh();
  assert.equal(dog.verdict('sandbox', 's1')?.state, 'ok', 'back when a notification arrives');
  assert.equal(fired, 3);

  memory.lifecycleReceived('gone', { event: 'subscriptionRemoved', at: now, accountId: 'sandbox', resource: 'me/events' });
  dog.refresh();
  assert.deepEqual(dog.current().removed.map((r) => [r.resource, r.problem.nextStep.command]), [['me/events', CommandId.recreateSubscription]]);
  assert.equal(dog.attention()[0].subscriptionId, 'gone');
});

test('tree row: the most urgent problem leads icon, description and tooltip; menus get a facet only where they have entries', () => {
  const sub: Subscription = { id: 's1', resource: 'me/messages', changeType: 'created', notificationUrl: `${LOCAL}/notifications`, expirationDateTime: new Date(NOW + 48 * 60 * MIN).toISOString() };
  const silent = evaluateWatch(input({ activity: { lastAt: NOW - 20 * MIN, lastHour: 0 }, expectation: { minutes: 15, setAt: 0 } }));
  const node = buildSubscriptionNode('sandbox', true, sub, new Date(NOW), 60, 'normal', silent);
  assert.equal(node.icon, 'mute');
  assert.match(node.description, /^silent 20 min · in 2 d · created$/);
  assert.equal(node.contextValue, 'subscription:healthy:sandbox:delta', 'silent has no menu entries of its own (me/messages has a delta query: Resync)');
  assert.match(node.tooltip, /^\*\*me\/messages\*\* — Silent, expires in 2 d\n\n\*\*Watchdog: Silent\*\*/, 'the watchdog section comes before the property table');
  assert.match(node.tooltip, /\[Run Handshake Self\\-Test\]\(command:graphSubscriptions\.handshakeSelfTest\?%5B%7B%22url%22/);
  assert.deepEqual(node.tooltipCommands, [CommandId.setExpectedActivity, CommandId.handshakeSelfTest], 'only the linked commands are trusted');

  const moved = evaluateWatch(input({ endpoint: { kind: 'moved', oldBase: LOCAL, newBase: 'http://127.0.0.1:5000' } }));
  assert.equal(buildSubscriptionNode('sandbox', true, sub, new Date(NOW), 60, 'normal', moved).contextValue, 'subscription:healthy:sandbox:delta:watch-notServed');
  const ok = buildSubscriptionNode('sandbox', true, sub, new Date(NOW), 60, 'normal', evaluateWatch(input()));
  assert.equal(ok.icon, 'pass');
  assert.equal(ok.description, 'in 2 d · created');
  assert.match(ok.tooltip, /^\*\*me\/messages\*\* — Healthy/);
});

test('Sandbox delivery log: drops by throttling and after the last retry, the last failure, within 10 minutes', () => {
  const t = (minutesAgo: number) => new Date(NOW - minutesAgo * MIN).toISOString();
  const e = (minutesAgo: number, attempt: number, ok: boolean, extra: Partial<DeliveryLogEntry> = {}): DeliveryLogEntry => ({ time: t(minutesAgo), kind: 'change', subscriptionIds: ['s'], notifications: 1, attempt, ok, ...(ok ? {} : { error: 'HTTP 500' }), ...extra });
  const log: DeliveryLogEntry[] = [
    e(30, 1, false), e(29, 2, false), e(28, 1, true), // a drop outside the window
    e(8, 1, false), e(7.9, 2, false), e(7.8, 3, false), // dropped after three attempts
    e(6, 1, false, { throttle: 'dropped', notifications: 2, attempt: 0, error: 'dropped: endpoint throttled' }),
    e(5, 1, true, { subscriptionIds: ['other'] }),
    e(4, 1, false), e(3.9, 2, true), // retried and delivered
    e(1, 1, true, { kind: 'lifecycle', subscriptionIds: ['s'] }),
  ];
  assert.deepEqual(sandboxDeliveryHealth(log, 's', NOW), { dropped: 3 }, 'the last change delivery succeeded');
  const failing = [...log, e(0.5, 1, false), e(0.4, 2, false, { error: 'timed out after 10000 ms' })];
  assert.deepEqual(sandboxDeliveryHealth(failing, 's', NOW), { dropped: 3, lastFailure: 'timed out after 10000 ms' }, 'still retrying: failing, not yet dropped');
  const gaveUp = [...failing, e(0.3, 3, false)];
  assert.deepEqual(sandboxDeliveryHealth(gaveUp, 's', NOW), { dropped: 4, lastFailure: 'HTTP 500' }, 'its third attempt failed: dropped');
  assert.deepEqual(sandboxDeliveryHealth(log, 'other', NOW), { dropped: 0 });
  assert.deepEqual(sandboxDeliveryHealth([e(1, 0, false, { throttle: 'dropped', attempt: 0 })], 's', NOW), { dropped: 1, lastFailure: 'dropped while the endpoint is throttled' });
});
