/**
 * The emulator answers per-resource rule violations the way Graph does, with the rules taken from
 * the catalog and the validator (one source of truth); these tests check the HTTP contract.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, inMinutes, messageDraft, type Harness, withHarness } from './emulatorTestKit';

async function post(h: Harness, body: Record<string, unknown>, token = h.token) {
  return call(h.subscriptions, { method: 'POST', token, body });
}

test('change types the resource does not support get 400', async () => {
  await withHarness(async (h) => {
    const res = await post(h, messageDraft(h, { resource: '/users', changeType: 'created' }));
    assert.equal(res.status, 400);
    assert.match(res.json.error.message, /created/);
    assert.equal(h.receiver.validations.length, 0, 'rules are checked before the handshake');
  });
});

test('an expiration over the resource maximum gets Graph\'s "can only be N minutes" error; PATCH too', async () => {
  await withHarness(async (h) => {
    const over = await post(h, messageDraft(h, { expirationDateTime: inMinutes(h.clock, 10_081) }));
    assert.equal(over.status, 400);
    assert.equal(over.json.error.code, 'ExtensionError');
    assert.equal(over.json.error.message, 'Subscription expiration can only be 10080 minutes in the future.');
    const created = await post(h, messageDraft(h));
    assert.equal(created.status, 201);
    const patch = await call(`${h.subscriptions}/${created.json.id}`, { method: 'PATCH', token: h.token, body: { expirationDateTime: inMinutes(h.clock, 20_000) } });
    assert.equal(patch.status, 400);
    assert.match(patch.json.error.message, /10080 minutes/);
  });
});

test('Teams resources need lifecycleNotificationUrl above one hour', async () => {
  await withHarness(async (h) => {
    const draft = messageDraft(h, { resource: '/chats/19:abc@thread.v2/messages', changeType: 'created', expirationDateTime: inMinutes(h.clock, 120) });
    const res = await post(h, draft);
    assert.equal(res.status, 400);
    assert.match(res.json.error.message, /^lifecycleNotificationUrl is a required property for subscription creation on this resource when the expirationDateTime value is set to greater than 1 hour/);
    const ok = await post(h, { ...draft, lifecycleNotificationUrl: h.receiver.url('/lifecycle') });
    assert.equal(ok.status, 201, JSON.stringify(ok.json));
  });
});

test('rich notifications: a certificate is required, and Outlook needs $select', async () => {
  await withHarness(async (h) => {
    const noCert = await post(h, messageDraft(h, { resource: '/me/messages?$select=subject', includeResourceData: true }));
    assert.equal(noCert.status, 400);
    assert.match(noCert.json.error.message, /encryptionCertificate/);
    const noSelect = await post(h, messageDraft(h, { includeResourceData: true, encryptionCertificate: 'MIIB', encryptionCertificateId: 'c' }));
    assert.equal(noSelect.status, 400);
    assert.match(noSelect.json.error.message, /\$select/);
  });
});

test('a certificate that is not an X.509 RSA certificate is refused with 400', async () => {
  await withHarness(async (h) => {
    const res = await post(h, messageDraft(h, {
      resource: '/me/messages?$select=subject', includeResourceData: true, encryptionCertificate: Buffer.from('not a certificate').toString('base64'), encryptionCertificateId: 'c',
    }));
    assert.equal(res.status, 400);
    assert.match(res.json.error.message, /encryptionCertificate/);
  });
});

test('clientState and encryptionCertificateId are limited to 128 characters', async () => {
  await withHarness(async (h) => {
    const res = await post(h, messageDraft(h, { clientState: 'x'.repeat(129) }));
    assert.equal(res.status, 400);
    assert.match(res.json.error.message, /clientState/);
    assert.equal((await post(h, messageDraft(h, { clientState: 'x'.repeat(128) }))).status, 201);
  });
});

test('a token without the permission the catalog requires gets 403 naming it', async () => {
  await withHarness(async (h) => {
    const weak = await h.emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['User.Read'] });
    const res = await post(h, messageDraft(h), weak);
    assert.equal(res.status, 403);
    assert.match(res.json.error.message, /Mail\.ReadBasic/);
    const personal = await h.emulator.issueToken({ accountKind: 'delegatedPersonal', permissions: ['Group.Read.All'] });
    const groups = await post(h, messageDraft(h, { resource: '/groups', changeType: 'updated' }), personal);
    assert.equal(groups.status, 403, 'groups are not supported for personal accounts');
    const app = await h.emulator.issueToken({ accountKind: 'application', permissions: ['Mail.Read'] });
    const me = await post(h, messageDraft(h), app);
    assert.equal(me.status, 400);
    assert.match(me.json.error.message, /\/me request is only valid with delegated authentication flow/);
  });
});

test('operations on an existing subscription need the permission too', async () => {
  await withHarness(async (h) => {
    const created = await post(h, messageDraft(h));
    assert.equal(created.status, 201);
    const weak = await h.emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['User.Read'] });
    const get = await call(`${h.subscriptions}/${created.json.id}`, { token: weak });
    assert.equal(get.status, 403);
    assert.match(get.json.error.message, /Operation: Get;.*Mail\./);
    const del = await call(`${h.subscriptions}/${created.json.id}`, { method: 'DELETE', token: weak });
    assert.equal(del.status, 403);
  });
});

test('quotas: one subscription per app and chat, counted across the app\'s users, answer 403 naming the limit', async () => {
  await withHarness(async (h) => {
    const resource = '/chats/19:quota@thread.v2/messages';
    const first = await post(h, messageDraft(h, { resource, changeType: 'created', expirationDateTime: inMinutes(h.clock, 55) }));
    assert.equal(first.status, 201, JSON.stringify(first.json));
    const sameUser = await post(h, messageDraft(h, { resource, changeType: 'updated', expirationDateTime: inMinutes(h.clock, 55) }));
    assert.equal(sameUser.status, 403);
    assert.match(sameUser.json.error.message, /Maximum number of subscriptions has been reached \(limit: 1 subscription per app and channel or chat\)/);
    const otherUser = await h.emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Chat.Read'], userId: '0000aaaa-0000-4000-8000-000000000002' });
    const other = await post(h, messageDraft(h, { resource, changeType: 'deleted', expirationDateTime: inMinutes(h.clock, 55) }), otherUser);
    assert.equal(other.status, 403, 'the quota is per app, not per user');
  });
});
