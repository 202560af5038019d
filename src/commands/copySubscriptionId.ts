import * as vscode from 'vscode';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

export const copySubscriptionId = (deps: CommandDeps) => async (arg?: TargetArg) => {
  const { subscription } = await pickSubscription(deps, arg);
  await vscode.env.clipboard.writeText(subscription.id);
  // Named by what the user sees in the tree, then the id that was copied.
  void vscode.window.setStatusBarMessage(`Copied the id of the subscription to ${subscription.resource}: ${subscription.id}`, 3000);
  return subscription.id;
};
