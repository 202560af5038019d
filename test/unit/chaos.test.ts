import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHAOS_PROFILES,
  CHAOS_PROFILE_NAMES,
  QUOTA_REACHED_MESSAGE,
  chaosProfile,
  decisionRandom,
  isMeteredTeamsResource,
  parseChaosSeed,
  planApiFault,
  planDelivery,
  reauthorizationTimes,
  type DeliveryPlan,
} from '../../src/emulator/chaos';

/** "0 1u 2d" per POST: source index, u = the updated pair, d = the duplicate; with its delay. */
function schedule(plan: DeliveryPlan): [string, number][] {
  return plan.posts.map((p) => [p.items.map((i) => `${i.source}${i.copy === 'original' ? '' : i.copy === 'duplicate' ? 'd' : 'u'}`).join(' '), p.delayMs]);
}

const created4 = { changeTypes: ['created', 'created', 'created', 'created'], takesUpdated: true, batchSize: 1, removable: false };
const updated5 = { changeTypes: ['updated', 'updated', 'updated', 'updated', 'updated'], takesUpdated: true, batchSize: 1, removable: false };

test('the duplicates profile: exact schedule for seed 3 (created+updated pairs, one resend after the burst)', () => {
  const plan = planDelivery(CHAOS_PROFILES.duplicates, decisionRandom(3, 's', 0), created4);
  assert.deepEqual(schedule(plan), [['0', 0], ['0u', 0], ['1', 0], ['1u', 0], ['2', 0], ['2u', 0], ['3', 0], ['2d', 0]]);
  assert.equal(plan.shuffled, false);
  assert.equal(plan.removeAfter, false);
});

test('the same seed and stream replay the same schedule; another seed or the next decision differs', () => {
  const a = planDelivery(CHAOS_PROFILES.duplicates, decisionRandom(3, 's', 0), created4);
  const again = planDelivery(CHAOS_PROFILES.duplicates, decisionRandom(3, 's', 0), created4);
  assert.deepEqual(schedule(again), schedule(a));
  const seeds = new Set([1, 2, 3, 4, 5].map((seed) => JSON.stringify(schedule(planDelivery(CHAOS_PROFILES.duplicates, decisionRandom(seed, 's', 0), created4)))));
  assert.ok(seeds.size >= 3, 'different seeds give different schedules');
  assert.notDeepEqual(schedule(planDelivery(CHAOS_PROFILES.duplicates, decisionRandom(3, 's', 1), created4)), schedule(a));
});

test('no created+updated pair when the subscription does not take updated; duplicates still happen', () => {
  const plan = planDelivery(CHAOS_PROFILES.duplicates, decisionRandom(3, 's', 0), { ...created4, takesUpdated: false });
  assert.ok(plan.posts.every((p) => p.items.every((i) => i.copy !== 'updatedPair')));
  assert.deepEqual(schedule(plan), [['0', 0], ['1', 0], ['2', 0], ['3', 0], ['2d', 0]]);
});

test('out-of-order: exact shuffle for seed 7, every notification still delivered once', () => {
  const plan = planDelivery(CHAOS_PROFILES['out-of-order'], decisionRandom(7, 's', 0), updated5);
  assert.deepEqual(schedule(plan), [['3', 0], ['4', 0], ['1', 0], ['0', 0], ['2', 0]]);
  assert.equal(plan.shuffled, true);
  // A single notification cannot be out of order.
  const one = planDelivery(CHAOS_PROFILES['out-of-order'], decisionRandom(7, 's', 0), { ...updated5, changeTypes: ['updated'] });
  assert.equal(one.shuffled, false);
});

test('a shuffle is never the identity (two notifications always swap)', () => {
  for (let seed = 0; seed < 50; seed++) {
    const plan = planDelivery(CHAOS_PROFILES['out-of-order'], decisionRandom(seed, 's', 0), { ...updated5, changeTypes: ['updated', 'updated'] });
    assert.deepEqual(schedule(plan).map(([s]) => s), ['1', '0'], `seed ${seed}`);
  }
});

test('slow-delivery: exact delays for seed 7, within the profile\'s range', () => {
  const plan = planDelivery(CHAOS_PROFILES['slow-delivery'], decisionRandom(7, 's', 0), { ...updated5, changeTypes: ['updated', 'updated', 'updated', 'updated'] });
  assert.deepEqual(schedule(plan), [['0', 0], ['1', 0], ['2', 2015], ['3', 0]]);
  for (let seed = 0; seed < 50; seed++) {
    for (const p of planDelivery(CHAOS_PROFILES['slow-delivery'], decisionRandom(seed, 's', 0), updated5).posts) {
      assert.ok(p.delayMs === 0 || (p.delayMs >= 500 && p.delayMs <= 3000), `delay ${p.delayMs}`);
    }
  }
});

test('batches keep the profile\'s POST size; mayhem for seed 7 is exact', () => {
  const plan = planDelivery(CHAOS_PROFILES.mayhem, decisionRandom(7, 's', 0), { changeTypes: ['created', 'updated', 'created'], takesUpdated: true, batchSize: 2, removable: true });
  assert.deepEqual(schedule(plan), [['0 1', 0], ['2', 988]]);
  assert.equal(plan.removeAfter, false);
});

