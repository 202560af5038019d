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
      `Delete the subscription to ${subscription.changeType} on ${subscription.resource}?`,
      { modal: true, detail: `${subscription.id} on ${account.label}. Graph stops sending notifications at once.` },
      'Delete',
    );
    if (answer !== 'Delete') throw new CancelledError();
  }
  await deps.actions.delete(account, subscription);
  return true;
};
