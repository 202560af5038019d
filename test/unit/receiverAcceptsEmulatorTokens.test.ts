/**
 * The extension's receiver checks (validateTokens, as the Sandbox wires them: the emulator's keys,
 * the global cloud's issuers) accept the validationTokens the emulator signs in both versions:
 * v1.0 (what Graph sends) and v2.0 (Learn's example).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../src/emulator/index';
import { acceptedIssuers, remoteKeys, validateTokens } from '../../src/notifications/validateTokens';
import { createTestCertificate } from '../fixtures/certificates';
import { startReceiverStub } from '../fixtures/receiverStub';
import { call } from './emulatorTestKit';

for (const version of ['1.0', '2.0'] as const) {
  test(`the receiver accepts the emulator's v${version} validationTokens and refuses them for another app`, async () => {
    const receiver = await startReceiverStub();
    const emulator = await startEmulator({ validationTokenVersion: version });
    const cert = await createTestCertificate();
    try {
      const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] });
      const created = await call(`${emulator.graphBaseUrl}/subscriptions`, {
        method: 'POST',
        token,
        body: {
          changeType: 'created',
          notificationUrl: receiver.url(),
          resource: '/me/messages?$select=subject',
          includeResourceData: true,
          encryptionCertificate: cert.certificateBase64,
          encryptionCertificateId: 'c1',
          expirationDateTime: new Date(Date.now() + 50 * 60_000).toISOString(),
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      await emulator.simulateChange(created.json.id);
      const tokens = (receiver.notifications[0].json as { validationTokens: string[] }).validationTokens;
      const keys = remoteKeys(`${emulator.baseUrl}/common/discovery/v2.0/keys`);
      const options = { keys, tenantIds: [emulator.tenantId], issuersFor: (t: string) => acceptedIssuers('global', t) };
      const [ok] = await validateTokens(tokens, { ...options, appIds: [created.json.applicationId] });
      assert.equal(ok.ok, true, ok.detail);
      const [wrong] = await validateTokens(tokens, { ...options, appIds: ['11111111-2222-3333-4444-555555555555'] });
      assert.equal(wrong.reason, 'wrongAudience');
    } finally {
      await emulator.close();
      await receiver.close();
    }
  });
}
