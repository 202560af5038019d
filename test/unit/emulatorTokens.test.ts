import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { CONSUMER_TENANT_ID } from '../../src/emulator/index';
import { GRAPH_CHANGE_TRACKING_APP_ID } from '../../src/graph/types';
import { createTestCertificate } from '../fixtures/certificates';
import { call, createRichSubscription, withCertificateHarness, withEmulator, withHarness } from './emulatorTestKit';

test('bearer tokens look like Graph access tokens for each account kind', async () => {
  await withEmulator(async (emulator) => {
    const work = decodeJwt(await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read', 'User.Read.All'] }));
    assert.equal(work.aud, 'https://graph.microsoft.com');
    assert.equal(work.tid, emulator.tenantId);
    assert.equal(work.scp, 'Mail.Read User.Read.All');
    assert.equal(work.roles, undefined);
    assert.equal(work.ver, '1.0');
    assert.equal(typeof work.appid, 'string');
    assert.equal(work.iss, `https://sts.windows.net/${emulator.tenantId}/`);
    assert.equal(typeof work.oid, 'string');

    const personal = decodeJwt(await emulator.issueToken({ accountKind: 'delegatedPersonal', permissions: ['Mail.Read'] }));
    assert.equal(personal.tid, CONSUMER_TENANT_ID, 'personal accounts carry the consumer tenant id, as Microsoft does');

    const app = decodeJwt(await emulator.issueToken({ accountKind: 'application', permissions: ['Mail.Read'], appId: 'app-1', lifetimeSeconds: 120 }));
    assert.deepEqual(app.roles, ['Mail.Read']);
    assert.equal(app.scp, undefined);
    assert.equal(app.appid, 'app-1');
    assert.equal((app.exp ?? 0) - (app.iat ?? 0), 120);
  });
});

test('the OpenID configuration points at a JWKS that verifies the emulator\'s tokens (v1.0 metadata by default)', async () => {
  await withEmulator(async (emulator) => {
    const config = await call(emulator.openIdConfigurationUrl);
    assert.equal(config.status, 200);
    assert.equal(emulator.openIdConfigurationUrl, `${emulator.baseUrl}/${emulator.tenantId}/.well-known/openid-configuration`);
    assert.equal(config.json.issuer, `https://sts.windows.net/${emulator.tenantId}/`);
    assert.equal(config.json.jwks_uri, `${emulator.baseUrl}/common/discovery/keys`);
    const v2 = await call(`${emulator.baseUrl}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`);
    assert.equal(v2.json.issuer, `https://login.microsoftonline.com/${emulator.tenantId}/v2.0`);
    const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] });
    for (const uri of [config.json.jwks_uri, v2.json.jwks_uri, emulator.jwksUrl]) {
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(uri)), { audience: 'https://graph.microsoft.com' });
      assert.equal(payload.scp, 'Mail.Read', uri);
    }
  });
});

test('the JWKS looks like Entra\'s: kid = x5t = base64url SHA-1 of the x5c certificate, which holds the signing key', async () => {
  await withEmulator(async (emulator) => {
    const jwks = await call(`${emulator.baseUrl}/common/discovery/keys`);
    assert.equal(jwks.json.keys.length, 1);
    const key = jwks.json.keys[0];
    assert.equal(key.kty, 'RSA');
    assert.equal(key.use, 'sig');
    assert.equal(key.kid, key.x5t);
    const der = Buffer.from(key.x5c[0], 'base64');
    assert.equal(createHash('sha1').update(der).digest('base64url'), key.x5t);
    const cert = new X509Certificate(der);
    assert.equal(cert.publicKey.export({ format: 'jwk' }).n, key.n);
    const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: [] });
    assert.equal(decodeProtectedHeader(token).kid, key.kid);
  });
});

