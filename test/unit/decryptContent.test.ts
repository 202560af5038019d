import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { constants, createCipheriv, createHmac, createPrivateKey, generateKeyPairSync, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { DecryptError, decryptContent } from '../../src/notifications/decryptContent';
import { KeyObjectCache, MemoryKeyStore } from '../../src/notifications/keyStore';
import type { EncryptedContent } from '../../src/graph/types';

// Vectors built independently with Node crypto, following §8 "Emulator encryption" (the inverse of §8.3).
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

function encrypt(json: unknown, key: KeyObject = publicKey, certId = 'cert-1'): EncryptedContent {
  const k = randomBytes(32);
  const cipher = createCipheriv('aes-256-cbc', k, k.subarray(0, 16));
  const data = Buffer.concat([cipher.update(JSON.stringify(json), 'utf8'), cipher.final()]);
  return {
    data: data.toString('base64'),
    dataSignature: createHmac('sha256', k).update(data).digest('base64'),
    dataKey: publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, k).toString('base64'),
    encryptionCertificateId: certId,
    encryptionCertificateThumbprint: 'AB'.repeat(20),
  };
}

function resolver() {
  const store = new MemoryKeyStore();
  store.set('cert-1', pem);
  return (id: string) => new KeyObjectCache(store).get(id);
}

const message = { id: 'AAMk1', subject: 'Hello', 'receivedDateTime@odata.type': '#DateTimeOffset' };

test('decrypts content encrypted as Graph does (RSA-OAEP-SHA1 key, HMAC-SHA256, AES-256-CBC IV=K[0..16))', async () => {
  const result = await decryptContent(encrypt(message), resolver());
  assert.deepEqual(result.json, message);
  assert.equal(result.signatureVerified, true);
});

test('chooses the key by encryptionCertificateId and reports an unknown id', async () => {
  await assert.rejects(decryptContent(encrypt(message, publicKey, 'rotated-away'), resolver()), (e: DecryptError) => e.reason === 'unknownKey');
});

test('rejects a tampered dataSignature before decrypting', async () => {
  const enc = encrypt(message);
  const sig = Buffer.from(enc.dataSignature!, 'base64');
  sig[0] ^= 1;
  await assert.rejects(decryptContent({ ...enc, dataSignature: sig.toString('base64') }, resolver()), (e: DecryptError) => e.reason === 'badSignature');
});

test('rejects tampered data as a bad signature (HMAC covers the ciphertext)', async () => {
  const enc = encrypt(message);
  const data = Buffer.from(enc.data, 'base64');
  data[data.length - 1] ^= 1;
  await assert.rejects(decryptContent({ ...enc, data: data.toString('base64') }, resolver()), (e: DecryptError) => e.reason === 'badSignature');
});

test('a data key wrapped for another certificate is reported, not crashed on', async () => {
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
  await assert.rejects(decryptContent(encrypt(message, other), resolver()), (e: DecryptError) => e.reason === 'badDataKey');
});

test('content without dataSignature decrypts but is marked unverified', async () => {
  const { dataSignature: _s, ...enc } = encrypt(message);
  const result = await decryptContent(enc as EncryptedContent, resolver());
  assert.deepEqual(result.json, message);
  assert.equal(result.signatureVerified, false);
  await assert.rejects(decryptContent(enc as EncryptedContent, resolver(), { allowMissingSignature: false }), (e: DecryptError) => e.reason === 'missingSignature');
});

test('malformed encryptedContent is a reason, not an exception of another kind', async () => {
  await assert.rejects(decryptContent({} as EncryptedContent, resolver()), (e: DecryptError) => e.reason === 'malformed');
});

test('a PKCS#1 private key works too', async () => {
  const store = new MemoryKeyStore();
  store.set('cert-1', createPrivateKey(pem).export({ type: 'pkcs1', format: 'pem' }) as string);
  const result = await decryptContent(encrypt(message), (id) => new KeyObjectCache(store).get(id));
  assert.deepEqual(result.json, message);
});
