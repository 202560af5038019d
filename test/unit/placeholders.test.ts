// Unfilled template placeholders in the resource (issue 19, item 17): `users/userId/messages` was
// accepted and created on. Table-driven over what a user leaves behind after the template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPlaceholderValue } from '../../src/validation/placeholders';
import { FindingCode, validateDraft } from '../../src/validation/index';

const now = new Date('2030-01-01T00:00:00Z');

function draft(resource: string): string {
  return JSON.stringify({
    changeType: 'created',
    notificationUrl: 'https://example.com/notifications',
    resource,
    expirationDateTime: '2030-01-01T12:00:00Z',
    clientState: 'secret',
  });
}

test('placeholder values are recognised; real ids are not', () => {
  const table: [string, string, boolean][] = [
    ['userId', 'userId', true],
    ['userId', '{userId}', true],
    ['userId', '<userId>', true],
    ['userId', 'user-id', true],
    ['userId', 'USERID', true],
    ['teamId', '{id}', true],
    ['chatId', 'id', true],
    ['userId', 'adele@contoso.com', false],
    ['userId', '48d31887-5fad-4d73-a9f5-3c356e68a038', false],
    ['userId', 'me', false],
    ['groupId', 'users', false],
  ];
  for (const [param, value, expected] of table) assert.equal(isPlaceholderValue(param, value), expected, `${param} = ${value}`);
});

test('a draft whose resource still holds a placeholder gets one GS048 error on the resource', () => {
  for (const resource of ['users/userId/messages', 'users/{userId}/messages', 'users/<userId>/events']) {
    const text = draft(resource);
    const findings = validateDraft(text, { operation: 'create', accountKind: 'application', now });
    const hits = findings.filter((f) => f.code === FindingCode.unfilledPlaceholder);
    assert.equal(hits.length, 1, `${resource}: ${findings.map((f) => f.code).join(',')}`);
    assert.equal(hits[0].severity, 'error');
    assert.match(hits[0].message, /placeholder/);
    assert.equal(text.slice(hits[0].span.offset, hits[0].span.offset + hits[0].span.length), JSON.stringify(resource));
  }
});

test('delegated: the placeholder finding offers me/… as a fix; a real id is not flagged', () => {
  const findings = validateDraft(draft('users/userId/messages'), { operation: 'create', accountKind: 'delegatedWork', now });
  const hit = findings.find((f) => f.code === FindingCode.unfilledPlaceholder);
  assert.ok(hit);
  assert.ok(hit.fixes?.some((f) => f.kind === 'edit' && f.edits.some((e) => e.newText === '"me/messages"')), JSON.stringify(hit.fixes));
  for (const resource of ['users/adele@contoso.com/messages', 'me/messages', 'users']) {
    const codes = validateDraft(draft(resource), { operation: 'create', accountKind: 'application', now }).map((f) => f.code);
    assert.ok(!codes.includes(FindingCode.unfilledPlaceholder), `${resource}: ${codes.join(',')}`);
  }
});
