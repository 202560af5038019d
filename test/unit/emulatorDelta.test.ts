// The Sandbox's `GET …/delta`: what Graph's delta query returns after the emulator's simulated
// changes (https://learn.microsoft.com/en-us/graph/delta-query-overview): pages with $skiptoken
// nextLinks, a $deltatoken deltaLink at the end, each changed item once in its latest state,
// deletions as @removed (Outlook, directory) or the deleted facet (driveItem), stale tokens 410.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectionKey } from '../../src/emulator/deltaState';
import { startEmulator } from '../../src/emulator/index';
import { call, inMinutes, messageDraft, withHarness, type Harness } from './emulatorTestKit';

const PERMISSIONS = ['Mail.Read', 'User.Read.All', 'Group.Read.All', 'Files.ReadWrite.All', 'Calendars.Read'];

async function subscribe(h: Harness, resource: string, changeType = 'created,updated,deleted'): Promise<string> {
  const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { resource, changeType, expirationDateTime: inMinutes(h.clock, 60) }) });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.id as string;
}

/** Follows nextLinks to the deltaLink; returns every item and each page's size. */
async function round(h: Harness, url: string, pageSize?: number): Promise<{ items: any[]; pages: number[]; deltaLink: string }> {
  const items: any[] = [];
  const pages: number[] = [];
  let next: string | undefined = url;
  for (let i = 0; next && i < 50; i++) {
    const res = await call(next, { token: h.token, headers: pageSize ? { Prefer: `odata.maxpagesize=${pageSize}` } : {} });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.ok(!(res.json['@odata.nextLink'] && res.json['@odata.deltaLink']), 'never both links on one page');
    items.push(...res.json.value);
    pages.push(res.json.value.length);
    if (res.json['@odata.deltaLink']) return { items, pages, deltaLink: res.json['@odata.deltaLink'] };
    next = res.json['@odata.nextLink'];
    assert.match(next!, /\/messages\/delta\?\$skiptoken=|\/delta\?(\$skiptoken|token)=/);
  }
  throw new Error('no deltaLink');
}

test('messages: the first round pages through what exists, then the deltaLink lists each later change once, deletions as @removed', async () => {
  await withHarness(async (h) => {
    const id = await subscribe(h, '/me/messages');
    await h.emulator.simulateChange(id, { changeType: 'created', count: 5, resourceData: { subject: 'first five' } });
    const first = await round(h, `${h.emulator.graphBaseUrl}/me/mailFolders/inbox/messages/delta`, 2);
    assert.deepEqual(first.pages, [2, 2, 1], 'pages of the preferred size, nextLinks between them');
    assert.equal(new Set(first.items.map((m) => m.id)).size, 5);
    for (const m of first.items) {
      assert.equal(m['@odata.type'], '#Microsoft.Graph.Message');
      assert.equal(m.subject, 'first five');
      assert.equal(m['@removed'], undefined);
    }
    assert.match(first.deltaLink, /^http:\/\/127\.0\.0\.1:\d+\/v1\.0\/me\/mailFolders\/inbox\/messages\/delta\?\$deltatoken=/);

    // Nothing changed: the deltaLink answers an empty page and a new deltaLink.
    const idle = await round(h, first.deltaLink);
    assert.deepEqual(idle.items, []);

    h.clock.advanceMinutes(1);
    await h.emulator.simulateChange(id, { changeType: 'updated', count: 2 });
    await h.emulator.simulateChange(id, { changeType: 'deleted' });
    await h.emulator.simulateChange(id, { changeType: 'created' });
    const second = await round(h, first.deltaLink, 2);
    const known = new Set(first.items.map((m) => m.id));
    const removed = second.items.filter((m) => m['@removed']);
    const present = second.items.filter((m) => !m['@removed']);
    assert.equal(second.items.length, 4, 'two updated, one deleted, one created');
    assert.equal(removed.length, 1);
    assert.deepEqual(removed[0], { id: removed[0].id, '@removed': { reason: 'deleted' } });
    assert.ok(known.has(removed[0].id), 'the deletion removed a message the first round listed');
    const updated = present.filter((m) => known.has(m.id));
    const created = present.filter((m) => !known.has(m.id));
    assert.equal(updated.length, 2, 'updates touched existing messages');
    assert.equal(created.length, 1);
    assert.ok(updated.every((m) => m.lastModifiedDateTime > m.createdDateTime), 'an update keeps the creation time');
    assert.equal(created[0].createdDateTime, created[0].lastModifiedDateTime);

    // The notification Graph sent for the deletion names the same message the delta removes.
    const deletion = h.receiver.notifications.flatMap((r) => (r.json as any)?.value ?? []).find((n: any) => n.changeType === 'deleted');
    assert.equal(deletion?.resourceData?.id, removed[0].id);

    // An old deltaLink still answers from its own point: the same four again, the newer link nothing.
    assert.equal((await round(h, first.deltaLink)).items.length, 4);
    assert.deepEqual((await round(h, second.deltaLink)).items, []);
  }, {}, {}, PERMISSIONS);
});

test('a change made while a round is paged is listed by the next round, never lost', async () => {
  await withHarness(async (h) => {
    const id = await subscribe(h, "me/mailFolders('inbox')/messages");
    await h.emulator.simulateChange(id, { changeType: 'created', count: 4 });
    const page1 = await call(`${h.emulator.graphBaseUrl}/me/mailFolders/inbox/messages/delta`, { token: h.token, headers: { Prefer: 'odata.maxpagesize=2' } });
    const seen = page1.json.value.map((m: any) => m.id);
    // Both messages of page 1 change again before page 2 is read.
    await h.emulator.simulateChange(id, { changeType: 'updated', count: 2 });
    const rest = await round(h, page1.json['@odata.nextLink'], 2);
    assert.equal(seen.length + rest.items.length, 4, 'page 2 still lists the two not yet seen');
    const next = await round(h, rest.deltaLink);
    assert.equal(next.items.length, 2, 'the next round lists the changes made meanwhile');
  }, {}, {}, PERMISSIONS);
});

