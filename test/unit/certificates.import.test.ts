/**
 * Importing the user's own encryption certificate: an expired one is allowed (Graph does not check
 * validity) but warned about; the PFX → PEM advice works with OpenSSL 3 on legacy PFX files.
 * Uses the real `openssl` binary (skipped where there is none).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importPemCertificate, PFX_TO_PEM_COMMANDS } from '../../src/notifications/certificates';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gs-cert-'));
}

/** A self-signed RSA-2048 certificate valid from `notBefore` to `notAfter` (openssl x509 -days cannot go back in time). */
function makeCertificate(dir: string, options: { expired?: boolean } = {}): { certPath: string; keyPath: string } {
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['genrsa', '-out', keyPath, '2048'], { stdio: 'ignore' });
  const args = ['req', '-new', '-x509', '-key', keyPath, '-out', certPath, '-subj', '/CN=graph-subscriptions-test'];
  // -not_before/-not_after need OpenSSL 3.4; a one-day certificate signed "yesterday" via faketime is not portable:
  // an expired certificate is made with `openssl x509 -days -1` through a CSR instead.
  if (options.expired) {
    const csr = path.join(dir, 'req.csr');
    execFileSync('openssl', ['req', '-new', '-key', keyPath, '-out', csr, '-subj', '/CN=graph-subscriptions-expired'], { stdio: 'ignore' });
    execFileSync('openssl', ['x509', '-req', '-in', csr, '-signkey', keyPath, '-out', certPath, '-days', '-1'], { stdio: 'ignore' });
  } else {
    execFileSync('openssl', [...args, '-days', '30'], { stdio: 'ignore' });
  }
  return { certPath, keyPath };
}

test('an expired certificate is imported, with a warning that says so', { skip: !hasOpenssl && 'no openssl' }, () => {
  const dir = tmp();
  const expired = makeCertificate(dir, { expired: true });
  const pem = fs.readFileSync(expired.certPath, 'utf8') + fs.readFileSync(expired.keyPath, 'utf8');
  const material = importPemCertificate(pem);
  assert.ok(material.encryptionCertificate.length > 0, 'still imported: Graph does not check validity');
  assert.equal(material.warnings?.length, 1);
  assert.match(material.warnings![0], /expired on \d{4}-\d\d-\d\d/);

  const fresh = makeCertificate(tmp());
  const ok = importPemCertificate(fs.readFileSync(fresh.certPath, 'utf8') + fs.readFileSync(fresh.keyPath, 'utf8'));
  assert.deepEqual(ok.warnings ?? [], []);
});

test('the PFX advice converts both a legacy (RC2/3DES) and a modern (AES) PFX with OpenSSL 3', { skip: !hasOpenssl && 'no openssl' }, () => {
  const dir = tmp();
  const { certPath, keyPath } = makeCertificate(dir);
  const legacy = path.join(dir, 'legacy.pfx');
  const modern = path.join(dir, 'modern.pfx');
  // What older Windows/.NET tooling exports: RC2-40 for the certificate, 3DES for the key.
  const legacyExport = spawnSync('openssl', ['pkcs12', '-export', '-legacy', '-in', certPath, '-inkey', keyPath, '-out', legacy, '-passout', 'pass:'], { stdio: 'ignore' });
  if (legacyExport.status !== 0) spawnSync('openssl', ['pkcs12', '-export', '-certpbe', 'PBE-SHA1-RC2-40', '-keypbe', 'PBE-SHA1-3DES', '-in', certPath, '-inkey', keyPath, '-out', legacy, '-passout', 'pass:'], { stdio: 'ignore' });
  execFileSync('openssl', ['pkcs12', '-export', '-in', certPath, '-inkey', keyPath, '-out', modern, '-passout', 'pass:'], { stdio: 'ignore' });

  for (const pfx of [legacy, modern]) {
    const out = path.join(dir, `${path.basename(pfx, '.pfx')}.pem`);
    // Follow the advice as a user would: the first command, and the -legacy one if that fails.
    let converted = false;
    for (const command of PFX_TO_PEM_COMMANDS) {
      const argv = command.split(' ').slice(1).map((a) => (a === 'cert.pfx' ? pfx : a === 'cert.pem' ? out : a));
      if (spawnSync('openssl', [...argv, '-passin', 'pass:'], { stdio: 'ignore' }).status === 0) {
        converted = true;
        break;
      }
    }
    assert.ok(converted, `no advised command converted ${path.basename(pfx)}`);
    const material = importPemCertificate(fs.readFileSync(out, 'utf8'));
    assert.ok(material.encryptionCertificate.length > 0);
  }
});

test('the error for a PFX file names both commands', () => {
  assert.throws(() => importPemCertificate('\u0030\u0082binary pfx'), (e: Error) => PFX_TO_PEM_COMMANDS.every((c) => e.message.includes(c)));
});
