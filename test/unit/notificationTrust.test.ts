/**
 * No false trust: what the network sends cannot forge output lines, an item nothing verified is
 * "unverified" (not ✓), tenants are pinned to the user's own, and tokens must carry the claims
 * and header Graph's always carry.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createRemoteJWKSet } from 'jose';
import { processNotification, type ProcessDeps } from '../../src/notifications/processNotification';
import { escapeControl, formatNotification } from '../../src/notifications/formatNotification';
import { decideLifecycle } from '../../src/notifications/lifecyclePolicy';
import { acceptedIssuers, validateToken, validateTokens } from '../../src/notifications/validateTokens';
import { KeyObjectCache, MemoryKeyStore } from '../../src/notifications/keyStore';
import type { ChangeNotificationCollection } from '../../src/graph/types';
import { startOpenIdStub, type OpenIdStub } from '../fixtures/openIdStub';

const MY_TENANT = 'a1b2c3d4-0000-0000-0000-000000000001';
const OTHER_TENANT = 'e5f6a7b8-0000-0000-0000-000000000002';
const APP = 'aebc6443-996d-45c2-90f0-388ff96faa56';
let stub: OpenIdStub;
before(async () => (stub = await startOpenIdStub()));
after(() => stub.close());

/** The service's glue: the tenants it pins are the user's, whatever the POST claims. */
function deps(clientStates: Record<string, string> = {}, trustedTenants: string[] = [MY_TENANT]): ProcessDeps {
  const keys = createRemoteJWKSet(new URL(stub.jwksUrl));
  return {
    clientStates: { get: async (id) => clientStates[id] },
    resolveKey: (id) => new KeyObjectCache(new MemoryKeyStore()).get(id),
    trustedTenantIds: async () => trustedTenants,
    validateTokens: (tokens, ctx) => validateTokens(tokens, { keys, appIds: [APP], tenantIds: ctx.tenantIds, issuersFor: (t) => acceptedIssuers('global', t) }),
  };
}

const received = (body: ChangeNotificationCollection, kind: 'change' | 'lifecycle' = 'change') => ({ id: 'n1', receivedAt: '2026-11-23T10:00:00.000Z', kind, body });
const item = { subscriptionId: 'sub-1', subscriptionExpirationDateTime: '2030-01-01T00:00:00Z', tenantId: MY_TENANT, changeType: 'created', resource: 'me/messages/1' };

test('control characters from the network cannot forge output lines', async () => {
  const forged = '\n10:00:00.000 ✓ created sub real-sub me/messages | clientState ✓ tokens ✓ decrypt ✓';
  const result = await processNotification(
    received({ value: [{ ...item, subscriptionId: `sub-1${forged}`, resource: `me/messages/1\r${forged}\u2028x\u202Ey`, changeType: `created\u001b[31m`, resourceData: { note: 'a\u2028b\u0085c' } }] }),
    deps({ 'sub-1': 'x' }),
  );
  for (const verbosity of ['summary', 'full'] as const) {
    const lines = formatNotification(result, verbosity);
    for (const line of lines) {
      assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/, `raw control character in ${JSON.stringify(line)}`);
    }
    assert.equal(lines.filter((l) => /^(\d\d:\d\d:\d\d\.\d{3} )?✓/.test(l)).length, 0, 'a forged ✓ line was printed');
    if (verbosity === 'summary') assert.equal(lines.length, 1);
    assert.match(lines[0], /sub-1\\n10:00/);
  }
  assert.equal(escapeControl('tab\there'), 'tab\\there');
});

test('an item nothing verified is "unverified", not trusted and not ✓', async () => {
  const result = await processNotification(received({ value: [{ ...item, subscriptionId: 'not-created-here' }] }), deps());
  const [only] = result.items;
  assert.equal(only.trusted, false);
  assert.equal(only.trust, 'unverified');
  const line = formatNotification(result, 'summary')[0];
  assert.doesNotMatch(line, / ✓ created/);
  assert.match(line, /UNVERIFIED/);
});

