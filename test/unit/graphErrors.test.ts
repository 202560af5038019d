import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandId } from '../../src/constants';
import { describeGraphError, GraphRequestError, SignInRequiredError } from '../../src/graph/errors';
import { RecentActions, withRecentActions } from '../../src/graph/recentActions';

const graphError = (status: number, code: string, message: string) =>
  GraphRequestError.fromResponse(status, JSON.stringify({ error: { code, message, innerError: { 'request-id': 'rid' } } }), 'https://graph.microsoft.com/v1.0/subscriptions');
const account = { id: 'msal:global:t:c:deviceCode', label: 'Contoso', kind: 'delegatedWork' as const };
const sub = { id: '11111111-2222-3333-4444-555555555555', resource: 'me/messages', changeType: 'created', notificationUrl: 'https://hook.example/n' };

test('400 validation: names the URL and offers the handshake self-test', () => {
  const e = describeGraphError(graphError(400, 'ValidationError', 'Subscription validation request failed.'), { operation: 'create', subscription: sub });
  assert.match(e.message, /https:\/\/hook\.example\/n/);
  assert.deepEqual(e.nextSteps.map((s) => s.command), [CommandId.handshakeSelfTest]);
  assert.equal(e.detail, 'request-id rid');
});

test('403: names the least-privileged permission from the catalog and what the token has', () => {
  const e = describeGraphError(graphError(403, 'ExtensionError', 'Access denied'), { operation: 'create', subscription: sub, account, grantedPermissions: ['User.Read'] });
  assert.match(e.message, /needs Mail\.ReadBasic \(least privileged; or any of Mail\.Read\) for me\/messages/);
  assert.match(e.message, /token has: User\.Read/);
  const app = describeGraphError(graphError(403, 'ExtensionError', 'Access denied'), { operation: 'create', subscription: sub, account: { ...account, kind: 'application' } });
  assert.match(app.message, /needs Mail\.Read for me\/messages/);
});

test('403 quota reached (Graph\'s ExtensionError body): says the quota is reached, not "permission denied", and offers Retry', () => {
  const retry = { title: 'Retry', command: CommandId.submitDraft, args: ['file:///draft.json'] };
  const e = describeGraphError(
    graphError(403, 'ExtensionError', 'Operation: Create; Exception: [Status Code: Forbidden; Reason: Maximum number of subscriptions has been reached]'),
    { operation: 'create', subscription: sub, account, grantedPermissions: ['Mail.Read'], retry },
  );
  assert.match(e.message, /^Graph refused to create the subscription \(Contoso\): the subscription quota is reached for me\/messages\. Delete subscriptions you no longer need/);
  assert.doesNotMatch(e.message, /Permission denied|needs Mail/);
  assert.deepEqual(e.nextSteps[0], retry);
  // The Teams per-app limit reads differently but is the same situation.
  const teams = describeGraphError(
    graphError(403, 'ExtensionError', "Operation: Create; Exception: [Status Code: Forbidden; Reason: App 'a' has reached its limit of '1' 'USERS/U/CHATS/GETALLMESSAGES' subscription on tenant 't']"),
    { operation: 'create', subscription: sub, account },
  );
  assert.match(teams.message, /subscription quota is reached/);
});

test('429/503 after the retries: says Graph throttled or was unavailable, the Retry-After, and Retry re-runs the operation', () => {
  const throttled = new GraphRequestError('Graph returned 429', 429, 'TooManyRequests', 'Please retry again later.', 'rid', undefined, { retryAfterSeconds: 2.128 });
  const retry = { title: 'Retry', command: CommandId.renewSubscription, args: [{ accountId: account.id, subscriptionId: sub.id, expirationDateTime: '2030-01-01T00:00:00.000Z' }] };
  const e = describeGraphError(throttled, { operation: 'renew', subscription: sub, account, retry });
  assert.match(e.message, /^Microsoft Graph is throttling this app \(429 Too Many Requests\) and still refused to renew the subscription \(Contoso\) after the retries\. It asks to wait 2\.128 s/);
  assert.deepEqual(e.nextSteps, [retry]);
  const unavailable = describeGraphError(graphError(503, 'serviceNotAvailable', 'down'), { operation: 'create', subscription: sub, account });
  assert.match(unavailable.message, /is unavailable \(HTTP 503\).*Try again in a minute/);
  assert.equal(unavailable.nextSteps[0].command, CommandId.refresh, 'without a retry step: Refresh');
  const noWait = describeGraphError(new GraphRequestError('Graph returned 503', 503, 'serviceNotAvailable', 'down', 'rid', undefined, { retryAfterSeconds: 0 }), { operation: 'list', account });
  assert.doesNotMatch(noWait.message, /wait 0 s/, 'Retry-After: 0 is not advice to pass on');
  assert.match(noWait.message, /Try again in a minute/);
});

