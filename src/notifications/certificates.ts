/**
 * Encryption certificates for rich notifications (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data): an RSA-2048 key pair and a self-signed
 * X.509 v3 certificate made by `@peculiar/x509`, loaded through src/lazy on first use so that
 * activation does not parse it (src/lazy/x509.ts); import of an existing PEM
 * certificate + private key. Returns what a subscription needs (`encryptionCertificate` = base64
 * DER without PEM lines, `encryptionCertificateId`) and what the key store keeps (the private key
 * PEM). No `vscode` import.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, randomUUID, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { loadLazy } from '../util/lazy';
import type * as X509Lib from '../lazy/x509';

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
  /** Things the user should know that do not stop the import (an expired certificate). */
  warnings?: string[];
}

/**
 * PFX → PEM with OpenSSL. OpenSSL 3 no longer reads the RC2/3DES encryption of PFX files that
 * older Windows and .NET tools export ("unsupported: RC2-40-CBC") without `-legacy`, which
 * OpenSSL 1.1 does not know: the first command for new files and OpenSSL 1.1, the second for
 * legacy files on OpenSSL 3 (https://docs.openssl.org/3.0/man1/openssl-pkcs12/).
 */
export const PFX_TO_PEM_COMMANDS = ['openssl pkcs12 -in cert.pfx -nodes -out cert.pem', 'openssl pkcs12 -legacy -in cert.pfx -nodes -out cert.pem'] as const;
export const PFX_TO_PEM_ADVICE = `convert it to PEM first: ${PFX_TO_PEM_COMMANDS[0]} (OpenSSL 3 with an older PFX: ${PFX_TO_PEM_COMMANDS[1]}), then import cert.pem`;

function thumbprintOf(cert: X509Certificate): string {
  return cert.fingerprint.replace(/:/g, '').toUpperCase();
}

function toPem(label: string, der: Buffer): string {
  return `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

export interface SelfSignedOptions {
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  /** Subject alternative names (for TLS test servers). */
  altNames?: { type: 'dns' | 'ip'; value: string }[];
}

const SHA256_WITH_RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/**
 * DER of a self-signed X.509 v3 certificate (SHA-256 with RSA, not a CA, digitalSignature +
 * keyEncipherment) for an existing RSA key pair, made by @peculiar/x509 (loaded on first use).
 */
export async function selfSignedCertificateDer(privateKey: KeyObject, publicKey: KeyObject, options: SelfSignedOptions): Promise<Buffer> {
  const x509 = loadLazy<typeof X509Lib>('x509');
  const keys = {
    privateKey: await webcrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), SHA256_WITH_RSA, false, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), SHA256_WITH_RSA, true, ['verify']),
  };
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive
  serial[0] |= 0x01; // and not shortened by DER
  const extensions: X509Lib.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
  ];
  if (options.altNames?.length) extensions.push(new x509.SubjectAlternativeNameExtension(options.altNames.map((n) => ({ type: n.type, value: n.value }))));
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: [{ CN: [options.commonName] }],
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    signingAlgorithm: SHA256_WITH_RSA,
    keys: keys as CryptoKeyPair,
    extensions,
  });
  return Buffer.from(cert.rawData);
}

/** Generates an RSA-2048 key pair and a self-signed certificate valid for `validDays` (default 365). */
export async function generateCertificate(
  options: { commonName?: string; validDays?: number; id?: string; /** Subject alternative names (for TLS test servers). */ altNames?: { type: 'dns' | 'ip'; value: string }[] } = {},
): Promise<CertificateMaterial> {
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 5 * 60_000);
  const notAfter = new Date(notBefore.getTime() + 5 * 60_000 + (options.validDays ?? 365) * 86_400_000);
  const der = await selfSignedCertificateDer(privateKey, publicKey, {
    commonName: options.commonName ?? 'Graph Subscriptions notification encryption',
    notBefore,
    notAfter,
    altNames: options.altNames,
  });
  const cert = new X509Certificate(der);
  return {
    encryptionCertificate: der.toString('base64'),
    encryptionCertificateId: options.id ?? `graph-subscriptions-${randomUUID()}`,
    thumbprint: thumbprintOf(cert),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    notAfter: notAfter.toISOString(),
  };
}

export class CertificateImportError extends Error {
  override name = 'CertificateImportError';
}

/**
 * Imports a certificate and its private key from PEM text (one file with both blocks, or two).
 * Checks: RSA, 2048–4096 bits (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data), and that the private key belongs to the certificate.
 * PFX/PKCS#12 is not parsed (Node cannot, and a PKCS#12 decoder with its legacy ciphers is not
 * worth a dependency here): see PFX_TO_PEM_COMMANDS. An expired (or not yet valid) certificate is
 * imported with a warning: Graph does not check the validity period of encryption certificates
 * (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#managing-encryption-keys),
 * but the user probably meant to pick a current one.
 */
export function importPemCertificate(pemText: string, options: { id?: string; now?: Date } = {}): CertificateMaterial {
  if (/^\s*$/.test(pemText)) throw new CertificateImportError('The file is empty');
  if (!pemText.includes('-----BEGIN')) {
    throw new CertificateImportError(`Not a PEM file. For a .pfx/.p12 file, ${PFX_TO_PEM_ADVICE}`);
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
  const now = options.now ?? new Date();
  const warnings: string[] = [];
  const validTo = new Date(cert.validTo);
  const validFrom = new Date(cert.validFrom);
  if (validTo < now) {
    warnings.push(`This certificate expired on ${validTo.toISOString().slice(0, 10)}. Graph does not check the validity period, so notifications will still be encrypted with it, but rotate to a current certificate when you can.`);
  } else if (validFrom > now) {
    warnings.push(`This certificate is not valid before ${validFrom.toISOString().slice(0, 10)}. Graph does not check the validity period, so it still works.`);
  }
  return {
    encryptionCertificate: cert.raw.toString('base64'),
    encryptionCertificateId: options.id ?? `imported-${thumbprintOf(cert).slice(0, 16).toLowerCase()}`,
    thumbprint: thumbprintOf(cert),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    notAfter: validTo.toISOString(),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** PEM of a certificate from its base64 DER (for tests and "open certificate"). */
export function certificatePem(encryptionCertificate: string): string {
  return toPem('CERTIFICATE', Buffer.from(encryptionCertificate, 'base64'));
}