test('rich notifications carry v1.0 validationTokens by default, shaped like the ones Graph sends', async () => {
  await withCertificateHarness(async (h, cert) => {
    const created = await createRichSubscription(h, cert, 'cert-1', {
      resource: '/me/messages?$select=subject,receivedDateTime',
      expirationDateTime: new Date(h.clock.ms + 60 * 60_000).toISOString(),
    });
    await h.emulator.simulateChange(created.json.id, { count: 3 });
    const body = h.receiver.notifications[0].json as any;
    assert.equal(body.validationTokens.length, 1, 'one token per app+tenant in the POST');
    const token = body.validationTokens[0];
    const config = await call(h.emulator.openIdConfigurationUrl);
    const tid = h.emulator.tenantId;
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(config.json.jwks_uri)), {
      issuer: `https://sts.windows.net/${tid}/`,
      audience: created.json.applicationId,
      currentDate: h.clock.now(),
    });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(protectedHeader.typ, 'JWT');
    assert.equal(protectedHeader.kid, protectedHeader.x5t);
    assert.equal(payload.ver, '1.0');
    assert.equal(payload.appid, GRAPH_CHANGE_TRACKING_APP_ID);
    assert.equal(payload.appidacr, '2');
    assert.equal(payload.idp, `https://sts.windows.net/${tid}/`);
    assert.equal(payload.azp, undefined, 'v1.0 tokens have no azp');
    assert.equal(payload.tid, tid);
    assert.equal(payload.oid, payload.sub);
    assert.equal(payload.iat, payload.nbf);
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 86_700);
    for (const claim of ['rh', 'aio', 'uti']) assert.equal(typeof payload[claim], 'string', claim);
  });
});

test('validationTokenVersion 2.0 gives the v2 tokens Learn shows (azp, login.microsoftonline.com/{tid}/v2.0)', async () => {
  const cert = await createTestCertificate();
  await withHarness(async (h) => {
    const created = await createRichSubscription(h, cert, 'cert-1', { resource: '/me/messages?$select=subject' });
    await h.emulator.simulateChange(created.json.id);
    const token = (h.receiver.notifications[0].json as any).validationTokens[0];
    const v2config = await call(`${h.emulator.baseUrl}/${h.emulator.tenantId}/v2.0/.well-known/openid-configuration`);
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(v2config.json.jwks_uri)), {
      issuer: `https://login.microsoftonline.com/${h.emulator.tenantId}/v2.0`,
      audience: created.json.applicationId,
      currentDate: h.clock.now(),
    });
    assert.equal(payload.ver, '2.0');
    assert.equal(payload.azp, GRAPH_CHANGE_TRACKING_APP_ID);
    assert.equal(payload.appid, undefined);
    // And per delivery: back to v1.0 for one simulate call.
    await h.emulator.simulateChange(created.json.id, { tokenVersion: '1.0' });
    assert.equal(decodeJwt((h.receiver.notifications[1].json as any).validationTokens[0]).ver, '1.0');
  }, { validationTokenVersion: '2.0' });
});

test('validationTokens are addressed to notificationUrlAppId when the subscription sets it', async () => {
  await withCertificateHarness(async (h, cert) => {
    const created = await createRichSubscription(h, cert, 'cert-1', {
      resource: '/me/messages?$select=subject',
      notificationUrlAppId: '99999999-8888-7777-6666-555555555555',
    });
    await h.emulator.simulateChange(created.json.id);
    const token = (h.receiver.notifications[0].json as any).validationTokens[0];
    assert.equal(decodeJwt(token).aud, '99999999-8888-7777-6666-555555555555');
  });
});

test('POST /_emulator/token mints a token the Graph endpoints accept', async () => {
  await withEmulator(async (emulator) => {
    const minted = await call(`${emulator.baseUrl}/_emulator/token`, { method: 'POST', body: { accountKind: 'application', permissions: ['User.Read.All'] } });
    assert.equal(minted.status, 200);
    assert.equal(minted.json.token_type, 'Bearer');
    const list = await call(`${emulator.graphBaseUrl}/subscriptions`, { token: minted.json.access_token });
    assert.equal(list.status, 200);
    const bad = await call(`${emulator.baseUrl}/_emulator/token`, { method: 'POST', body: { accountKind: 'robot' } });
    assert.equal(bad.status, 400);
  });
});
