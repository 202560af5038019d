import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOrphans, seenByText, whoSees, type EndpointState, type IdentityListing } from '../../src/subscriptions/orphans';
import type { Subscription } from '../../src/graph/types';

const NOW = new Date('2030-01-01T12:00:00Z');
const LIVE = 'http://127.0.0.1:7071/notifications';
const OLD_TUNNEL = 'https://old-tunnel.ngrok-free.app/notifications';
const USER_APP = 'app-user';
const DAEMON_APP = 'app-daemon';

function sub(id: string, over: Partial<Subscription> = {}): Subscription {
  return { id, resource: 'users', changeType: 'updated', notificationUrl: LIVE, expirationDateTime: '2030-01-02T00:00:00Z', applicationId: USER_APP, ...over };
}

function endpointOf(url: string): EndpointState {
  if (url.startsWith('http://127.0.0.1:7071/')) return { kind: 'served' };
  if (url.startsWith('https://old-tunnel.ngrok-free.app/')) return { kind: 'moved', oldBase: 'https://old-tunnel.ngrok-free.app', newBase: 'https://new.ngrok-free.app' };
  if (url.startsWith('https://down.ngrok-free.app/')) return { kind: 'tunnelDown', base: 'https://down.ngrok-free.app' };
  return { kind: 'notJudged' };
}

function listings(user: Subscription[] | undefined, daemon: Subscription[] | undefined): IdentityListing[] {
  return [
    { accountId: 'sandbox', label: 'Sandbox', kind: 'delegatedWork', applicationId: USER_APP, subscriptions: user },
    { accountId: 'sandbox:app', label: 'Sandbox (app-only)', kind: 'application', applicationId: DAEMON_APP, subscriptions: daemon },
  ];
}

test('whoSees: each subscription with the identities that list it; one listed by both appears once per identity', () => {
  const shared = sub('shared');
  const seen = whoSees(listings([sub('u1'), shared], [shared, sub('d1', { applicationId: DAEMON_APP })]));
  assert.deepEqual(seen.get('u1')?.map((i) => i.label), ['Sandbox']);
  assert.deepEqual(seen.get('d1')?.map((i) => i.label), ['Sandbox (app-only)']);
  assert.deepEqual(seen.get('shared')?.map((i) => i.label), ['Sandbox', 'Sandbox (app-only)']);
});

test('seenByText names who does not see it and why, only when several identities listed', () => {
  const l = listings([sub('u1')], []);
  assert.match(seenByText([{ accountId: 'sandbox', label: 'Sandbox' }], l), /^Listed for: Sandbox — not for Sandbox \(app-only\) \(Graph lists a subscription only to the app that created it/);
  assert.equal(seenByText([{ accountId: 'sandbox', label: 'Sandbox' }], listings([sub('u1')], undefined)), 'Listed for: Sandbox');
});

const TABLE: { name: string; user: Subscription[]; daemon: Subscription[]; want: string[] }[] = [
  { name: 'a healthy subscription is no orphan', user: [sub('ok')], daemon: [], want: [] },
  { name: 'an old tunnel address is unreachable', user: [sub('old', { notificationUrl: `${OLD_TUNNEL}?x=1` })], daemon: [], want: ['unreachable old'] },
  { name: 'a public URL with no tunnel up is unreachable', user: [sub('down', { notificationUrl: 'https://down.ngrok-free.app/n' })], daemon: [], want: ['unreachable down'] },
  { name: 'a foreign URL is not judged', user: [sub('foreign', { notificationUrl: 'https://contoso.example/hook' })], daemon: [], want: [] },
  { name: 'expired but still listed', user: [sub('exp', { expirationDateTime: '2030-01-01T11:59:59Z' })], daemon: [], want: ['expired exp'] },
  {
    name: 'the same resource and change types (any order, any leading slash or case) across two apps are duplicates, both ways',
    user: [sub('u', { resource: '/Users', changeType: 'updated,deleted' })],
    daemon: [sub('d', { resource: 'users', changeType: 'deleted,updated', applicationId: DAEMON_APP })],
    want: ['duplicate u', 'duplicate d'],
  },
  { name: 'the same resource within one app is no cross-app duplicate', user: [sub('a'), sub('b')], daemon: [], want: [] },
  { name: 'other change types are no duplicate', user: [sub('u')], daemon: [sub('d', { changeType: 'deleted', applicationId: DAEMON_APP })], want: [] },
  {
    name: 'one subscription can be several orphans',
    user: [sub('x', { expirationDateTime: '2029-01-01T00:00:00Z', notificationUrl: `${OLD_TUNNEL}` })],
    daemon: [],
    want: ['unreachable x', 'expired x'],
  },
];

for (const row of TABLE) {
  test(`findOrphans: ${row.name}`, () => {
    const got = findOrphans(listings(row.user, row.daemon), { now: NOW, endpointOf });
    assert.deepEqual(got.map((f) => `${f.reason} ${f.subscription.id}`), row.want);
  });
}

test('a subscription both identities list is judged once, and a duplicate names the other app and account', () => {
  const shared = sub('shared', { notificationUrl: OLD_TUNNEL });
  const got = findOrphans(listings([shared], [shared]), { now: NOW, endpointOf });
  assert.deepEqual(got.map((f) => `${f.reason} ${f.accountId}`), ['unreachable sandbox']);
  const dup = findOrphans(listings([sub('u')], [sub('d', { applicationId: DAEMON_APP })]), { now: NOW, endpointOf }).find((f) => f.subscription.id === 'u')!;
  assert.deepEqual(dup.duplicates, [{ accountId: 'sandbox:app', accountLabel: 'Sandbox (app-only)', subscriptionId: 'd', applicationId: DAEMON_APP }]);
  assert.match(dup.detail, /Sandbox \(app-only\) also subscribes to users \(updated\) with another app/);
});

test('identities whose list did not load are skipped, not treated as empty', () => {
  assert.deepEqual(findOrphans(listings(undefined, [sub('d', { applicationId: DAEMON_APP })]), { now: NOW, endpointOf }), []);
});
