import * as vscode from 'vscode';
import { insertCertificate } from './insertCertificate';
import type { CommandDeps } from './types';

/** Creates an RSA-2048 certificate for rich notifications; its private key stays in SecretStorage. */
export const generateCertificate = (deps: CommandDeps) => async () => {
  const certificate = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Generating an RSA-2048 certificate…' },
    () => deps.receiver.generateCertificate(),
  );
  await insertCertificate(certificate);
  return certificate;
};
