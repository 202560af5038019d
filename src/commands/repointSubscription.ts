import * as vscode from 'vscode';
import { moveNotificationUrls } from '../subscriptions/moveNotificationUrls';
import { UserFacingError } from '../util/errors';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';
import { CommandId } from '../constants';

/**
 * Points a subscription whose notificationUrl this receiver no longer serves (an old tunnel URL,
 * an old port) at what it serves now: the same PATCH as the "public URL changed" offer
 * (src/subscriptions/moveNotificationUrls.ts), for this one subscription. Resolves to the new URL.
 */
export const repointSubscription = (deps: CommandDeps) => async (arg?: TargetArg) => {
  const { account, subscription } = await pickSubscription(deps, arg);
  const where = deps.watchdog.endpoint(subscription.notificationUrl);
  if (where.kind === 'served') {
    void vscode.window.showInformationMessage(`${subscription.resource} already points at this receiver.`);
    return subscription.notificationUrl;
  }
  if (where.kind === 'receiverStopped') throw new UserFacingError('The receiver is stopped: start it, then re-point the subscription if its address changed.', [{ title: 'Start Receiver', command: CommandId.startReceiver }]);
  if (where.kind === 'tunnelDown') throw new UserFacingError(`${subscription.resource} points at a public URL of this receiver, and no tunnel is up: start the tunnel first.`, [{ title: 'Start Tunnel', command: CommandId.startTunnel }]);
  if (where.kind !== 'moved') throw new UserFacingError(`${subscription.resource} points at ${subscription.notificationUrl}, an address this receiver never served: edit the subscription to change it.`, [{ title: 'Edit Subscription', command: CommandId.editSubscription, args: [{ accountId: account.id, subscriptionId: subscription.id }] }]);
  const { updated } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Re-pointing ${subscription.resource} to ${where.newBase}…` },
    () => moveNotificationUrls({ accounts: { list: () => [account] }, store: deps.store, log: deps.log }, { oldUrl: where.oldBase, newUrl: where.newBase }, subscription.id),
  );
  if (updated !== 1) throw new UserFacingError(`Updating the notificationUrl of ${subscription.resource} failed (see the log).`, [{ title: 'Show Log', command: CommandId.showLog }]);
  const url = where.newBase + subscription.notificationUrl.slice(where.oldBase.length);
  void vscode.window.showInformationMessage(`${subscription.resource} now points at ${url}.`);
  return url;
};
