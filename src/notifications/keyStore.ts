/**
 * Private keys of encryption certificates, looked up by `encryptionCertificateId` (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data: "choose
 * the key per notification by encryptionCertificateId"). The VS Code side backs this with
 * SecretStorage; tests use `MemoryKeyStore`. No `vscode` import.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';

export interface KeyStore {
  /** PKCS#8 (or PKCS#1) PEM of the private key, or undefined when the id is unknown. */
  getPrivateKeyPem(certificateId: string): Promise<string | undefined>;
}

export class MemoryKeyStore implements KeyStore {
  private readonly keys = new Map<string, string>();
  set(certificateId: string, pem: string): void {
    this.keys.set(certificateId, pem);
  }
  async getPrivateKeyPem(certificateId: string): Promise<string | undefined> {
    return this.keys.get(certificateId);
  }
}

/** Parses each PEM once; a rotated key (new PEM under the same id) is re-parsed. */
export class KeyObjectCache {
  private readonly cache = new Map<string, { pem: string; key: KeyObject }>();
  constructor(private readonly store: KeyStore) {}

  async get(certificateId: string): Promise<KeyObject | undefined> {
    const pem = await this.store.getPrivateKeyPem(certificateId);
    if (!pem) return undefined;
    const hit = this.cache.get(certificateId);
    if (hit && hit.pem === pem) return hit.key;
    const key = createPrivateKey(pem);
    this.cache.set(certificateId, { pem, key });
    return key;
  }
}
