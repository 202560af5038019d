import * as vscode from 'vscode';
import { copyUrl } from './copyToClipboard';
import type { CommandDeps } from './types';

/** Starts the receiver (and the configured tunnel); resolves to its endpoints. */
export const startReceiver = (deps: CommandDeps) => async () => {
  const endpoints = await deps.receiver.ensureStarted();
  const url = endpoints.publicNotificationUrl ?? endpoints.localNotificationUrl;
  // Not awaited: the command resolves with the endpoints while the message is still up.
  void vscode.window.showInformationMessage(`Receiver listening: ${url}`, 'Copy URL', 'Show Notifications').then(async (choice) => {
    if (choice === 'Copy URL') await copyUrl(url, 'notification URL');
    if (choice === 'Show Notifications') deps.receiver.showOutput();
  });
  return endpoints;
};
