import * as vscode from 'vscode';
import { CommandId, ConfigKey } from '../constants';
import { getConfig } from '../util/config';
import { copyUrl } from './copyToClipboard';
import type { CommandDeps } from './types';

/** Starts the receiver (and the configured tunnel); resolves to its endpoints. */
export const startReceiver = (deps: CommandDeps) => async () => {
  const endpoints = await deps.receiver.ensureStarted();
  const url = endpoints.publicNotificationUrl ?? endpoints.localNotificationUrl;
  // Not awaited: the command resolves with the endpoints while the message is still up.
  // A tunnel the user stopped stays stopped (even across reloads): offer it back here.
  const tunnelOff = getConfig(ConfigKey.tunnelMode) !== 'none' && !deps.receiver.tunnelUrl();
  const buttons = ['Copy URL', 'Show Notifications', ...(tunnelOff ? ['Start Tunnel'] : [])];
  void vscode.window.showInformationMessage(`Receiver listening: ${url}${tunnelOff ? ' (tunnel stopped)' : ''}`, ...buttons).then(async (choice) => {
    if (choice === 'Copy URL') await copyUrl(url, 'notification URL');
    if (choice === 'Show Notifications') deps.receiver.showOutput();
    if (choice === 'Start Tunnel') await vscode.commands.executeCommand(CommandId.startTunnel);
  });
  return endpoints;
};
