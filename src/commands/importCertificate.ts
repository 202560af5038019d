import * as vscode from 'vscode';
import type { CertificateMaterial } from '../notifications/certificates';
import { CancelledError, UserFacingError } from '../util/errors';
import { insertCertificate } from './insertCertificate';
import type { CommandDeps } from './types';

/** Imports a PEM certificate with its private key (a URI, or a file dialog). */
export const importCertificate = (deps: CommandDeps) => async (arg?: vscode.Uri) => {
  const uri =
    arg instanceof vscode.Uri
      ? arg
      : (
          await vscode.window.showOpenDialog({
            title: 'Certificate with its private key',
            canSelectMany: false,
            filters: { 'PEM (certificate + private key)': ['pem', 'crt', 'key'], 'PFX / PKCS#12': ['pfx', 'p12'] },
          })
        )?.[0];
  if (!uri) throw new CancelledError();
  if (/\.(pfx|p12)$/i.test(uri.fsPath)) {
    throw new UserFacingError('PFX files are not read directly. Convert it to PEM first: openssl pkcs12 -in cert.pfx -nodes -out cert.pem — then import cert.pem.');
  }
  const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  let material: CertificateMaterial;
  try {
    material = await deps.receiver.importCertificate(text);
  } catch (error) {
    throw new UserFacingError((error as Error).message);
  }
  await insertCertificate(material);
  return { encryptionCertificate: material.encryptionCertificate, encryptionCertificateId: material.encryptionCertificateId };
};
