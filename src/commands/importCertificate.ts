import * as vscode from 'vscode';
import { CancelledError, UserFacingError } from '../util/errors';
import { PFX_TO_PEM_ADVICE } from '../notifications/certificates';
import { addCertificate } from './insertCertificate';
import type { CommandDeps } from './types';

/** Imports a PEM certificate with its private key (a URI, or a file dialog) into the active (or a chosen) draft. */
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
    throw new UserFacingError(`PFX files are not read directly: ${PFX_TO_PEM_ADVICE}.`);
  }
  const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  return addCertificate(deps.editor, async () => {
    try {
      const imported = await deps.receiver.importCertificate(text);
      // Imported anyway (Graph does not check validity), but the user should know.
      for (const warning of imported.warnings ?? []) void vscode.window.showWarningMessage(warning);
      return imported;
    } catch (error) {
      throw new UserFacingError((error as Error).message);
    }
  });
};
