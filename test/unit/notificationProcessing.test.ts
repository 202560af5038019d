import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { constants, createCipheriv, createHmac, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { createRemoteJWKSet } from 'jose';
import { processNotification, summarize, type ProcessDeps } from '../../src/notifications/processNotification';
import { formatNotification } from '../../src/notifications/formatNotification';
import { KeyObjectCache, MemoryKeyStore } from '../../src/notifications/keyStore';
import { acceptedIssuers, validateTokens } from '../../src/notifications/validateTokens';
import { checkClientState, constantTimeEquals } from '../../src/notifications/clientState';
import type { ChangeNotificationCollection } from '../../src/graph/types';
import { startOpenIdStub, type OpenIdStub } from '../fixtures/openIdStub';

const TENANT = 'a1b2c3d4-0000-0000-0000-000000000001';
const APP = 'app-id-1';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
let stub: OpenIdStub;
before(async () => (stub = await startOpenIdStub()));
after(() => stub.close());

function encrypt(json: unknown) {
  const k = randomBytes(32);
  const c = createCipheriv('aes-256-cbc', k, k.subarray(0, 16));
  const data = Buffer.concat([c.update(JSON.stringify(json)), c.final()]);
  return {
    data: data.toString('base64'),
    dataSignature: createHmac('sha256', k).update(data).digest('base64'),
    dataKey: publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, k).toString('base64'),
    encryptionCertificateId: 'cert-1',
    encryptionCertificateThumbprint: 'AA',
  };
}

function deps(clientStates: Record<string, string> = { 'sub-1': 'secret-state-1' }): ProcessDeps {
  const store = new MemoryKeyStore();
  store.set('cert-1', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  const cache = new KeyObjectCache(store);
  const keys = createRemoteJWKSet(new URL(stub.jwksUrl));
  return {
    clientStates: { get: async (id) => clientStates[id] },
    resolveKey: (id) => cache.get(id),
    trustedTenantIds: async () => [TENANT],
    validateTokens: (tokens, ctx) => validateTokens(tokens, { keys, appIds: [APP], tenantIds: ctx.tenantIds, issuersFor: (t) => acceptedIssuers('global', t) }),
  };
}

const received = (body: ChangeNotificationCollection) => ({ id: 'n1', receivedAt: '2026-11-23T10:00:00.000Z', kind: 'change' as const, body });
const base = { subscriptionId: 'sub-1', subscriptionExpirationDateTime: '2030-01-01T00:00:00Z', tenantId: TENANT, changeType: 'created', resource: 'teams/1/channels/2/messages/3' };

test('a rich notification with valid token, clientState and encrypted content is trusted and decrypted', async () => {
  const body = { value: [{ ...base, clientState: 'secret-state-1', encryptedContent: encrypt({ body: { content: 'hi' } }) }], validationTokens: [await stub.graphToken(TENANT, APP)] };
  const result = await processNotification(received(body), deps());
  const [item] = result.items;
  assert.equal(item.trusted, true);
  assert.deepEqual(item.checks, { clientState: { status: 'pass' }, validationTokens: { status: 'pass' }, decryption: { status: 'pass' } });
  assert.deepEqual(item.content, { body: { content: 'hi' } });

  const lines = formatNotification(result, 'full');
  assert.match(lines[0], /^✓ created sub sub-1 teams\/1\/channels\/2\/messages\/3 \| clientState ✓ tokens ✓ decrypt ✓/);
  assert.ok(lines.some((l) => l.includes('"content": "hi"')));
  const text = lines.join('\n');
  assert.ok(!text.includes('secret-state-1') && !text.includes('eyJ'), 'no clientState or token in the output');
  assert.equal(formatNotification(result, 'summary').length, 1);
});

test('a clientState mismatch marks the item untrusted; the summary for history has no content', async () => {
  const result = await processNotification(received({ value: [{ ...base, clientState: 'forged', resourceData: { id: 'x' } }] }), deps());
  assert.equal(result.items[0].trusted, false);
  assert.deepEqual(result.items[0].checks.clientState, { status: 'fail', reason: 'mismatch' });
  assert.match(formatNotification(result, 'full')[0], /✗ UNTRUSTED .*clientState ✗ \(mismatch\)/);
  assert.ok(!JSON.stringify(summarize(result)).includes('"x"'));
});

test('one bad token makes every item of the POST untrusted, with the reason', async () => {
  const body = { value: [{ ...base, clientState: 'secret-state-1', encryptedContent: encrypt({ a: 1 }) }], validationTokens: [await stub.graphToken(TENANT, APP), await stub.graphToken(TENANT, 'someone-else')] };
  const result = await processNotification(received(body), deps());
  assert.deepEqual(result.items[0].checks.validationTokens, { status: 'fail', reason: 'wrongAudience' });
  assert.ok(formatNotification(result, 'full').some((l) => /token #1 eyJ.…\(\d+ chars\): wrongAudience/.test(l)));
});

test('encrypted content without tokens fails the token check; unknown certificate fails decryption', async () => {
  const enc = { ...encrypt({ a: 1 }), encryptionCertificateId: 'gone' };
  const result = await processNotification(received({ value: [{ ...base, clientState: 'secret-state-1', EncryptedContent: enc } as never] }), deps());
  assert.deepEqual(result.items[0].checks.validationTokens, { status: 'fail', reason: 'missing' });
  assert.deepEqual(result.items[0].checks.decryption, { status: 'fail', reason: 'unknownKey' });
});

test('lifecycle items and subscriptions not created here', async () => {
  const result = await processNotification(
    { id: 'n2', receivedAt: '2026-11-23T10:00:00.000Z', kind: 'lifecycle', body: { value: [{ subscriptionId: 'other', subscriptionExpirationDateTime: 'x', tenantId: TENANT, lifecycleEvent: 'reauthorizationRequired', clientState: 'whatever' }] } },
    deps(),
  );
  assert.equal(result.items[0].lifecycleEvent, 'reauthorizationRequired');
  assert.equal(result.items[0].checks.clientState.status, 'skip');
  assert.match(formatNotification(result, 'full')[0], /lifecycle:reauthorizationRequired sub other/);
});

test('clientState compare: equal, different, different length, missing', () => {
  assert.equal(constantTimeEquals('abc', 'abc'), true);
  assert.equal(constantTimeEquals('abc', 'abd'), false);
  assert.equal(constantTimeEquals('abc', 'abcdef'), false);
  assert.deepEqual(checkClientState('abc', null), { status: 'fail', reason: 'missing' });
  assert.deepEqual(checkClientState(undefined, undefined), { status: 'skip', reason: 'none set' });
});
