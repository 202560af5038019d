import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { CommandDeps } from './types';

/** Opens the notification history file (JSON lines). */
export const openHistory = (deps: CommandDeps) => async () => {
  const file = deps.receiver.historyFile();
  if (!fs.existsSync(file)) {
    void vscode.window.showInformationMessage('No notification has been received yet.');
    return;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc, { preview: true });
};
