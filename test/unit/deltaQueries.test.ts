// The delta-path catalog: which delta query resyncs which subscription resource, table-driven
// against the delta functions Graph documents (https://learn.microsoft.com/en-us/graph/delta-query-overview).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deltaQueryFor, firstDeltaRequest, normaliseResourcePath } from '../../src/catalog/deltaQueries';

const ROWS: { resource: string; path: string; kind: string; query?: Record<string, string>; removal?: string; scoped?: RegExp; source: RegExp }[] = [
  { resource: "me/mailFolders('Inbox')/messages", path: 'me/mailFolders/Inbox/messages/delta', kind: 'message', source: /message-delta/ },
  { resource: '/users/u1/mailFolders/AAMkX=/messages?$select=subject', path: 'users/u1/mailFolders/AAMkX=/messages/delta', kind: 'message', source: /message-delta/ },
  { resource: 'me/messages', path: 'me/mailFolders/inbox/messages/delta', kind: 'message', scoped: /per folder.*Inbox/, source: /message-delta/ },
  { resource: "/users('a@b.example')/messages", path: 'users/a@b.example/mailFolders/inbox/messages/delta', kind: 'message', scoped: /Inbox/, source: /message-delta/ },
  { resource: 'me/events', path: 'me/calendarView/delta', kind: 'event', scoped: /calendarView of the primary calendar/, source: /event-delta/ },
  { resource: 'users/u1/calendar/events', path: 'users/u1/calendarView/delta', kind: 'event', scoped: /calendarView/, source: /event-delta/ },
  { resource: 'me/contactFolders/F1/contacts', path: 'me/contactFolders/F1/contacts/delta', kind: 'contact', source: /contact-delta/ },
  { resource: 'users', path: 'users/delta', kind: 'user', source: /user-delta/ },
  { resource: 'users/1f2e', path: 'users/delta', kind: 'user', query: { $filter: "id eq '1f2e'" }, source: /user-delta/ },
  { resource: 'groups', path: 'groups/delta', kind: 'group', source: /group-delta/ },
  { resource: "groups('g1')", path: 'groups/delta', kind: 'group', query: { $filter: "id eq 'g1'" }, source: /group-delta/ },
  { resource: 'groups/g1/members', path: 'groups/delta', kind: 'group', query: { $filter: "id eq 'g1'", $select: 'displayName,members' }, source: /group-delta/ },
  { resource: 'me/drive/root', path: 'me/drive/root/delta', kind: 'driveItem', removal: 'deletedFacet', source: /driveitem-delta/ },
  { resource: 'drives/b!x/root', path: 'drives/b!x/root/delta', kind: 'driveItem', removal: 'deletedFacet', source: /driveitem-delta/ },
  { resource: 'sites/s1/drive/root', path: 'sites/s1/drive/root/delta', kind: 'driveItem', removal: 'deletedFacet', source: /driveitem-delta/ },
  { resource: 'me/todo/lists/L1/tasks', path: 'me/todo/lists/L1/tasks/delta', kind: 'todoTask', source: /todotask-delta/ },
];

for (const row of ROWS) {
  test(`delta query for ${row.resource} is ${row.path}`, () => {
    const q = deltaQueryFor(row.resource);
    assert.ok(q.ok, JSON.stringify(q));
    assert.equal(q.path, row.path);
    assert.equal(q.kind, row.kind);
    assert.deepEqual(q.query, row.query ?? {});
    assert.equal(q.removal, row.removal ?? 'removedAnnotation');
    assert.match(q.source, /^https:\/\/learn\.microsoft\.com\/en-us\/graph\/api\//);
    assert.match(q.source, row.source);
    if (row.scoped) assert.match(q.scopeNote ?? '', row.scoped);
    else assert.equal(q.scopeNote, undefined);
  });
}

const NONE: { resource: string; reason: RegExp }[] = [
  { resource: 'chats/getAllMessages', reason: /no delta query for 'chats\/getAllMessages'/ },
  { resource: 'teams/t1/channels/c1/messages', reason: /no delta query/ },
  { resource: 'communications/presences/p1', reason: /no delta query/ },
  { resource: 'security/alerts', reason: /no delta query/ },
  { resource: 'groups/g1/owners', reason: /no delta query/ },
  { resource: 'groups/g1/conversations', reason: /no delta query/ },
  // Documented per folder only: the undocumented me/contacts/delta is not used.
  { resource: 'me/contacts', reason: /per contact folder only.*contactFolders/ },
  { resource: 'me/drive/items/F1', reason: /no delta query/ },
];

for (const row of NONE) {
  test(`no delta query for ${row.resource}: the reason says why`, () => {
    const q = deltaQueryFor(row.resource);
    assert.equal(q.ok, false);
    assert.match(q.ok ? '' : q.reason, row.reason);
  });
}

test('the first event request carries the calendarView window around now; others only their own query', () => {
  const now = new Date('2026-12-02T00:00:00Z');
  const events = deltaQueryFor('me/events');
  assert.ok(events.ok);
  const url = new URL(`https://x/${firstDeltaRequest(events, now)}`);
  assert.equal(url.pathname, '/me/calendarView/delta');
  assert.equal(url.searchParams.get('startDateTime'), '2026-11-02T00:00:00.000Z');
  assert.equal(url.searchParams.get('endDateTime'), '2027-12-02T00:00:00.000Z');
  const user = deltaQueryFor('users/1f2e');
  assert.ok(user.ok);
  assert.equal(firstDeltaRequest(user, now), "users/delta?%24filter=id+eq+%271f2e%27");
  const messages = deltaQueryFor('me/messages');
  assert.ok(messages.ok);
  assert.equal(firstDeltaRequest(messages, now), 'me/mailFolders/inbox/messages/delta');
});

test('resource paths normalise OData key syntax, slashes and queries', () => {
  assert.equal(normaliseResourcePath("/me/mailFolders('inbox')/messages?$filter=x"), 'me/mailFolders/inbox/messages');
  assert.equal(normaliseResourcePath('groups(g1)/members/'), 'groups/g1/members');
});