test('404: gone, offers Recreate of that subscription', () => {
  const e = describeGraphError(graphError(404, 'ResourceNotFound', 'gone'), { operation: 'renew', subscription: sub, account });
  assert.match(e.message, /no longer exists/);
  assert.deepEqual(e.nextSteps, [{ title: 'Recreate', command: CommandId.recreateSubscription, args: [{ subscriptionId: sub.id }] }]);
});

test('409: duplicate, offers to open the existing subscription named in the message', () => {
  const e = describeGraphError(graphError(409, 'Conflict', 'Subscription Id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee already exists for the requested combination'), { operation: 'create', subscription: sub, account });
  assert.equal(e.nextSteps[0].title, 'Open Existing Subscription');
  assert.deepEqual(e.nextSteps[0].args, [{ accountId: account.id, subscriptionId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', resource: 'me/messages', changeType: 'created', reveal: true }]);
});

test('network, 401 and sign-in failures', () => {
  const net = describeGraphError(GraphRequestError.network(new TypeError('fetch failed'), 'https://graph.microsoft.com/v1.0/subscriptions'), { operation: 'list', account });
  assert.deepEqual(net.nextSteps.map((s) => s.title), ['Retry', 'Open Settings']);
  assert.deepEqual(describeGraphError(graphError(401, 'InvalidAuthenticationToken', 'expired'), { operation: 'list', account }).nextSteps.map((s) => s.title), ['Sign In']);
  assert.deepEqual(describeGraphError(new SignInRequiredError('refresh token expired', account.id), { operation: 'list', account }).nextSteps.map((s) => s.title), ['Sign In']);
});

test('recent actions: a renew and a reauthorize of the same subscription are 10 minutes apart at least', () => {
  let now = 0;
  const recent = new RecentActions(() => now);
  recent.record('s', 'reauthorize');
  now = 9 * 60_000;
  assert.equal(recent.conflict('s', 'renew')?.allowedAt, 10 * 60_000);
  assert.equal(recent.conflict('s', 'reauthorize'), undefined, 'the same action again is fine');
  assert.equal(recent.conflict('other', 'renew'), undefined);
  now = 10 * 60_000;
  assert.equal(recent.conflict('s', 'renew'), undefined);
  const copy = new RecentActions(() => now);
  recent.record('t', 'renew');
  copy.load(JSON.parse(JSON.stringify(recent.toJSON())));
  assert.equal(copy.conflict('t', 'reauthorize')?.action, 'renew');
});

test('every renewal or reauthorize through a wrapped client is recorded, whoever sends it', async () => {
  let now = 1_000_000;
  const recent = new RecentActions(() => now);
  const calls: string[] = [];
  const fake = {
    listAll: async () => [],
    get: async () => { throw new Error('unused'); },
    create: async () => { throw new Error('unused'); },
    update: async (id: string) => { calls.push(`PATCH ${id}`); return { id, resource: 'me/messages', changeType: 'created', notificationUrl: 'https://x/n', expirationDateTime: '2030-01-01T00:00:00Z' }; },
    delete: async (id: string) => { calls.push(`DELETE ${id}`); },
    reauthorize: async (id: string) => { calls.push(`REAUTH ${id}`); },
    getJson: async () => { throw new Error('unused'); },
  };
  const client = withRecentActions(fake, recent);
  await client.reauthorize('a');
  assert.equal(recent.conflict('a', 'renew')?.action, 'reauthorize');
  await client.update('b', { expirationDateTime: '2030-01-01T00:00:00Z' });
  assert.equal(recent.conflict('b', 'reauthorize')?.action, 'renew');
  await client.delete('b');
  assert.equal(recent.conflict('b', 'reauthorize'), undefined);
  now += 10 * 60_000;
  assert.equal(recent.conflict('a', 'renew'), undefined);
  assert.deepEqual(calls, ['REAUTH a', 'PATCH b', 'DELETE b']);
});

test('a 403 from the Sandbox offers no Sign In: the Sandbox has no sign-in and its tokens carry every permission', () => {
  const sandbox = { id: 'sandbox', label: 'Sandbox', kind: 'delegatedWork' as const, isSandbox: true };
  const described = describeGraphError(graphError(403, 'ExtensionError', 'Operation: Create; Exception: [Status Code: Forbidden; Reason: not supported for Delegated]'), {
    operation: 'create',
    account: sandbox,
    subscription: { resource: 'print/printers/p/jobs', changeType: 'updated', notificationUrl: 'http://127.0.0.1/n' },
  });
  assert.ok(!described.nextSteps.some((s) => s.command === CommandId.signIn), described.nextSteps.map((s) => s.title).join(', '));
});
