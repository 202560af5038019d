import * as vscode from 'vscode';
import type { TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/** Creates a removed (404) subscription again from its last known definition; resolves to the new one. */
export const recreateSubscription = (deps: CommandDeps) => async (arg?: TargetArg) => {
  const created = await deps.actions.recreate(arg?.subscriptionId ?? '', arg?.accountId, 'user');
  void vscode.window.showInformationMessage(`Recreated the subscription to ${created.resource} (new id ${created.id}).`);
  return created;
};
