/**
 * Encryption certificates for rich notifications (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data): an RSA-2048 key pair and a self-signed
 * X.509 v3 certificate, DER-encoded here and signed with Node's `crypto.sign` (the structure is
 * small and fixed, so no certificate library is bundled into the extension: `@peculiar/x509`
 * would add several hundred KB to activation for one call); import of an existing PEM
 * certificate + private key. Returns what a subscription needs (`encryptionCertificate` = base64
 * DER without PEM lines, `encryptionCertificateId`) and what the key store keeps (the private key
 * PEM). No `vscode` import.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

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

// ---- Minimal DER (X.690) ----
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, content]);
}
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
function integer(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && (b[i + 1] & 0x80) === 0) i++;
  const v = b.subarray(i);
  return tlv(0x02, v[0] & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}
function ipBytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), tlv(0x05, Buffer.alloc(0)));

export interface SelfSignedOptions {
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  /** Subject alternative names (for TLS test servers). */
  altNames?: { type: 'dns' | 'ip'; value: string }[];
}

/** DER of a self-signed X.509 v3 certificate (SHA-256 with RSA) for an existing RSA key pair. */
export function selfSignedCertificateDer(privateKey: KeyObject, publicKey: KeyObject, options: SelfSignedOptions): Buffer {
  const name = seq(set(seq(oid('2.5.4.3'), utf8(options.commonName))));
  const extensions = [
    seq(oid('2.5.29.19'), bool(true), octets(seq())), // basicConstraints: not a CA
    seq(oid('2.5.29.15'), bool(true), octets(bits(Buffer.from([0xa0]), 5))), // keyUsage: digitalSignature, keyEncipherment
  ];
  if (options.altNames?.length) {
    const names = options.altNames.map((n) => (n.type === 'ip' ? tlv(0x87, ipBytes(n.value)) : tlv(0x82, Buffer.from(n.value, 'ascii'))));
    extensions.push(seq(oid('2.5.29.17'), octets(seq(...names))));
  }
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive
  serial[0] |= 0x01; // and not shortened by DER
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    SHA256_WITH_RSA,
    name,
    seq(time(options.notBefore), time(options.notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...extensions)),
  );
  return seq(tbs, SHA256_WITH_RSA, bits(sign('sha256', tbs, privateKey)));
}

/** Generates an RSA-2048 key pair and a self-signed certificate valid for `validDays` (default 365). */
export async function generateCertificate(
  options: { commonName?: string; validDays?: number; id?: string; /** Subject alternative names (for TLS test servers). */ altNames?: { type: 'dns' | 'ip'; value: string }[] } = {},
): Promise<CertificateMaterial> {
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 5 * 60_000);
  const notAfter = new Date(notBefore.getTime() + 5 * 60_000 + (options.validDays ?? 365) * 86_400_000);
  const der = selfSignedCertificateDer(privateKey, publicKey, {
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
