import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDraftSnippet, escapeSnippet, expandSnippet, patternToSnippet, randomClientState, PUBLIC_URL_PLACEHOLDER } from '../../src/editor/draftTemplate';

const base = {
  pattern: 'users/{id}/messages',
  changeTypes: ['created', 'updated'],
  expirationDateTime: '2026-11-30T10:00:00.000Z',
  notificationUrl: 'https://example.test/notifications',
  lifecycleRequired: false,
  lifecycleNotificationUrl: undefined,
  clientState: 'a'.repeat(32),
};

test('a new draft expands to a JSON subscription with the resource maximum and a tab stop per id', () => {
  const snippet = buildDraftSnippet(base);
  assert.match(snippet, /"resource": "users\/\$\{1:id\}\/messages"/);
  const draft = JSON.parse(expandSnippet(snippet)) as Record<string, unknown>;
  assert.deepEqual(draft, {
    changeType: 'created,updated',
    notificationUrl: 'https://example.test/notifications',
    resource: 'users/id/messages',
    expirationDateTime: '2026-11-30T10:00:00.000Z',
    clientState: 'a'.repeat(32),
    includeResourceData: false,
  });
});

test('lifecycleNotificationUrl is prefilled only where required', () => {
  const withLc = JSON.parse(expandSnippet(buildDraftSnippet({ ...base, lifecycleRequired: true, lifecycleNotificationUrl: 'https://example.test/lifecycle' })));
  assert.equal(withLc.lifecycleNotificationUrl, 'https://example.test/lifecycle');
  assert.equal('lifecycleNotificationUrl' in JSON.parse(expandSnippet(buildDraftSnippet(base))), false);
});

test('a missing public URL becomes a placeholder tab stop', () => {
  const snippet = buildDraftSnippet({ ...base, notificationUrl: undefined });
  assert.match(snippet, /"notificationUrl": "\$\{3:https:\/\/<your-public-host>\/notifications\}"/);
  assert.equal(JSON.parse(expandSnippet(snippet)).notificationUrl, PUBLIC_URL_PLACEHOLDER);
});

test('$ and } in paths (OData queries) are escaped so VS Code inserts them literally', () => {
  const { snippet } = patternToSnippet("security/alerts?$filter=status eq 'new'");
  assert.equal(snippet, "security/alerts?\\$filter=status eq 'new'");
  assert.equal(escapeSnippet('a}b$c\\d'), 'a\\}b\\$c\\\\d');
  const draft = JSON.parse(expandSnippet(buildDraftSnippet({ ...base, pattern: "me/mailFolders('inbox')/messages?$select=subject" })));
  assert.equal(draft.resource, "me/mailFolders('inbox')/messages?$select=subject");
});

test('several path parameters get consecutive tab stops', () => {
  const { snippet, next } = patternToSnippet('teams/{team-id}/channels/{channel-id}/messages');
  assert.equal(snippet, 'teams/${1:team-id}/channels/${2:channel-id}/messages');
  assert.equal(next, 3);
});

test('clientState is random and long enough', () => {
  const a = randomClientState();
  const b = randomClientState();
  assert.notEqual(a, b);
  assert.ok(a.length >= 32 && a.length <= 128);
  assert.match(a, /^[A-Za-z0-9_-]+$/);
});
