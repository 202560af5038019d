import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchResource, swapMe } from '../../src/catalog/index';

function ok(resource: string) {
  const m = matchResource(resource);
  if (!m.ok) assert.fail(`${resource} did not match; suggestions: ${m.suggestions.join(', ')}`);
  return m;
}

test('me/ and users/{id}/ paths match the same pattern and bind userId', () => {
  const a = ok('me/messages');
  const b = ok('users/8ee44408-0679/messages');
  assert.equal(a.pattern, b.pattern);
  assert.equal(a.entry.id, 'message');
  assert.equal(a.usesMe, true);
  assert.equal(a.params.userId, 'me');
  assert.equal(b.params.userId, '8ee44408-0679');
  assert.equal(b.usesMe, false);
});

test('leading slash, base URL and case are ignored; query is split off', () => {
  const m = ok("https://graph.microsoft.com/v1.0//Security/Alerts/?$filter=status eq 'New'");
  assert.equal(m.entry.id, 'alert');
  assert.deepEqual(m.query, { $filter: "status eq 'New'" });
  assert.equal(m.normalizedPath, 'Security/Alerts');
});

test('OData key syntax binds the key as a parameter', () => {
  const m = ok("/me/mailFolders('Inbox')/messages");
  assert.equal(m.pattern.pattern, 'users/{userId}/mailFolders/{mailFolderId}/messages');
  assert.equal(m.params.mailFolderId, 'Inbox');
  assert.equal(ok("groups('abc')/conversations").params.groupId, 'abc');
});

test('a literal segment wins over a parameter (teams/getAllMessages is not a team)', () => {
  assert.equal(ok('teams/getAllMessages').entry.id, 'chatMessage');
  assert.equal(ok('teams/19abc').entry.id, 'team');
  assert.equal(ok('chats/getAllMembers').entry.id, 'conversationMember');
  assert.equal(ok('chats/19:abc@thread.v2').entry.id, 'chat');
});

test('unknown paths return the closest known patterns', () => {
  const m = matchResource('me/mesages');
  assert.equal(m.ok, false);
  if (!m.ok) assert.equal(m.suggestions[0], 'users/{userId}/messages');
  const n = matchResource('teams/{id}/channel');
  assert.equal(n.ok, false);
  if (!n.ok) assert.ok(n.suggestions.includes('teams/{teamId}/channels'), n.suggestions.join());
});

test('swapMe rewrites me/ to users/{userId}/ and back', () => {
  assert.equal(swapMe('/me/events', false), '/users/{userId}/events');
  assert.equal(swapMe('users/abc/events?$select=subject', true), 'me/events?$select=subject');
  assert.equal(swapMe('groups', false), undefined);
});
