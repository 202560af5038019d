/**
 * `@peculiar/x509` (X.509 certificates over WebCrypto), bundled apart (dist/lazy/x509.js) and loaded
 * through `loadLazy('x509')` the first time a certificate is made (Generate Encryption Certificate,
 * the Sandbox's token-signing key), so activation does not parse it or its reflect-metadata/tsyringe.
 */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export {
  X509CertificateGenerator,
  BasicConstraintsExtension,
  KeyUsagesExtension,
  KeyUsageFlags,
  SubjectAlternativeNameExtension,
  type Extension,
} from '@peculiar/x509';
