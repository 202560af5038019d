import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FindingCode, toGraphError, validateDraft, type Finding, type ValidationContext } from '../../src/validation/index';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const at = (min: number): string => new Date(NOW.getTime() + min * 60_000).toISOString();
const body = (o: Record<string, unknown>): string => JSON.stringify({
  changeType: 'created', notificationUrl: 'https://h.example.com/n', resource: 'users/u1/messages', expirationDateTime: at(120), clientState: 's', ...o,
});

/** What the emulator does: validate the body and turn the first error into an HTTP error. */
function firstError(text: string, ctx: Partial<ValidationContext> = {}): Finding {
  const f = validateDraft(text, { operation: 'create', accountKind: 'application', now: NOW, allowLoopbackHttp: true, ...ctx }).find((x) => x.severity === 'error');
  assert.ok(f, 'expected an error finding');
  return f as Finding;
}

test('duplicate → 409 with the existing id in Graph\'s message', () => {
  const e = toGraphError(firstError(body({}), { existing: [{ id: 'e1', resource: 'users/u1/messages', changeType: 'created' }] }));
  assert.deepEqual(e, { status: 409, code: 'Conflict', message: 'Subscription Id e1 already exists for the requested combination' });
});

test('http notificationUrl → 400 InvalidRequest with Graph\'s message', () => {
  const e = toGraphError(firstError(body({ notificationUrl: 'http://h.example.com/n' })));
  assert.deepEqual(e, { status: 400, code: 'InvalidRequest', message: "NotificationUrl scheme='http' is not supported." });
});

test('expiration over the maximum → "Subscription expiration can only be N minutes in the future."', () => {
  const e = toGraphError(firstError(body({ expirationDateTime: at(20000) })));
  assert.equal(e.status, 400);
  assert.equal(e.message, 'Subscription expiration can only be 10080 minutes in the future.');
});

test('Teams resource over one hour without lifecycle URL → documented message', () => {
  const e = toGraphError(firstError(body({ resource: 'teams/t1/channels' })));
  assert.equal(e.status, 400);
  assert.equal(e.message, 'lifecycleNotificationUrl is a required property for subscription creation on this resource when the expirationDateTime value is set to greater than 1 hour');
});

test('missing permission → 403 naming the permission', () => {
  const e = toGraphError(firstError(body({}), { grantedPermissions: ['User.Read.All'] }));
  assert.equal(e.status, 403);
  assert.match(e.message, /Mail\.Read/);
});

test('quota → 403 naming the limit', () => {
  const existing = Array.from({ length: 100 }, (_, i) => ({ id: `g${i}`, resource: `groups/g${i}`, changeType: 'updated' }));
  const f = firstError(body({ resource: 'users', changeType: 'updated' }), { existing });
  assert.equal(f.code, FindingCode.quotaExceeded);
  const e = toGraphError(f);
  assert.equal(e.status, 403);
  assert.match(e.message, /Maximum number of subscriptions has been reached \(limit: 100 directory subscriptions/);
});

test('missing expirationDateTime → Graph\'s "is a required property" message', () => {
  const text = JSON.stringify({ changeType: 'created', notificationUrl: 'https://h.example.com/n', resource: 'users/u1/messages' });
  assert.equal(toGraphError(firstError(text)).message, 'expirationDateTime is a required property for subscription creation.');
});

test('me/ with application access → 400 /me message', () => {
  const e = toGraphError(firstError(body({ resource: 'me/messages' })));
  assert.equal(e.status, 400);
  assert.match(e.message, /\/me request is only valid with delegated authentication flow/);
});

test('other errors → 400 InvalidRequest with the finding message', () => {
  const f = firstError(body({ clientState: 'x'.repeat(200) }));
  assert.deepEqual(toGraphError(f), { status: 400, code: 'InvalidRequest', message: f.message });
});
