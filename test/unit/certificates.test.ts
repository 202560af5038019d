import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { constants, createPrivateKey, generateKeyPairSync, publicEncrypt, randomBytes, X509Certificate } from 'node:crypto';
import { certificatePem, CertificateImportError, generateCertificate, importPemCertificate } from '../../src/notifications/certificates';
import { KeyObjectCache, MemoryKeyStore } from '../../src/notifications/keyStore';
import { decryptWithKey } from '../../src/notifications/decryptContent';

test('generates an RSA-2048 self-signed certificate whose private key unwraps what its public key wraps', async () => {
  const material = await generateCertificate();
  assert.match(material.encryptionCertificate, /^MII[A-Za-z0-9+/=]+$/, 'base64 DER without PEM lines');
  assert.ok(material.encryptionCertificateId.length <= 128);
  const cert = new X509Certificate(Buffer.from(material.encryptionCertificate, 'base64'));
  assert.equal(cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  assert.match(material.thumbprint, /^[0-9A-F]{40}$/);
  assert.equal(cert.verify(cert.publicKey), true, 'self-signed: its own key verifies it');
  assert.equal(cert.ca, false);
  assert.ok(new Date(cert.validTo) > new Date(Date.now() + 364 * 86_400_000));
  assert.ok(new Date(cert.validFrom) <= new Date());
  assert.ok(cert.checkPrivateKey(createPrivateKey(material.privateKeyPem)));
  const k = randomBytes(32);
  const wrapped = publicEncrypt({ key: cert.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, k);
  const store = new MemoryKeyStore();
  store.set(material.encryptionCertificateId, material.privateKeyPem);
  const key = await new KeyObjectCache(store).get(material.encryptionCertificateId);
  assert.ok(key);
  // An unwrap that fails would throw badDataKey; a good one reaches the signature check.
  assert.throws(() => decryptWithKey({ data: '', dataKey: wrapped.toString('base64'), dataSignature: 'AAAA', encryptionCertificateId: 'x', encryptionCertificateThumbprint: '' }, key), /dataSignature/);
});

test('imports a PEM certificate with its key; rejects mismatched keys, small keys, non-PEM (PFX) input', async () => {
  const generated = await generateCertificate({ id: 'mine' });
  const pem = certificatePem(generated.encryptionCertificate) + generated.privateKeyPem;
  const imported = importPemCertificate(pem, { id: 'mine' });
  assert.equal(imported.encryptionCertificate, generated.encryptionCertificate);
  assert.equal(imported.thumbprint, generated.thumbprint);

  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  assert.throws(() => importPemCertificate(certificatePem(generated.encryptionCertificate) + otherKey), /does not belong/);
  assert.throws(() => importPemCertificate(certificatePem(generated.encryptionCertificate)), /No private key/);
  assert.throws(() => importPemCertificate('\u0030\u0082binary pfx'), (e: Error) => e instanceof CertificateImportError && /openssl pkcs12/.test(e.message));
});

test('certificates valid past 2049 use GeneralizedTime and still parse', async () => {
  const material = await generateCertificate({ validDays: 365 * 40 });
  const cert = new X509Certificate(Buffer.from(material.encryptionCertificate, 'base64'));
  assert.ok(new Date(cert.validTo).getUTCFullYear() >= 2060);
  assert.equal(cert.verify(cert.publicKey), true);
});
