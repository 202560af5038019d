import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { CONSUMER_TENANT_ID } from '../../src/emulator/index';
import { GRAPH_CHANGE_TRACKING_APP_ID } from '../../src/graph/types';
import { call, createRichSubscription, withCertificateHarness, withEmulator } from './emulatorTestKit';

test('bearer tokens look like Graph access tokens for each account kind', async () => {
  await withEmulator(async (emulator) => {
    const work = decodeJwt(await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read', 'User.Read.All'] }));
    assert.equal(work.aud, 'https://graph.microsoft.com');
    assert.equal(work.tid, emulator.tenantId);
    assert.equal(work.scp, 'Mail.Read User.Read.All');
    assert.equal(work.roles, undefined);
    assert.equal(work.ver, '1.0');
    assert.equal(typeof work.appid, 'string');
    assert.equal(work.azp, work.appid);
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

test('the OpenID configuration points at a JWKS that verifies the emulator\'s tokens', async () => {
  await withEmulator(async (emulator) => {
    const config = await call(emulator.openIdConfigurationUrl);
    assert.equal(config.status, 200);
    assert.equal(config.json.issuer, `https://login.microsoftonline.com/${emulator.tenantId}/v2.0`);
    assert.equal(config.json.jwks_uri, `${emulator.baseUrl}/common/discovery/v2.0/keys`);
    const jwks = createRemoteJWKSet(new URL(config.json.jwks_uri));
    const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] });
    const { payload } = await jwtVerify(token, jwks, { audience: 'https://graph.microsoft.com' });
    assert.equal(payload.scp, 'Mail.Read');
  });
});

test('rich notifications carry validationTokens from the change-tracking publisher, verifiable with the JWKS', async () => {
  await withCertificateHarness(async (h, cert) => {
    const created = await createRichSubscription(h, cert, 'cert-1', {
      resource: '/me/messages?$select=subject,receivedDateTime',
      expirationDateTime: new Date(h.clock.ms + 60 * 60_000).toISOString(),
    });
    await h.emulator.simulateChange(created.json.id, { count: 3 });
    const body = h.receiver.notifications[0].json as any;
    assert.equal(body.validationTokens.length, 1, 'one token per app+tenant in the POST');
    const config = await call(h.emulator.openIdConfigurationUrl);
    const { payload } = await jwtVerify(body.validationTokens[0], createRemoteJWKSet(new URL(config.json.jwks_uri)), {
      issuer: `https://login.microsoftonline.com/${h.emulator.tenantId}/v2.0`,
      audience: created.json.applicationId,
      currentDate: h.clock.now(),
    });
    assert.equal(payload.azp, GRAPH_CHANGE_TRACKING_APP_ID);
    assert.equal(payload.ver, '2.0');
    assert.equal(payload.tid, h.emulator.tenantId);
    assert.ok(typeof payload.nbf === 'number' && typeof payload.exp === 'number');
  });
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
