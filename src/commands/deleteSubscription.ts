import * as vscode from 'vscode';
import { CancelledError } from '../util/errors';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/** Deletes after a modal confirmation (a programmatic caller may pass `{ confirm: false }`); resolves to true. */
export const deleteSubscription = (deps: CommandDeps) => async (arg?: TargetArg, options?: { confirm?: boolean }) => {
  const { account, subscription } = await pickSubscription(deps, arg);
  // Only a programmatic caller can pass `{ confirm: false }`; menus pass the tree node alone.
  if (options?.confirm !== false) {
    const answer = await vscode.window.showWarningMessage(
      `Delete the subscription to ${subscription.resource}?`,
      { modal: true, detail: `Graph stops sending its notifications (${subscription.changeType.split(',').join(', ')}) at once. Subscription ${subscription.id} on ${account.label}.` },
      'Delete',
    );
    if (answer !== 'Delete') throw new CancelledError();
  }
  await deps.actions.delete(account, subscription);
  void vscode.window.showInformationMessage(`Deleted the subscription to ${subscription.resource} (${account.label}).`);
  return true;
};
