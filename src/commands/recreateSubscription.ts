import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { PUBLIC_LIFECYCLE_PLACEHOLDER } from '../editor/draftTemplate';
import { isGraphRequestError } from '../graph/errors';
import { CancelledError, UserFacingError } from '../util/errors';
import { shortId } from '../util/friendly';
import type { TargetArg } from './pickSubscription';
import { lifecycleUrlForRecreate } from './simulateLifecycleEvent';
import type { CommandDeps } from './types';

/**
 * Creates a subscription again from its last known definition; resolves to the new one. After a
 * 404 (removed) it posts the definition again; from the context menu or with `addLifecycleUrl`
 * (Simulate Lifecycle Event on a subscription without one) it replaces a subscription that still
 * exists, after a confirmation, since the new one gets a new id.
 */
export const recreateSubscription = (deps: CommandDeps) => async (arg?: TargetArg & { type?: string }, options?: { addLifecycleUrl?: boolean; confirm?: boolean }) => {
  const subscriptionId = arg?.subscriptionId ?? '';
  const known = deps.store.lastKnownDefinition(subscriptionId);
  // Ask Graph, not the tree: after a 404 the store may still list it, and a replace needs a confirmation.
  const stillListed = !!known && (await stillExists(deps, arg?.accountId ?? known.accountId, subscriptionId));
  const overrides: Record<string, string> = {};
  if (options?.addLifecycleUrl && known) {
    const url = await lifecycleUrlForRecreate(deps, arg?.accountId ?? known.accountId);
    if (url === PUBLIC_LIFECYCLE_PLACEHOLDER) {
      throw new UserFacingError('There is no public lifecycle URL yet: start a tunnel first.', [{ title: 'Start Tunnel', command: CommandId.startTunnel }]);
    }
    overrides.lifecycleNotificationUrl = url;
  }
  if (stillListed && options?.confirm !== false) {
    const answer = await vscode.window.showWarningMessage(
      `Replace the subscription to ${known!.subscription.resource} with a new one${overrides.lifecycleNotificationUrl ? ' that has a lifecycle URL' : ''}?`,
      { modal: true, detail: `The current subscription (${shortId(subscriptionId)}) is deleted and a new one is created with the same resource, change types and clientState; it gets a new id.` },
      'Recreate',
    );
    if (answer !== 'Recreate') throw new CancelledError();
  }
  const created = await deps.actions.recreate(subscriptionId, arg?.accountId, 'user', { overrides, replaceExisting: stillListed });
  void vscode.window.showInformationMessage(
    `Recreated the subscription to ${created.resource}${overrides.lifecycleNotificationUrl ? ' with a lifecycle URL' : ''} (new id ${shortId(created.id)}).`,
  );
  return created;
};

/** Whether Graph still has the subscription (anything but a 404 counts as "still there"). */
async function stillExists(deps: CommandDeps, accountId: string, subscriptionId: string): Promise<boolean> {
  const account = deps.accounts.get(accountId);
  if (!account) return false;
  try {
    await account.client.get(subscriptionId);
    return true;
  } catch (error) {
    return !(isGraphRequestError(error) && error.status === 404);
  }
}
