import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { copyUrl } from './copyToClipboard';
import type { CommandDeps } from './types';

/** Opens the configured tunnel (ngrok, a custom URL or the forwarded port); resolves to its public URL. */
export const startTunnel = (deps: CommandDeps) => async () => {
  const url = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the tunnel…' }, () => deps.receiver.startTunnel());
  if (url) {
    const note = deps.receiver.tunnelNote();
    void vscode.window.showInformationMessage(`Tunnel up: ${url}/notifications${note ? `. ${note}` : ''}`, 'Copy URL', 'Run Self-Test').then(async (choice) => {
      if (choice === 'Copy URL') await copyUrl(`${url}/notifications`, 'public notification URL');
      if (choice === 'Run Self-Test') await vscode.commands.executeCommand(CommandId.handshakeSelfTest);
    });
  }
  return url;
};
