/**
 * Encryption certificates for rich notifications (§8.1): RSA-2048 key pair and a self-signed
 * certificate made with `@peculiar/x509` over Node's WebCrypto; import of an existing PEM
 * certificate + private key. Returns what a subscription needs (`encryptionCertificate` = base64
 * DER without PEM lines, `encryptionCertificateId`) and what the key store keeps (the private key
 * PEM). No `vscode` import.
 */
import { createPrivateKey, createPublicKey, randomUUID, webcrypto, X509Certificate } from 'node:crypto';

export interface CertificateMaterial {
  /** Base64 DER of the certificate: the subscription's `encryptionCertificate`. */
  encryptionCertificate: string;
  /** App-chosen id (≤ 128 chars), echoed in each notification. */
  encryptionCertificateId: string;
  /** Uppercase hex SHA-1 of the DER (Graph's `encryptionCertificateThumbprint`). */
  thumbprint: string;
  /** PKCS#8 PEM; goes to SecretStorage, never to a file or the log. */
  privateKeyPem: string;
  notAfter: string;
}

function thumbprintOf(cert: X509Certificate): string {
  return cert.fingerprint.replace(/:/g, '').toUpperCase();
}

function toPem(label: string, der: ArrayBuffer | Buffer): string {
  const b64 = Buffer.from(der as ArrayBuffer).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

/** Generates an RSA-2048 key pair and a self-signed certificate valid for `validDays` (default 365). */
export async function generateCertificate(
  options: { commonName?: string; validDays?: number; id?: string; /** Subject alternative names (for TLS test servers). */ altNames?: { type: 'dns' | 'ip'; value: string }[] } = {},
): Promise<CertificateMaterial> {
  // Loaded lazily: @peculiar/x509 pulls in tsyringe + reflect-metadata, not needed at activation.
  const x509 = await import('@peculiar/x509');
  const crypto = webcrypto as unknown as Crypto;
  x509.cryptoProvider.set(crypto);
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 5 * 60_000);
  const notAfter = new Date(Date.now() + (options.validDays ?? 365) * 86_400_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
    name: `CN=${options.commonName ?? 'Graph Subscriptions notification encryption'}`,
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.digitalSignature, true),
      ...(options.altNames?.length ? [new x509.SubjectAlternativeNameExtension(options.altNames)] : []),
    ],
  });
  const der = Buffer.from(cert.rawData);
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  const nodeCert = new X509Certificate(der);
  return {
    encryptionCertificate: der.toString('base64'),
    encryptionCertificateId: options.id ?? `graph-subscriptions-${randomUUID()}`,
    thumbprint: thumbprintOf(nodeCert),
    privateKeyPem: toPem('PRIVATE KEY', pkcs8),
    notAfter: notAfter.toISOString(),
  };
}

export class CertificateImportError extends Error {
  override name = 'CertificateImportError';
}

/**
 * Imports a certificate and its private key from PEM text (one file with both blocks, or two).
 * Checks: RSA, 2048–4096 bits (§8.1), and that the private key belongs to the certificate.
 * PFX/PKCS#12 is not parsed (Node cannot, and a PKCS#12 decoder with its legacy ciphers is not
 * worth a dependency here): convert with `openssl pkcs12 -in cert.pfx -nodes -out cert.pem`.
 */
export function importPemCertificate(pemText: string, options: { id?: string } = {}): CertificateMaterial {
  if (/^\s*$/.test(pemText)) throw new CertificateImportError('The file is empty');
  if (!pemText.includes('-----BEGIN')) {
    throw new CertificateImportError('Not a PEM file. For a .pfx/.p12 file run: openssl pkcs12 -in cert.pfx -nodes -out cert.pem, then import cert.pem');
  }
  const certBlock = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pemText)?.[0];
  if (!certBlock) throw new CertificateImportError('No "BEGIN CERTIFICATE" block found');
  const keyBlock = /-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]*?-----END (RSA |ENCRYPTED )?PRIVATE KEY-----/.exec(pemText)?.[0];
  if (!keyBlock) throw new CertificateImportError('No private key block found: the key is needed to decrypt notifications');
  if (keyBlock.includes('ENCRYPTED')) throw new CertificateImportError('The private key is password-protected; export it unencrypted (openssl pkey -in key.pem -out plain.pem)');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certBlock);
  } catch (error) {
    throw new CertificateImportError(`Certificate could not be parsed: ${(error as Error).message}`);
  }
  const publicKey = createPublicKey(certBlock);
  if (publicKey.asymmetricKeyType !== 'rsa') throw new CertificateImportError(`Graph needs an RSA key; this certificate has ${publicKey.asymmetricKeyType ?? 'another type'}`);
  const bits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048 || bits > 4096) throw new CertificateImportError(`Graph needs a 2048–4096-bit RSA key; this one has ${bits} bits`);
  let privateKey;
  try {
    privateKey = createPrivateKey(keyBlock);
  } catch (error) {
    throw new CertificateImportError(`Private key could not be parsed: ${(error as Error).message}`);
  }
  if (!cert.checkPrivateKey(privateKey)) throw new CertificateImportError('The private key does not belong to this certificate');
  return {
    encryptionCertificate: cert.raw.toString('base64'),
    encryptionCertificateId: options.id ?? `imported-${thumbprintOf(cert).slice(0, 16).toLowerCase()}`,
    thumbprint: thumbprintOf(cert),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    notAfter: new Date(cert.validTo).toISOString(),
  };
}

/** PEM of a certificate from its base64 DER (for tests and "open certificate"). */
export function certificatePem(encryptionCertificate: string): string {
  return toPem('CERTIFICATE', Buffer.from(encryptionCertificate, 'base64'));
}
