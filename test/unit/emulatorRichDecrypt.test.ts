/**
 * Decrypts an emulator-produced rich notification with plain Node crypto, following the digest's
 * steps (§8.3) — written independently of src/emulator (which is only used to produce it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, constants, createDecipheriv, createHash, createHmac, createPrivateKey, privateDecrypt, timingSafeEqual } from 'node:crypto';
import { createRichSubscription, withCertificateHarness } from './emulatorTestKit';

function decrypt(encryptedContent: any, privateKeyPem: string): unknown {
  // Step 2: K = RSA-OAEP (SHA-1, MGF1-SHA-1) decrypt of dataKey.
  const key = privateDecrypt(
    { key: createPrivateKey(privateKeyPem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(encryptedContent.dataKey, 'base64'),
  );
  assert.equal(key.length, 32);
  // Step 3: HMAC-SHA256 over the decoded data bytes, compared as base64.
  const data = Buffer.from(encryptedContent.data, 'base64');
  const expected = createHmac('sha256', key).update(data).digest();
  assert.ok(timingSafeEqual(expected, Buffer.from(encryptedContent.dataSignature, 'base64')), 'dataSignature verifies');
  // Step 4: AES-256-CBC, PKCS7, IV = first 16 bytes of K.
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  const plain = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  return JSON.parse(plain);
}

test('a rich Outlook notification decrypts and verifies with plain Node crypto and holds only $select-ed properties', async () => {
  await withCertificateHarness(async (h, cert) => {
    const created = await createRichSubscription(h, cert, 'my-cert-v1', { resource: '/me/messages?$select=subject,receivedDateTime' });
    await h.emulator.simulateChange(created.json.id, { count: 2 });
    const items = (h.receiver.notifications[0].json as any).value;
    assert.equal(items.length, 2);
    assert.notEqual(items[0].encryptedContent.dataKey, items[1].encryptedContent.dataKey, 'a fresh key per item');
    for (const item of items) {
      const ec = item.encryptedContent;
      assert.equal(ec.encryptionCertificateId, 'my-cert-v1');
      // Thumbprint: uppercase hex SHA-1 of the certificate DER.
      const der = Buffer.from(cert.certificateBase64, 'base64');
      assert.equal(ec.encryptionCertificateThumbprint, createHash('sha1').update(der).digest('hex').toUpperCase());
      assert.equal(new X509Certificate(der).fingerprint.replace(/:/g, ''), ec.encryptionCertificateThumbprint);
      const resource = decrypt(ec, cert.privateKeyPem) as Record<string, unknown>;
      assert.equal(typeof resource.subject, 'string');
      assert.equal(resource['receivedDateTime@odata.type'], '#DateTimeOffset');
      assert.equal(resource.id, item.resourceData.id);
      assert.equal(resource.from, undefined, 'not selected, not sent');
      assert.equal(resource.bodyPreview, undefined);
    }
  });
});

test('a tampered ciphertext fails the HMAC check', async () => {
  await withCertificateHarness(async (h, cert) => {
    const created = await createRichSubscription(h, cert, 'c', { resource: '/me/messages?$select=subject' });
    await h.emulator.simulateChange(created.json.id, { resourceData: { subject: 'Custom subject' } });
    const ec = (h.receiver.notifications[0].json as any).value[0].encryptedContent;
    assert.equal((decrypt(ec, cert.privateKeyPem) as any).subject, 'Custom subject');
    const bytes = Buffer.from(ec.data, 'base64');
    bytes[0] ^= 1;
    assert.throws(() => decrypt({ ...ec, data: bytes.toString('base64') }, cert.privateKeyPem), /dataSignature verifies/);
  });
});

test('a rich Teams chat message carries the whole chatMessage, body included', async () => {
  await withCertificateHarness(async (h, cert) => {
    const created = await createRichSubscription(h, cert, 'teams-cert', {
      resource: '/chats/19:abc@thread.v2/messages',
      changeType: 'created',
      expirationDateTime: new Date(h.clock.ms + 55 * 60_000).toISOString(),
    });
    await h.emulator.simulateChange(created.json.id);
    const item = (h.receiver.notifications[0].json as any).value[0];
    assert.equal(item.resourceData['@odata.type'], '#Microsoft.Graph.chatMessage');
    assert.match(item.resource, /^chats\('19:abc@thread\.v2'\)\/messages\('[^']+'\)$/);
    const message = decrypt(item.encryptedContent, cert.privateKeyPem) as any;
    assert.equal(message.id, item.resourceData.id);
    assert.equal(message.chatId, '19:abc@thread.v2');
    assert.equal(typeof message.body.content, 'string');
    assert.equal(message.messageType, 'message');
  });
});
