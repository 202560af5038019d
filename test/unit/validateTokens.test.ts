import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createRemoteJWKSet } from 'jose';
import { acceptedIssuers, jwksUrlForCloud, validateToken, validateTokens, type TokenValidationOptions } from '../../src/notifications/validateTokens';
import { startOpenIdStub, type OpenIdStub } from '../fixtures/openIdStub';

const TENANT = '84bd8158-6d1a-4b42-9d34-3a1bd7a1b0c1';
const APP = '11111111-2222-3333-4444-555555555555';
let stub: OpenIdStub;
let options: TokenValidationOptions;

before(async () => {
  stub = await startOpenIdStub();
  options = { keys: createRemoteJWKSet(new URL(stub.jwksUrl)), appIds: [APP], tenantIds: [TENANT], issuersFor: (t) => acceptedIssuers('global', t) };
});
after(() => stub.close());

test('a token as Graph sends it (v2.0, azp = publisher) passes', async () => {
  const verdict = await validateToken(await stub.graphToken(TENANT, APP), 0, options);
  assert.equal(verdict.ok, true, verdict.detail);
  assert.match(verdict.masked, /^eyJ.…\(\d+ chars\)$/);
});

test('a v1.0 token (sts.windows.net issuer, appid = publisher) passes', async () => {
  const token = await stub.graphToken(TENANT, APP, { ver: '1.0', iss: `https://sts.windows.net/${TENANT}/`, azp: undefined, appid: '0bf30f3b-4a52-48df-9a82-234910c4a086' });
  assert.equal((await validateToken(token, 0, options)).ok, true);
});

const cases: { name: string; reason: string; make: () => Promise<string> }[] = [
  { name: 'tampered signature', reason: 'badSignature', make: async () => { const t = await stub.graphToken(TENANT, APP); const [h, p, s] = t.split('.'); return `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`; } },
  { name: 'tampered payload', reason: 'badSignature', make: async () => { const t = await stub.graphToken(TENANT, APP); const [h, , s] = t.split('.'); const p = Buffer.from(JSON.stringify({ aud: APP, tid: TENANT, exp: 9999999999 })).toString('base64url'); return `${h}.${p}.${s}`; } },
  { name: 'unknown key id', reason: 'unknownKey', make: () => stub.sign({ aud: APP, exp: Math.floor(Date.now() / 1000) + 600 }, { kid: 'not-published', unpublishedKey: true }) },
  { name: 'signed with an unpublished key under a known kid', reason: 'badSignature', make: () => stub.graphToken(TENANT, APP, {}, { unpublishedKey: true }) },
  { name: 'wrong audience', reason: 'wrongAudience', make: () => stub.graphToken(TENANT, 'another-app') },
  { name: 'wrong issuer', reason: 'wrongIssuer', make: () => stub.graphToken(TENANT, APP, { iss: 'https://evil.example/v2.0' }) },
  { name: 'issuer of another tenant', reason: 'wrongIssuer', make: () => stub.graphToken(TENANT, APP, { iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0' }) },
  { name: 'wrong publisher (azp)', reason: 'wrongPublisher', make: () => stub.graphToken(TENANT, APP, { azp: '99999999-0000-0000-0000-000000000000' }) },
  { name: 'v1 token with azp but no appid', reason: 'wrongPublisher', make: () => stub.graphToken(TENANT, APP, { ver: '1.0', iss: `https://sts.windows.net/${TENANT}/` }) },
  { name: 'expired token', reason: 'expired', make: () => stub.graphToken(TENANT, APP, { exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200, iat: Math.floor(Date.now() / 1000) - 7200 }) },
  { name: 'not yet valid', reason: 'notYetValid', make: () => stub.graphToken(TENANT, APP, { nbf: Math.floor(Date.now() / 1000) + 3600, exp: Math.floor(Date.now() / 1000) + 7200 }) },
  { name: 'not a JWT', reason: 'malformed', make: async () => 'definitely-not-a-jwt' },
];

for (const c of cases) {
  test(`rejects a token with ${c.name} (reason ${c.reason})`, async () => {
    const verdict = await validateToken(await c.make(), 0, options);
    assert.equal(verdict.ok, false);
    assert.equal(verdict.reason, c.reason, verdict.detail);
    assert.ok(verdict.detail && !verdict.detail.includes('eyJ'), 'detail never contains the token');
  });
}

test('every token of a POST is checked; one bad token is reported by index', async () => {
  const verdicts = await validateTokens([await stub.graphToken(TENANT, APP), await stub.graphToken(TENANT, 'other')], options);
  assert.deepEqual(verdicts.map((v) => v.ok), [true, false]);
  assert.equal(verdicts[1].index, 1);
});

test('a null token (misconfigured app) is reported', async () => {
  const [v] = await validateTokens([null], options);
  assert.equal(v.reason, 'null');
});

test('unreachable keys are reported as keysUnavailable', async () => {
  const dead = { ...options, keys: createRemoteJWKSet(new URL('http://127.0.0.1:1/keys'), { timeoutDuration: 500 }) };
  const v = await validateToken(await stub.graphToken(TENANT, APP), 0, dead);
  assert.equal(v.reason, 'keysUnavailable');
});

test('issuers and JWKS per cloud', () => {
  assert.deepEqual(acceptedIssuers('global', 't'), ['https://login.microsoftonline.com/t/v2.0', 'https://login.microsoftonline.com/t/', 'https://sts.windows.net/t/v2.0', 'https://sts.windows.net/t/']);
  assert.equal(jwksUrlForCloud('global'), 'https://login.microsoftonline.com/common/discovery/v2.0/keys');
  assert.equal(jwksUrlForCloud('usGovL4'), 'https://login.microsoftonline.us/common/discovery/v2.0/keys');
  assert.equal(jwksUrlForCloud('china'), 'https://login.chinacloudapi.cn/common/discovery/v2.0/keys');
});
