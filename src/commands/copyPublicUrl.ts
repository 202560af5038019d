import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { CancelledError, UserFacingError } from '../util/errors';
import { copyUrl } from './copyToClipboard';
import type { CommandDeps } from './types';

/** Copies the public (else local) notification URL; `{ pick: true }` (the status bar) offers every receiver action. */
export const copyPublicUrl = (deps: CommandDeps) => async (arg?: { pick?: boolean }) => {
  const { receiver } = deps;
  const endpoints = receiver.endpoints();
  if (arg?.pick) {
    type Item = vscode.QuickPickItem & { run: () => unknown };
    const items: Item[] = [];
    const publicUrl = endpoints?.publicNotificationUrl;
    if (publicUrl) items.push({ label: '$(link) Copy public notification URL', description: publicUrl, run: () => copyUrl(publicUrl, 'public notification URL') });
    if (endpoints) items.push({ label: '$(link) Copy local notification URL', description: endpoints.localNotificationUrl, run: () => copyUrl(endpoints.localNotificationUrl, 'local notification URL') });
    items.push({ label: '$(check-all) Run handshake self-test', run: () => vscode.commands.executeCommand(CommandId.handshakeSelfTest) });
    items.push({ label: '$(output) Show notifications', run: () => receiver.showOutput() });
    items.push({ label: '$(book) Open history', run: () => vscode.commands.executeCommand(CommandId.openHistory) });
    if (receiver.tunnelUrl()) items.push({ label: '$(debug-disconnect) Stop tunnel', run: () => receiver.stopTunnel() });
    else items.push({ label: '$(globe) Start tunnel', run: () => vscode.commands.executeCommand(CommandId.startTunnel) });
    items.push({ label: '$(debug-stop) Stop receiver', run: () => receiver.stop() });
    const picked = await vscode.window.showQuickPick(items, { title: 'Graph notification receiver' });
    if (!picked) throw new CancelledError();
    return picked.run();
  }
  if (!endpoints) throw new UserFacingError('The receiver is not running.', [{ title: 'Start Receiver', command: CommandId.startReceiver }]);
  if (endpoints.publicNotificationUrl) return copyUrl(endpoints.publicNotificationUrl, 'public notification URL');
  return copyUrl(endpoints.localNotificationUrl, 'local notification URL (no tunnel: only this machine and the sandbox can reach it)');
};
