import * as vscode from 'vscode';
import { CancelledError, UserFacingError } from '../util/errors';
import { addCertificate } from './insertCertificate';
import type { CommandDeps } from './types';

/** `openssl pkcs12 -in "<file>.pfx" -nodes -out "<file>.pem"` for the file the user picked. */
export function pfxToPemCommand(pfxPath: string): string {
  const pem = pfxPath.replace(/\.(pfx|p12)$/i, '.pem');
  return `openssl pkcs12 -in "${pfxPath}" -nodes -out "${pem}"`;
}

/** Imports a PEM certificate with its private key (a URI, or a file dialog) into the active (or a chosen) draft. */
export const importCertificate = (deps: CommandDeps) => async (arg?: vscode.Uri) => {
  const uri =
    arg instanceof vscode.Uri
      ? arg
      : (
          await vscode.window.showOpenDialog({
            title: 'Certificate with its private key',
            canSelectMany: false,
            // PFX/PKCS#12 is not read (see PFX_TO_PEM_COMMANDS), so it is not offered.
            filters: { 'PEM (certificate + private key)': ['pem', 'crt', 'key'] },
          })
        )?.[0];
  if (!uri) throw new CancelledError();
  if (/\.(pfx|p12)$/i.test(uri.fsPath)) {
    // Picked anyway (All Files, a drop, a URI): say how to convert it, with the command to copy.
    const command = pfxToPemCommand(uri.fsPath);
    const choice = await vscode.window.showWarningMessage(
      `PFX/PKCS#12 files are not read directly. Convert it to PEM first: ${command} (OpenSSL 3 with an older PFX: add -legacy), then import the .pem file.`,
      'Copy Command',
    );
    if (choice === 'Copy Command') await vscode.env.clipboard.writeText(command);
    return undefined;
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
