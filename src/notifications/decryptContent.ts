/**
 * Decrypts `encryptedContent` exactly as https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data says:
 * 1. key chosen by `encryptionCertificateId`;
 * 2. K = RSA-OAEP (SHA-1, MGF1-SHA-1) decrypt of `dataKey`;
 * 3. HMAC-SHA256(K, base64decode(data)) compared with `dataSignature` — *before* decrypting;
 * 4. AES-256-CBC, PKCS7, key K, IV = K[0..16).
 * Each failure has a reason the output shows. The data key never leaves this function.
 */
import { constants, createDecipheriv, createHmac, privateDecrypt, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { EncryptedContent } from '../graph/types';

export type DecryptFailureReason =
  | 'unknownKey'
  | 'badDataKey'
  | 'missingSignature'
  | 'badSignature'
  | 'decryptFailed'
  | 'invalidJson'
  | 'malformed';

export class DecryptError extends Error {
  constructor(
    readonly reason: DecryptFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'DecryptError';
  }
}

export type KeyResolver = (certificateId: string) => Promise<KeyObject | undefined>;

export interface DecryptedContent {
  /** The resource JSON. */
  json: unknown;
  /** False only when `dataSignature` was absent (docs examples for Teams/AI omit it): content is unverified. */
  signatureVerified: boolean;
}

export interface DecryptOptions {
  /** Decrypt even without `dataSignature` (reported as unverified). Default true. */
  allowMissingSignature?: boolean;
}

export async function decryptContent(
  content: EncryptedContent,
  resolveKey: KeyResolver,
  options: DecryptOptions = {},
): Promise<DecryptedContent> {
  if (!content || typeof content.data !== 'string' || typeof content.dataKey !== 'string' || typeof content.encryptionCertificateId !== 'string') {
    throw new DecryptError('malformed', 'encryptedContent lacks data, dataKey or encryptionCertificateId');
  }
  const key = await resolveKey(content.encryptionCertificateId);
  if (!key) {
    throw new DecryptError('unknownKey', `No private key for encryptionCertificateId "${content.encryptionCertificateId}"`);
  }
  return decryptWithKey(content, key, options);
}

/** The synchronous core (also what the benchmark measures). */
export function decryptWithKey(content: EncryptedContent, privateKey: KeyObject, options: DecryptOptions = {}): DecryptedContent {
  let symmetricKey: Buffer;
  try {
    // OAEP with SHA-1 is Node's default oaepHash; stated explicitly because the rule is SHA-1.
    symmetricKey = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(content.dataKey, 'base64'));
  } catch {
    throw new DecryptError('badDataKey', 'dataKey could not be unwrapped with this certificate\'s private key (RSA-OAEP-SHA1)');
  }
  try {
    if (symmetricKey.length !== 32) {
      throw new DecryptError('badDataKey', `Unwrapped data key is ${symmetricKey.length} bytes; AES-256 needs 32`);
    }
    const data = Buffer.from(content.data, 'base64');
    let signatureVerified = false;
    if (typeof content.dataSignature === 'string' && content.dataSignature.length > 0) {
      const expected = createHmac('sha256', symmetricKey).update(data).digest();
      const given = Buffer.from(content.dataSignature, 'base64');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new DecryptError('badSignature', 'dataSignature does not match HMAC-SHA256 of data: content was tampered with or the wrong key was used');
      }
      signatureVerified = true;
    } else if (options.allowMissingSignature === false) {
      throw new DecryptError('missingSignature', 'encryptedContent has no dataSignature');
    }
    let plaintext: string;
    try {
      const decipher = createDecipheriv('aes-256-cbc', symmetricKey, symmetricKey.subarray(0, 16));
      plaintext = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptError('decryptFailed', 'AES-256-CBC decryption failed (bad padding or corrupt data)');
    }
    try {
      return { json: JSON.parse(plaintext) as unknown, signatureVerified };
    } catch {
      throw new DecryptError('invalidJson', 'Decrypted content is not JSON');
    }
  } finally {
    symmetricKey.fill(0);
  }
}
