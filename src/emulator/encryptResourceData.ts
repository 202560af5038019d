/**
 * Rich-notification encryption, the inverse of the decryption steps in
 * https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#decrypting-resource-data-from-change-notifications:
 * random 32-byte key K; data = AES-256-CBC-PKCS7(K, IV = K[0..16)); dataSignature =
 * HMAC-SHA256(K, data bytes); dataKey = RSA-OAEP-SHA1(certificate public key, K);
 * thumbprint = uppercase hex SHA-1 of the certificate's DER.
 */
import { X509Certificate, constants, createCipheriv, createHash, createHmac, publicEncrypt, randomBytes } from 'node:crypto';
import type { EncryptedContent } from '../graph/types';

export interface SubscriptionCertificate {
  publicKey: X509Certificate['publicKey'];
  thumbprint: string;
}

/**
 * Parses `encryptionCertificate` (base64 DER, public key only). Tolerates PEM armour and
 * whitespace. Throws when it is not an RSA certificate of 2048–4096 bits.
 */
export function parseEncryptionCertificate(encryptionCertificate: string): SubscriptionCertificate {
  const b64 = encryptionCertificate.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  const der = Buffer.from(b64, 'base64');
  const cert = new X509Certificate(der);
  const publicKey = cert.publicKey;
  if (publicKey.asymmetricKeyType !== 'rsa') throw new Error('encryptionCertificate must hold an RSA public key.');
  const bits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048 || bits > 4096) throw new Error(`encryptionCertificate key must be 2048–4096 bits (got ${bits}).`);
  return { publicKey, thumbprint: createHash('sha1').update(cert.raw).digest('hex').toUpperCase() };
}

/** Encrypts one resource object for one notification item; a fresh key every call. */
export function encryptResourceData(
  resource: unknown,
  certificate: SubscriptionCertificate,
  encryptionCertificateId: string,
): EncryptedContent {
  const key = randomBytes(32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  const data = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final()]);
  const dataSignature = createHmac('sha256', key).update(data).digest('base64');
  const dataKey = publicEncrypt(
    { key: certificate.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    key,
  );
  return {
    data: data.toString('base64'),
    dataSignature,
    dataKey: dataKey.toString('base64'),
    encryptionCertificateId,
    encryptionCertificateThumbprint: certificate.thumbprint,
  };
}