test('subscription-removed: removal only where Graph sends subscriptionRemoved; exact for seed 7', () => {
  const removals = Array.from({ length: 10 }, (_, n) =>
    planDelivery(CHAOS_PROFILES['subscription-removed'], decisionRandom(7, 'x', n), { ...updated5, changeTypes: ['updated'], removable: true }).removeAfter,
  );
  assert.deepEqual(removals, [true, true, false, true, true, false, false, true, true, false]);
  for (let n = 0; n < 20; n++) {
    assert.equal(planDelivery(CHAOS_PROFILES['subscription-removed'], decisionRandom(7, 'x', n), { ...updated5, changeTypes: ['updated'], removable: false }).removeAfter, false);
  }
});

test('off changes nothing: one POST per batch, in order, no delay', () => {
  for (let seed = 0; seed < 20; seed++) {
    const plan = planDelivery(CHAOS_PROFILES.off, decisionRandom(seed, 's', 0), { ...created4, batchSize: 3, removable: true });
    assert.deepEqual(schedule(plan), [['0 1 2', 0], ['3', 0]]);
    assert.equal(planApiFault(CHAOS_PROFILES.off, decisionRandom(seed, 'api:create', 0), 'create', 'me/messages'), undefined);
  }
});

test('throttled-api: the exact 429/503 schedule of the first six creates for seed 7, Retry-After with fractions', () => {
  const faults = Array.from({ length: 6 }, (_, n) => planApiFault(CHAOS_PROFILES['throttled-api'], decisionRandom(7, 'api:create', n), 'create', 'me/messages'));
  assert.deepEqual(
    faults.map((f) => (f ? `${f.status} ${f.retryAfterSeconds}` : '-')),
    ['-', '429 2.193', '-', '503 1.701', '-', '-'],
  );
  assert.equal(faults[1]?.code, 'TooManyRequests');
  assert.equal(faults[3]?.code, 'serviceNotAvailable');
});

test('quota-reached answers creates with Graph\'s 403 body, never renewals', () => {
  const fault = planApiFault(CHAOS_PROFILES['quota-reached'], decisionRandom(1, 'api:create', 0), 'create', 'me/messages');
  assert.deepEqual(fault, { status: 403, code: 'ExtensionError', message: QUOTA_REACHED_MESSAGE });
  assert.match(QUOTA_REACHED_MESSAGE, /Maximum number of subscriptions has been reached/);
  assert.equal(planApiFault(CHAOS_PROFILES['quota-reached'], decisionRandom(1, 'api:renew', 0), 'renew', 'me/messages'), undefined);
});

test('payment-required: 402 only for metered Teams resources', () => {
  const p = CHAOS_PROFILES['payment-required'];
  assert.equal(planApiFault(p, decisionRandom(1, 'a', 0), 'create', '/teams/getAllMessages')?.status, 402);
  assert.equal(planApiFault(p, decisionRandom(1, 'a', 0), 'create', "/appCatalogs/teamsApps/abc/installedToChats")?.status, 402);
  assert.equal(planApiFault(p, decisionRandom(1, 'a', 0), 'create', 'me/messages'), undefined);
  assert.equal(planApiFault(p, decisionRandom(1, 'a', 0), 'renew', '/chats/getAllMessages'), undefined);
  assert.ok(isMeteredTeamsResource('/chats/getAllMembers?model=B'));
  assert.ok(!isMeteredTeamsResource('/chats/{id}/messages'));
});

test('reauthorizationRequired cadence: a 1-hour token gets it at 15, 30 and 45 minutes', () => {
  const m = 60_000;
  assert.deepEqual(reauthorizationTimes(0, 60 * m).map((t) => t / m), [15, 30, 45]);
  // T > 180 min waits until T is 180 (12 h before expiry); then sends and halves T: 90, 45 → every 15 min.
  assert.deepEqual(reauthorizationTimes(0, 24 * 60 * m).slice(0, 5).map((t) => t / m), [720, 810, 855, 870, 885]);
  const long = reauthorizationTimes(0, 24 * 60 * m);
  assert.ok(long.every((t) => t < 24 * 60 * m), 'nothing at or after expiry');
});

test('profiles, names and seeds', () => {
  assert.deepEqual(Object.keys(CHAOS_PROFILES), [...CHAOS_PROFILE_NAMES]);
  for (const name of CHAOS_PROFILE_NAMES) assert.equal(chaosProfile(name).name, name);
  assert.throws(() => chaosProfile('nope'), /Unknown chaos profile 'nope'. Use one of: off, duplicates/);
  assert.equal(parseChaosSeed('42'), 42);
  assert.equal(parseChaosSeed(4294967295), 4294967295);
  for (const bad of ['', '-1', '1.5', 'x', 4294967296, null]) assert.equal(parseChaosSeed(bad), undefined, String(bad));
});
