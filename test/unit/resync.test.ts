// Resync through the real Graph client against the Sandbox emulator: pages followed to the
// deltaLink, the first round narrowed to what changed since the last notification, the kept
// deltaLink giving exactly the later changes, a 410 starting over, and links off the account's
// Graph root refused (the token never leaves it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deltaQueryFor, type DeltaQuery } from '../../src/catalog/deltaQueries';
import { GraphSubscriptionsClient } from '../../src/graph/graphSubscriptionsClient';
import { classify, formatResyncMarkdown, runResync, summarizeChanges } from '../../src/subscriptions/resync';
import { call, inMinutes, messageDraft, withHarness, type Harness } from './emulatorTestKit';

function plan(resource: string): DeltaQuery {
  const q = deltaQueryFor(resource);
  assert.ok(q.ok);
  return q;
}

async function subscribe(h: Harness, resource: string): Promise<string> {
  const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { resource, changeType: 'created,updated,deleted', expirationDateTime: inMinutes(h.clock, 60) }) });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.id as string;
}

test('first resync lists what changed since the last notification; the kept deltaLink then lists only newer changes', async () => {
  await withHarness(async (h) => {
    const client = new GraphSubscriptionsClient({ graphBaseUrl: h.emulator.graphBaseUrl, getAccessToken: async () => h.token });
    const id = await subscribe(h, 'me/messages');
    await h.emulator.simulateChange(id, { changeType: 'created', count: 3, resourceData: { subject: 'before' } });
    h.clock.advanceMinutes(5);
    const lastNotificationAt = h.clock.now().toISOString();
    h.clock.advanceMinutes(5);
    // 250 messages meanwhile: more than two of the emulator's default pages.
    await h.emulator.simulateChange(id, { changeType: 'created', count: 250, resourceData: { subject: 'meanwhile' } });
    await h.emulator.simulateChange(id, { changeType: 'updated', count: 1 });
    let pagesSeen = 0;
    const first = await runResync(client, { query: plan('me/messages'), lastNotificationAt, now: h.clock.now(), onPage: (p) => (pagesSeen = p) });
    assert.equal(first.fromDeltaLink, false);
    assert.equal(first.pages, 3, '254 messages in pages of 100');
    assert.equal(pagesSeen, 3);
    assert.equal(first.unchanged, 2, 'two of the three earlier messages were not touched since the last notification');
    assert.equal(first.changes.filter((c) => c.kind === 'created').length, 250);
    const updated = first.changes.filter((c) => c.kind === 'updated');
    assert.equal(updated.length, 1, 'the update touched an earlier message');
    assert.equal(updated[0].label, 'before');
    assert.match(first.scopeNote ?? '', /Inbox/);
    assert.match(first.deltaLink, /\$deltatoken=/);

    const keptAt = h.clock.now().toISOString();
    h.clock.advanceMinutes(1);
    await h.emulator.simulateChange(id, { changeType: 'created', resourceData: { subject: 'after the resync' } });
    await h.emulator.simulateChange(id, { changeType: 'deleted' });
    const second = await runResync(client, { query: plan('me/messages'), kept: { deltaLink: first.deltaLink, at: keptAt }, now: h.clock.now() });
    assert.equal(second.fromDeltaLink, true);
    assert.deepEqual(second.changes.map((c) => c.kind).sort(), ['created', 'deleted']);
    assert.equal(second.changes.find((c) => c.kind === 'created')?.label, 'after the resync');
    assert.equal(second.changes.find((c) => c.kind === 'deleted')?.reason, 'deleted');
    assert.equal(summarizeChanges(second.changes), '1 created, 1 deleted');

    const md = formatResyncMarkdown(second, { subscriptionId: id, resource: 'me/messages', account: 'Sandbox', at: h.clock.now() });
    assert.match(md, /^# Resync of me\/messages/);
    assert.match(md, /## Created \(1\)/);
    assert.match(md, /## Deleted \(1\)/);
    assert.match(md, /after the resync/);
    assert.match(md, /learn\.microsoft\.com\/en-us\/graph\/api\/message-delta/);
  });
});

test('a kept deltaLink Graph no longer knows (410) starts a new round and says so', async () => {
  await withHarness(async (h) => {
    const client = new GraphSubscriptionsClient({ graphBaseUrl: h.emulator.graphBaseUrl, getAccessToken: async () => h.token });
    const id = await subscribe(h, 'me/messages');
    await h.emulator.simulateChange(id, { changeType: 'created', count: 2 });
    // A token of another emulator run (another epoch): the Sandbox after a restart.
    const stale = `${h.emulator.graphBaseUrl}/me/mailFolders/inbox/messages/delta?$deltatoken=${Buffer.from(JSON.stringify({ e: 'old', k: 'x', a: 1 })).toString('base64url')}`;
    const result = await runResync(client, { query: plan('me/messages'), kept: { deltaLink: stale, at: h.clock.now().toISOString() }, now: h.clock.now() });
    assert.match(result.restarted ?? '', /410 SyncStateNotFound/);
    assert.equal(result.fromDeltaLink, false);
    assert.equal(result.changes.length, 2);
    assert.ok(result.changes.every((c) => c.kind === 'current'), 'no notification time to compare against: the current state');
  });
});

test('a link off the account\'s Graph root is refused before any request', async () => {
  await withHarness(async (h) => {
    let asked = 0;
    const client = new GraphSubscriptionsClient({ graphBaseUrl: h.emulator.graphBaseUrl, getAccessToken: async () => { asked++; return h.token; } });
    await assert.rejects(() => client.getJson('https://evil.example/v1.0/me/messages/delta'), /outside/);
    assert.equal(asked, 0, 'no token was even fetched');
  });
});

test('classify: removed, deleted facet, created/updated against the kept link, first-round filtering', () => {
  assert.deepEqual(classify({ id: 'a', '@removed': { reason: 'changed' } }, { fromDeltaLink: true }), { id: 'a', kind: 'deleted', reason: 'changed' });
  assert.equal(classify({ id: 'b', name: 'f.txt', deleted: {} }, { fromDeltaLink: true })?.kind, 'deleted');
  const at = '2026-12-01T10:00:00Z';
  assert.equal(classify({ id: 'c', createdDateTime: '2026-12-01T10:05:00Z' }, { fromDeltaLink: true, previousAt: at })?.kind, 'created');
  assert.equal(classify({ id: 'd', createdDateTime: '2026-12-01T09:00:00Z' }, { fromDeltaLink: true, previousAt: at })?.kind, 'updated');
  assert.equal(classify({ id: 'e', displayName: 'Diego' }, { fromDeltaLink: true, previousAt: at })?.kind, 'changed', 'users carry no creation time in delta');
  assert.equal(classify({ id: 'f', lastModifiedDateTime: '2026-12-01T09:59:59Z' }, { fromDeltaLink: false, since: at }), undefined, 'modified before the last notification');
  assert.equal(classify({ id: 'g', lastModifiedDateTime: at, createdDateTime: '2026-01-01T00:00:00Z' }, { fromDeltaLink: false, since: at })?.kind, 'updated', 'at the notification time counts: never miss one');
  assert.equal(classify({ id: 'h', displayName: 'Group' }, { fromDeltaLink: false, since: at })?.kind, 'current');
  assert.equal(classify({ id: 'i', subject: 'S' }, { fromDeltaLink: false })?.label, 'S');
});
