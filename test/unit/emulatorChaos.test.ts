import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, type CliIo } from '../../src/emulator/cli';
import { QUOTA_REACHED_MESSAGE } from '../../src/emulator/chaos';
import { call, messageDraft, type Harness, withHarness } from './emulatorTestKit';

async function create(h: Harness, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, overrides) });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json as { id: string };
}

interface Item {
  id: string;
  changeType: string;
  resource: string;
  lifecycleEvent?: string;
}
const received = (h: Harness, path = '/notifications'): Item[] =>
  h.receiver.notifications.filter((p) => p.path === path).flatMap((p) => (p.json as { value: Item[] }).value);

async function eventually(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('duplicates (seed 3): the receiver gets the planned extra items: duplicates with the same id, pairs as updated after their created', async () => {
  await withHarness(async (h) => {
    const sub = await create(h, { changeType: 'created,updated' });
    assert.deepEqual(h.emulator.setChaos('duplicates', 3), { profile: 'duplicates', seed: 3 });
    const report = await h.emulator.simulateChange(sub.id, { changeType: 'created', count: 4 });
    const items = received(h);
    // The exact sequence per seed is pinned in test/unit/chaos.test.ts; here: the receiver gets what was planned.
    assert.equal(items.length, 4 + report.chaos!.duplicates + report.chaos!.updatedPairs);
    assert.ok(report.chaos!.duplicates + report.chaos!.updatedPairs > 0, JSON.stringify(report.chaos));
    const ids = items.map((i) => i.id);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    assert.equal(repeated.length, report.chaos!.duplicates, 'each duplicate repeats an earlier id');
    const pairs = items.filter((i) => i.changeType === 'updated');
    assert.equal(pairs.length, report.chaos!.updatedPairs);
    for (const pair of pairs) {
      const original = items.find((i) => i.changeType === 'created' && i.resource === pair.resource);
      assert.ok(original, 'an updated pair follows a created of the same item');
      assert.notEqual(original.id, pair.id);
      assert.ok(items.indexOf(original) < items.indexOf(pair), 'the updated comes after its created');
    }
    assert.deepEqual({ profile: report.chaos!.profile, seed: report.chaos!.seed }, { profile: 'duplicates', seed: 3 });
  }, { maxBatchSize: 1 });
});

test('the same seed replays the same deliveries in a fresh emulator', async () => {
  const run = async (): Promise<string[]> => {
    let shape: string[] = [];
    await withHarness(async (h) => {
      const sub = await create(h, { changeType: 'created,updated' });
      h.emulator.setChaos('mayhem', 99);
      for (let i = 0; i < 3; i++) await h.emulator.simulateChange(sub.id, { changeType: 'created', count: 3 });
      const items = received(h);
      // Ids are random per run; the shape (change types, which are repeats) is what the seed fixes.
      const ids = items.map((x) => x.id);
      shape = items.map((x, i) => `${x.changeType}${ids.indexOf(x.id) !== i ? '(dup)' : ''}`);
    }, { maxBatchSize: 1 });
    return shape;
  };
  const first = await run();
  const second = await run();
  assert.deepEqual(second, first);
});

test('throttled-api: creates get 429 with Graph\'s body and a fractional Retry-After, or 503; the schedule is fixed by the seed', async () => {
  await withHarness(async (h) => {
    h.emulator.setChaos('throttled-api', 7);
    const statuses: number[] = [];
    let throttled: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { resource: `/users/u${i}/messages` }) });
      statuses.push(res.status);
      if (res.status === 429) throttled ??= res;
    }
    // test/unit/chaos.test.ts pins stream api:create of seed 7 to -, 429 2.193, -, 503 1.701, -, -.
    assert.deepEqual(statuses, [201, 429, 201, 503, 201, 201]);
    assert.equal(throttled!.headers.get('retry-after'), '2.193');
    assert.equal(throttled!.json.error.code, 'TooManyRequests');
  });
});

