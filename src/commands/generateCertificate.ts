import * as vscode from 'vscode';
import { addCertificate } from './insertCertificate';
import type { CommandDeps } from './types';

/**
 * Creates an RSA-2048 certificate for rich notifications into the active (or a chosen) draft
 * that can take it; its private key stays in SecretStorage. Resolves to the public part.
 */
export const generateCertificate = (deps: CommandDeps) => async () =>
  addCertificate(deps.editor, async () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Generating an RSA-2048 certificate…' }, () => deps.receiver.generateCertificate()),
  );