test('users: deletions come back as @removed "changed"; $deltatoken=latest starts from now; the id filter scopes the round', async () => {
  await withHarness(async (h) => {
    const id = await subscribe(h, 'users', 'updated,deleted');
    await h.emulator.simulateChange(id, { changeType: 'updated', count: 3 });
    const latest = await call(`${h.emulator.graphBaseUrl}/users/delta?$deltatoken=latest`, { token: h.token });
    assert.equal(latest.status, 200);
    assert.deepEqual(latest.json.value, []);
    assert.match(latest.json['@odata.deltaLink'], /\/v1\.0\/users\/delta\?\$deltatoken=/);
    const all = await round(h, `${h.emulator.graphBaseUrl}/users/delta`);
    assert.equal(all.items.length, 3);
    await h.emulator.simulateChange(id, { changeType: 'deleted' });
    const after = await round(h, latest.json['@odata.deltaLink']);
    assert.equal(after.items.length, 1);
    assert.deepEqual(after.items[0]['@removed'], { reason: 'changed' });
    const one = all.items[1].id as string;
    const scoped = await round(h, `${h.emulator.graphBaseUrl}/users/delta?$filter=${encodeURIComponent(`id eq '${one}'`)}`);
    assert.deepEqual(scoped.items.map((u) => u.id), [one]);
    const bad = await call(`${h.emulator.graphBaseUrl}/users/delta?$filter=${encodeURIComponent("displayName eq 'x'")}`, { token: h.token });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error.message, /only filtering by object id/);
  }, {}, {}, PERMISSIONS);
});

test('driveItems: token= links and the deleted facet', async () => {
  await withHarness(async (h) => {
    const id = await subscribe(h, 'me/drive/root', 'updated');
    await h.emulator.simulateChange(id, { count: 2 });
    const first = await round(h, `${h.emulator.graphBaseUrl}/me/drive/root/delta`, 1);
    assert.deepEqual(first.pages, [1, 1]);
    assert.match(first.deltaLink, /\/me\/drive\/root\/delta\?token=/);
    assert.ok(first.items.every((i) => typeof i.name === 'string' && i.file));
    // A driveItem subscription only ever hears "updated"; a deletion is simulated through the state directly.
    const emulator = h.emulator as unknown as { delta: { record: (...a: unknown[]) => void }; tenantId: string };
    assert.ok(emulator.delta, 'the emulator keeps delta state');
    const sub = (await call(`${h.subscriptions}/${id}`, { token: h.token })).json;
    emulator.delta.record(emulator.tenantId, collectionKey('me/drive/root', sub.creatorId), { id: first.items[0].id, changeType: 'deleted', at: h.clock.now(), resource: 'me/drive/root', userId: sub.creatorId });
    const second = await round(h, first.deltaLink);
    assert.deepEqual(second.items, [{ id: first.items[0].id, deleted: { state: 'deleted' } }]);
  }, {}, {}, PERMISSIONS);
});

test('events need the calendarView window; tokens of another run answer 410, malformed ones 400; no token, 401', async () => {
  await withHarness(async (h) => {
    const id = await subscribe(h, 'me/events', 'created');
    await h.emulator.simulateChange(id);
    const noWindow = await call(`${h.emulator.graphBaseUrl}/me/calendarView/delta`, { token: h.token });
    assert.equal(noWindow.status, 400);
    assert.match(noWindow.json.error.message, /StartDateTime and EndDateTime/);
    const events = await round(h, `${h.emulator.graphBaseUrl}/me/calendarView/delta?startDateTime=2026-11-01T00:00:00Z&endDateTime=2027-11-01T00:00:00Z`);
    assert.equal(events.items.length, 1);
    assert.equal(events.items[0]['@odata.type'], '#Microsoft.Graph.Event');

    const other = await startEmulator();
    try {
      const stale = events.deltaLink.replace(h.emulator.baseUrl, other.baseUrl);
      const otherToken = await other.issueToken({ accountKind: 'delegatedWork', permissions: ['Calendars.Read'] });
      const gone = await call(stale, { token: otherToken });
      assert.equal(gone.status, 410);
      assert.equal(gone.json.error.code, 'SyncStateNotFound');
    } finally {
      await other.close();
    }
    const malformed = await call(`${h.emulator.graphBaseUrl}/me/calendarView/delta?$deltatoken=nope`, { token: h.token });
    assert.equal(malformed.status, 400);
    assert.equal((await call(events.deltaLink)).status, 401);
  }, {}, {}, PERMISSIONS);
});

test('an ImmutableId subscription\'s messages are read by a delta with the same Prefer: IdType header', async () => {
  await withHarness(async (h) => {
    const res = await call(h.subscriptions, { method: 'POST', token: h.token, headers: { Prefer: 'IdType="ImmutableId"' }, body: messageDraft(h, { resource: 'me/messages', changeType: 'created', expirationDateTime: inMinutes(h.clock, 60) }) });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    await h.emulator.simulateChange(res.json.id);
    const url = `${h.emulator.graphBaseUrl}/me/mailFolders/inbox/messages/delta`;
    const immutable = await call(url, { token: h.token, headers: { Prefer: 'IdType="ImmutableId"' } });
    assert.equal(immutable.json.value.length, 1);
    assert.match(immutable.json.value[0].id, /^AAkALg/);
    assert.deepEqual((await call(url, { token: h.token })).json.value, [], 'the default id type is another view');
  }, {}, {}, PERMISSIONS);
});
