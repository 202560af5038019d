/**
 * The receiver in the window: context keys `receiverRunning` / `tunnelRunning`, resuming after a
 * reload, "restart to apply" on settings changes (registerSettingsPrompt.ts), and the "public URL changed" offer. Its commands
 * are in src/commands/; its lifecycle events are handled by src/subscriptions/registerLifecycleHandling.ts.
 */
import * as vscode from 'vscode';
import { ContextKey } from '../constants';
import type { PublicUrlChange, Services } from '../services';
import { moveNotificationUrls, subscriptionsUsing } from '../subscriptions/moveNotificationUrls';
import { registerSettingsPrompt } from './registerSettingsPrompt';

export function registerReceiver(services: Services): void {
  const { context, log, receiver } = services;
  const syncContext = () => {
    void vscode.commands.executeCommand('setContext', ContextKey.receiverRunning, receiver.isRunning());
    void vscode.commands.executeCommand('setContext', ContextKey.tunnelRunning, receiver.tunnelUrl() !== undefined);
  };
  context.subscriptions.push(receiver.onDidChangeState(syncContext));
  syncContext();
  if (receiver.shouldResume()) {
    // It was running before the window reloaded: bring it back on the same port.
    receiver.ensureStarted().then(
      (endpoints) => log.info(`Receiver resumed after reload at ${endpoints.localNotificationUrl}`),
      (error: unknown) => log.error('The receiver could not resume after the reload; start it again with "Start Receiver"', error),
    );
  }
  context.subscriptions.push(
    receiver.onDidChangePublicUrl((change) => {
      offerMove(services, change).catch((error: unknown) => log.error('Updating notificationUrl after the public URL changed failed', error));
    }),
  );
  registerSettingsPrompt(services);
}

async function offerMove(services: Services, change: PublicUrlChange): Promise<void> {
  const deps = { accounts: services.accounts, store: services.store, log: services.log };
  const affected = subscriptionsUsing(deps, change.oldUrl);
  if (affected.length === 0) return;
  const what =
    change.what === 'local'
      ? `The receiver's old port was taken, so it now listens at ${change.newUrl} instead of ${change.oldUrl}.`
      : `The public URL changed from ${change.oldUrl} to ${change.newUrl}.`;
  const choice = await vscode.window.showInformationMessage(
    `${what} ${affected.length} subscription(s) still point at the old one and get no notifications until updated.`,
    'Update Subscriptions',
  );
  if (choice !== 'Update Subscriptions') return;
  const { updated, failed } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Updating notificationUrl…' },
    () => moveNotificationUrls(deps, change),
  );
  const message = `${updated} subscription(s) now point at ${change.newUrl}.${failed ? ` ${failed} failed (see the log).` : ''}`;
  if (failed) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
}
