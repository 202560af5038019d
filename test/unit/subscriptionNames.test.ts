/**
 * The notifications explorer names a subscription as the sidebar tree does (resource path, account),
 * keeps the id in the tooltip, and names one no longer listed by its last known resource, else by
 * its id with "(no longer listed)". Table-driven over where the name comes from; then through the
 * explorer session, from a history file, as the webview receives it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectionOf, nameSubscription, subscriptionOneLine, type SubscriptionNameSource } from '../../src/notifications/explorer/subscriptionNames';
import { parseWebviewMessage } from '../../src/notifications/explorer/protocol';
import { ExplorerSession } from '../../src/notifications/explorer/explorerSession';
import type { HostMessage, StateMessage } from '../../src/notifications/explorer/protocol';
import { buildSubscriptionNode } from '../../src/tree/treeModel';
import { syntheticHistory } from '../fixtures/historyLines';

const ID = '7f1c2a9e-3b4d-4e5f-8a6b-1c2d3e4f5a6b';

const CASES: { name: string; source: SubscriptionNameSource; want: { name: string; detail?: string; oneLine: string }; titleHas: RegExp[] }[] = [
  {
    name: 'listed in the Sandbox: its resource path, the account beside it',
    source: { listed: { resource: 'me/messages', account: 'Sandbox' } },
    want: { name: 'me/messages', detail: 'Sandbox', oneLine: 'me/messages — Sandbox' },
    titleHas: [/^me\/messages$/m, /^Sandbox$/m, new RegExp(`Subscription id: ${ID}`)],
  },
  {
    name: 'listed with query options: the path as the label, the whole resource in the tooltip',
    source: { listed: { resource: "me/mailFolders('Inbox')/messages?$select=subject", account: 'Contoso (adele@contoso.com)' } },
    want: { name: "me/mailFolders('Inbox')/messages", detail: 'Contoso (adele@contoso.com)', oneLine: "me/mailFolders('Inbox')/messages — Contoso (adele@contoso.com)" },
    titleHas: [/\$select=subject/, new RegExp(ID)],
  },
  {
    name: 'deleted or expired, remembered: its last known resource, "no longer listed"',
    source: { remembered: { resource: 'users', account: 'Sandbox' } },
    want: { name: 'users', detail: 'Sandbox · no longer listed', oneLine: 'users — Sandbox · no longer listed' },
    titleHas: [/no longer listed \(deleted or expired\)/, new RegExp(ID)],
  },
  {
    name: 'remembered, its account signed out',
    source: { remembered: { resource: 'groups' } },
    want: { name: 'groups', detail: 'no longer listed', oneLine: 'groups — no longer listed' },
    titleHas: [new RegExp(ID)],
  },
  {
    name: 'not known to the extension, but its notifications named a resource: the collection it was about',
    source: { notified: "Users('a1')/Messages('m9')" },
    want: { name: "Users('a1')/Messages", detail: 'no longer listed', oneLine: "Users('a1')/Messages — no longer listed" },
    titleHas: [/Its last notification was about Users\('a1'\)\/Messages\('m9'\)/, new RegExp(ID)],
  },
  {
    name: 'nothing names it: the id, "(no longer listed)"',
    source: {},
    want: { name: ID, detail: 'no longer listed', oneLine: `${ID} (no longer listed)` },
    titleHas: [new RegExp(ID)],
  },
  {
    name: 'listed wins over what the history or the memory say',
    source: { listed: { resource: 'me/events', account: 'Sandbox' }, remembered: { resource: 'old' }, notified: 'Users/x/Events/y' },
    want: { name: 'me/events', detail: 'Sandbox', oneLine: 'me/events — Sandbox' },
    titleHas: [new RegExp(ID)],
  },
];

for (const c of CASES) {
  test(`naming: ${c.name}`, () => {
    const n = nameSubscription(ID, c.source);
    assert.deepEqual({ name: n.name, detail: n.detail, oneLine: subscriptionOneLine(n) }, { detail: undefined, ...c.want });
    for (const re of c.titleHas) assert.match(n.title, re);
  });
}

for (const [resource, collection] of [
  ['Users/u1/Messages/m9', 'Users/u1/Messages'],
  ["teams('t')/channels('c')/messages('m')", "teams('t')/channels('c')/messages"],
  ['groups/g1', 'groups'],
  ['communications/presences/p1', 'communications/presences'],
  ['users', 'users'],
] as const) {
  test(`collectionOf: ${resource} → ${collection}`, () => assert.equal(collectionOf(resource), collection));
}

test('copyId from the webview: a printable id only', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'copyId', subscriptionId: 'f06da09b-af54-49f0-abcd-1d835dffec06' }), { type: 'copyId', subscriptionId: 'f06da09b-af54-49f0-abcd-1d835dffec06' });
  for (const bad of ['', 'a b', 'x\n', 'x'.repeat(101), 42]) assert.equal(parseWebviewMessage({ type: 'copyId', subscriptionId: bad }), undefined, String(bad));
});

test('naming: refused requests (no subscription id) are called so, not ""', () => {
  const n = nameSubscription('', {});
  assert.equal(n.name, '(refused requests)');
  assert.equal(subscriptionOneLine(n), '(refused requests)');
});

test('naming: the same label as the tree row of that subscription', () => {
  const sub = { id: ID, resource: "me/mailFolders('Inbox')/messages?$select=subject", changeType: 'created', notificationUrl: 'https://e/n', expirationDateTime: '2030-01-01T00:00:00Z' };
  const node = buildSubscriptionNode('sandbox', true, sub, new Date('2029-12-31T00:00:00Z'), 60);
  assert.equal(nameSubscription(ID, { listed: { resource: sub.resource, account: 'Sandbox' } }).name, node.label);
});

test('the session names each subscription of the history: listed, remembered, known from its notifications, or by id', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-explorer-names-'));
  fs.writeFileSync(path.join(dir, 'history.jsonl'), syntheticHistory({ count: 60, ids: ['sub-listed', 'sub-remembered', 'sub-history'] }));
  const posted: HostMessage[] = [];
  const session = new ExplorerSession({
    dir,
    now: () => Date.parse('2026-12-01T10:00:00Z'),
    subscriptionSource: (id) => (id === 'sub-listed' ? { listed: { resource: 'me/messages', account: 'Sandbox' } } : id === 'sub-remembered' ? { remembered: { resource: 'users', account: 'Sandbox' } } : {}),
    decrypt: () => Promise.reject(new Error('not needed')),
    post: (m) => posted.push(m),
  });
  await session.handle({ type: 'query', filter: { subscriptionIds: [], changeTypes: [], checks: [], resource: '' }, groupDuplicates: true, expanded: [] });
  const state = posted.filter((m): m is StateMessage => m.type === 'state').at(-1)!;
  const byId = new Map(state.subscriptions.map((s) => [s.subscriptionId, s]));
  assert.equal(byId.get('sub-listed')?.oneLine, 'me/messages — Sandbox');
  assert.equal(byId.get('sub-remembered')?.oneLine, 'users — Sandbox · no longer listed');
  // Not known to the extension: the resource of its newest notification in the history.
  const fromHistory = byId.get('sub-history');
  assert.equal(fromHistory?.detail, 'no longer listed');
  assert.notEqual(fromHistory?.name, 'sub-history', 'named by the resource its notifications carried, not the id');
  assert.match(fromHistory?.title ?? '', /Subscription id: sub-history/);
  for (const s of state.subscriptions) {
    if (s.subscriptionId === '') assert.equal(s.name, '(refused requests)');
    else assert.match(s.title, new RegExp(`Subscription id: ${s.subscriptionId}`), 'every tooltip keeps the id');
  }
});
