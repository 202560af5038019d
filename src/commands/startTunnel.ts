import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { copyUrl } from './copyToClipboard';
import type { CommandDeps } from './types';

/** Opens the configured tunnel (ngrok or a custom URL); resolves to its public URL. */
export const startTunnel = (deps: CommandDeps) => async () => {
  const url = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the tunnel…' }, () => deps.receiver.startTunnel());
  if (url) {
    void vscode.window.showInformationMessage(`Tunnel up: ${url}/notifications`, 'Copy URL', 'Run Self-Test').then(async (choice) => {
      if (choice === 'Copy URL') await copyUrl(`${url}/notifications`, 'public notification URL');
      if (choice === 'Run Self-Test') await vscode.commands.executeCommand(CommandId.handshakeSelfTest);
    });
  }
  return url;
};
