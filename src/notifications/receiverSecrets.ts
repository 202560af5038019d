/**
 * The receiver's secrets: the clientState each subscription was created with, the private keys of
 * encryption certificates and the ngrok authtoken. The extension backs them with VS Code's
 * SecretStorage (passed in as `SecretStore`); only the public part of a certificate ever leaves.
 * No `vscode` import.
 */
import type { Logger } from '../util/logger';
import type { KeyStore } from './keyStore';
import { generateCertificate, importPemCertificate, type CertificateMaterial } from './certificates';

export const SECRET_CLIENT_STATE = 'graphSubscriptions.clientState.';
export const SECRET_CERT_KEY = 'graphSubscriptions.certificateKey.';
export const SECRET_NGROK_AUTHTOKEN = 'graphSubscriptions.ngrokAuthtoken';
/** Junk subscription ids from strangers must not grow the cache without end. */
const MAX_CACHED_CLIENT_STATES = 10_000;

/** What SecretStorage offers (structurally `vscode.SecretStorage`). */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  onDidChange(listener: (e: { key: string }) => unknown): { dispose(): unknown };
}

export interface PublicCertificate {
  encryptionCertificate: string;
  encryptionCertificateId: string;
}

export class ReceiverSecrets implements KeyStore {
  private readonly clientStateCache = new Map<string, Promise<string | undefined>>();
  private readonly watching: { dispose(): unknown };

  /** `addSecret`: every logger that must mask a clientState once it is known. */
  constructor(
    private readonly secrets: SecretStore,
    private readonly log: Logger,
    private readonly addSecret: (secret: string) => void,
  ) {
    // Read once per subscription, not per notification: SecretStorage is a round trip to the main
    // process, too slow for a burst of thousands a second. Another window may change a secret.
    this.watching = secrets.onDidChange((e) => {
      if (e.key.startsWith(SECRET_CLIENT_STATE)) this.clientStateCache.delete(e.key.slice(SECRET_CLIENT_STATE.length));
    });
  }

  clientState(subscriptionId: string): Promise<string | undefined> {
    let p = this.clientStateCache.get(subscriptionId);
    if (!p) {
      p = Promise.resolve(this.secrets.get(SECRET_CLIENT_STATE + subscriptionId));
      this.clientStateCache.set(subscriptionId, p);
      // A failed read is not remembered.
      p.catch(() => this.clientStateCache.delete(subscriptionId));
      if (this.clientStateCache.size > MAX_CACHED_CLIENT_STATES) this.clientStateCache.delete(this.clientStateCache.keys().next().value as string);
    }
    return p;
  }

  /** The stored clientState itself, not the cache (Replay puts it back into a stored body). */
  storedClientState(subscriptionId: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(SECRET_CLIENT_STATE + subscriptionId));
  }

  async rememberClientState(subscriptionId: string, clientState: string): Promise<void> {
    this.addSecret(clientState);
    this.clientStateCache.set(subscriptionId, Promise.resolve(clientState));
    await this.secrets.store(SECRET_CLIENT_STATE + subscriptionId, clientState);
  }

  getPrivateKeyPem(certificateId: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(SECRET_CERT_KEY + certificateId));
  }

  /** Keeps the private key in SecretStorage; only the public part leaves. */
  async keepCertificate(material: CertificateMaterial): Promise<PublicCertificate> {
    await this.secrets.store(SECRET_CERT_KEY + material.encryptionCertificateId, material.privateKeyPem);
    this.log.info(`Certificate ${material.encryptionCertificateId} (thumbprint ${material.thumbprint}) kept; its private key is in Secret Storage`);
    return { encryptionCertificate: material.encryptionCertificate, encryptionCertificateId: material.encryptionCertificateId };
  }

  async generateCertificate(): Promise<PublicCertificate> {
    return this.keepCertificate(await generateCertificate());
  }

  /** `warnings`: what does not stop the import (an expired certificate), for the user to see. */
  async importCertificate(pemText: string): Promise<PublicCertificate & { warnings?: string[] }> {
    const material = importPemCertificate(pemText);
    for (const w of material.warnings ?? []) this.log.warn(`Imported certificate: ${w}`);
    return { ...(await this.keepCertificate(material)), ...(material.warnings ? { warnings: material.warnings } : {}) };
  }

  async ngrokAuthtoken(): Promise<string | undefined> {
    const token = await this.secrets.get(SECRET_NGROK_AUTHTOKEN);
    this.log.addSecret(token);
    return token;
  }

  async setNgrokAuthtoken(token: string): Promise<void> {
    await this.secrets.store(SECRET_NGROK_AUTHTOKEN, token);
    this.log.addSecret(token);
  }

  dispose(): void {
    this.watching.dispose();
  }
}
