import * as vscode from 'vscode';
import { CancelledError } from '../util/errors';
import type { CommandDeps } from './types';

/** Asks for the ngrok authtoken and keeps it in SecretStorage. */
export const setNgrokAuthtoken = (deps: CommandDeps) => async () => {
  const token = await vscode.window.showInputBox({
    title: 'ngrok authtoken',
    prompt: 'Kept in VS Code Secret Storage. Find it at dashboard.ngrok.com → Your Authtoken.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (/^\S{10,}$/.test(v.trim()) ? undefined : 'An authtoken is a long string without spaces'),
  });
  if (token === undefined) throw new CancelledError();
  await deps.receiver.setNgrokAuthtoken(token.trim());
  void vscode.window.showInformationMessage('ngrok authtoken saved in Secret Storage.');
};