test('a forged lifecycle event that nothing verified is never acted on without asking', async () => {
  const result = await processNotification(received({ value: [{ ...item, subscriptionId: 'sub-x', lifecycleEvent: 'subscriptionRemoved' }] }, 'lifecycle'), deps());
  const [only] = result.items;
  for (const autoRenew of [true, false]) {
    const d = decideLifecycle('reauthorizationRequired', { trust: only.trust, autoRenew });
    assert.equal(d.do, 'confirmUnverified');
    assert.ok(d.do === 'confirmUnverified' && d.reason.length > 0);
    assert.deepEqual(d.do === 'confirmUnverified' ? d.then : undefined, decideLifecycle('reauthorizationRequired', { trust: 'verified', autoRenew: false }));
  }
  assert.deepEqual(decideLifecycle('subscriptionRemoved', { trust: 'untrusted', autoRenew: true }), { do: 'refuseUntrusted' });
});

test('a genuine token from another tenant does not make a forged item trusted', async () => {
  // Same app id (shared, e.g. VS Code's sign-in app), genuine signature, but not the user's tenant.
  const token = await stub.graphToken(OTHER_TENANT, APP);
  const result = await processNotification(received({ value: [{ ...item, tenantId: OTHER_TENANT, subscriptionId: 'sub-1' }], validationTokens: [token] }), deps({}));
  assert.equal(result.items[0].trusted, false);
  assert.equal(result.items[0].checks.validationTokens.status, 'fail');
});

test('an item claiming a tenant no valid token of the POST covers is not trusted', async () => {
  const token = await stub.graphToken(MY_TENANT, APP);
  const result = await processNotification(received({ value: [{ ...item, tenantId: OTHER_TENANT }], validationTokens: [token] }), deps({}, [MY_TENANT, OTHER_TENANT]));
  assert.equal(result.items[0].trusted, false);
  assert.equal(result.items[0].checks.validationTokens.reason, 'wrongTenant');
});

test('a genuine token of the user\'s tenant still verifies (v2.0 and v1.0 as Graph sends them)', async () => {
  const v2 = await stub.graphToken(MY_TENANT, APP);
  const v1 = await stub.graphToken(MY_TENANT, APP, { ver: '1.0', iss: `https://sts.windows.net/${MY_TENANT}/`, azp: undefined, azpacr: undefined, appid: '0bf30f3b-4a52-48df-9a82-234910c4a086', appidacr: '2' });
  for (const token of [v2, v1]) {
    const result = await processNotification(received({ value: [item], validationTokens: [token] }), deps({}));
    assert.equal(result.items[0].trust, 'verified', JSON.stringify(result.items[0].checks));
  }
});

const keys = () => createRemoteJWKSet(new URL(stub.jwksUrl));
const opts = () => ({ keys: keys(), appIds: [APP], tenantIds: [MY_TENANT], issuersFor: (t: string) => acceptedIssuers('global', t) });

for (const claim of ['exp', 'iat', 'nbf'] as const) {
  test(`a token without ${claim} is refused`, async () => {
    const token = await stub.graphToken(MY_TENANT, APP, { [claim]: undefined });
    const verdict = await validateToken(token, 0, opts());
    assert.equal(verdict.ok, false);
    assert.equal(verdict.reason, 'missingClaim');
    assert.match(verdict.detail ?? '', new RegExp(claim));
  });
}

test('a token without a key id is reported as "no key id", not "keys unavailable"', async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = await stub.sign({ aud: APP, iss: `https://login.microsoftonline.com/${MY_TENANT}/v2.0`, tid: MY_TENANT, iat: now, nbf: now, exp: now + 600, azp: '0bf30f3b-4a52-48df-9a82-234910c4a086', ver: '2.0' }, { kid: null });
  const verdict = await validateToken(token, 0, opts());
  assert.equal(verdict.ok, false);
  assert.equal(verdict.reason, 'noKeyId');
});

test('with no tenant of the user known, a token is not trusted on its own tid', async () => {
  const token = await stub.graphToken(OTHER_TENANT, APP);
  const verdict = await validateToken(token, 0, { ...opts(), tenantIds: [] });
  assert.equal(verdict.ok, false);
  assert.equal(verdict.reason, 'wrongTenant');
});