test('throttled-api: a renewal (PATCH) can be throttled too; a retry after it succeeds', async () => {
  await withHarness(async (h) => {
    const sub = await create(h);
    h.emulator.setChaos('throttled-api', 7);
    const url = `${h.subscriptions}/${sub.id}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(url, { method: 'PATCH', token: h.token, body: { expirationDateTime: new Date(h.clock.ms + (100 + i) * 60_000).toISOString() } });
      statuses.push(res.status);
    }
    assert.ok(statuses.some((s) => s === 429 || s === 503), statuses.join());
    assert.ok(statuses.includes(200), statuses.join());
  });
});

test('quota-reached: every create gets Graph\'s 403 quota body; existing subscriptions still renew', async () => {
  await withHarness(async (h) => {
    const sub = await create(h);
    h.emulator.setChaos('quota-reached', 1);
    const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { resource: '/users/other/messages' }) });
    assert.equal(res.status, 403);
    assert.equal(res.json.error.code, 'ExtensionError');
    assert.equal(res.json.error.message, QUOTA_REACHED_MESSAGE);
    const renew = await call(`${h.subscriptions}/${sub.id}`, { method: 'PATCH', token: h.token, body: { expirationDateTime: new Date(h.clock.ms + 90 * 60_000).toISOString() } });
    assert.equal(renew.status, 200);
  });
});

test('token-expiry: reauthorizationRequired at 15/30/45 min on the emulator clock, delivery paused after expiry until reauthorize', async () => {
  await withHarness(async (h) => {
    h.emulator.setChaos('token-expiry', 1);
    const sub = await create(h, { lifecycleNotificationUrl: h.receiver.url('/lifecycle') });
    const lifecycle = () => received(h, '/lifecycle').filter((i) => i.lifecycleEvent === 'reauthorizationRequired').length;
    h.clock.advanceMinutes(14);
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(lifecycle(), 0, 'nothing before 15 minutes');
    h.clock.advanceMinutes(1);
    await eventually(() => lifecycle() === 1, 'the first reauthorizationRequired');
    h.clock.advanceMinutes(30);
    await eventually(() => lifecycle() === 2, 'the next one (30 and 45 fall due together: one event)');
    h.clock.advanceMinutes(16);
    const paused = await h.emulator.simulateChange(sub.id);
    assert.equal(paused.delivered, 0);
    assert.equal(paused.dropped, 1);
    assert.match(paused.attempts[0].error ?? '', /access token expired .*reauthorize/);
    // The harness's access token expired with the clock too: the app gets a new one, then reauthorizes.
    const fresh = await h.emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] });
    const reauth = await call(`${h.subscriptions}/${sub.id}/reauthorize`, { method: 'POST', token: fresh });
    assert.equal(reauth.status, 204);
    const resumed = await h.emulator.simulateChange(sub.id);
    assert.equal(resumed.delivered, 1);
  });
});

test('subscription-removed: Graph removes the subscription after a change and says so on the lifecycle URL', async () => {
  await withHarness(async (h) => {
    const sub = await create(h, { lifecycleNotificationUrl: h.receiver.url('/lifecycle') });
    h.emulator.setChaos('subscription-removed', 7);
    let removedAfter = 0;
    for (let i = 1; i <= 20 && removedAfter === 0; i++) {
      const report = await h.emulator.simulateChange(sub.id);
      if (report.chaos?.removed) removedAfter = i;
    }
    assert.ok(removedAfter > 0, 'removed within 20 changes at rate 0.2');
    assert.deepEqual(received(h, '/lifecycle').map((i) => i.lifecycleEvent), ['subscriptionRemoved']);
    const gone = await call(`${h.subscriptions}/${sub.id}`, { token: h.token });
    assert.equal(gone.status, 404);
  });
});

test('POST /_emulator/chaos switches the profile; GET /_emulator shows it; bad bodies get 400 naming the profiles', async () => {
  await withHarness(async (h) => {
    const set = await call(`${h.emulator.baseUrl}/_emulator/chaos`, { method: 'POST', body: { profile: 'out-of-order', seed: 12 } });
    assert.equal(set.status, 200);
    assert.deepEqual(set.json, { profile: 'out-of-order', seed: 12 });
    assert.deepEqual((await call(`${h.emulator.baseUrl}/_emulator`)).json.chaos, { profile: 'out-of-order', seed: 12 });
    const random = await call(`${h.emulator.baseUrl}/_emulator/chaos`, { method: 'POST', body: { profile: 'duplicates' } });
    assert.equal(typeof random.json.seed, 'number', 'a seed is chosen and returned');
    const bad = await call(`${h.emulator.baseUrl}/_emulator/chaos`, { method: 'POST', body: { profile: 'nope' } });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error.message, /off, duplicates, out-of-order/);
    const badSeed = await call(`${h.emulator.baseUrl}/_emulator/chaos`, { method: 'POST', body: { profile: 'duplicates', seed: -1 } });
    assert.equal(badSeed.status, 400);
  });
});

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

test('CLI: --chaos starts with the profile and prints the seed to replay; bad values exit 2', async () => {
  const io = captureIo();
  const { code, emulator } = await runCli(['--port', '0', '--chaos', 'duplicates', '--chaos-seed', '42'], io);
  try {
    assert.equal(code, 0);
    assert.deepEqual(emulator!.chaosSettings(), { profile: 'duplicates', seed: 42 });
    assert.match(io.stdout.join('\n'), /Chaos: +duplicates, seed 42 — replay the same faults with --chaos duplicates --chaos-seed 42/);
  } finally {
    await emulator?.close();
  }
  for (const args of [['--chaos', 'nope'], ['--chaos', 'duplicates', '--chaos-seed', 'x'], ['--chaos-seed', '5']]) {
    const bad = captureIo();
    assert.equal((await runCli(['--port', '0', ...args], bad)).code, 2, args.join(' '));
  }
  const help = captureIo();
  await runCli(['--help'], help);
  assert.match(help.stdout.join('\n'), /--chaos .*\n(.*\n)* +quota-reached +Creates fail with 403/);
});
