import * as vscode from 'vscode';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

export const copySubscriptionId = (deps: CommandDeps) => async (arg?: TargetArg) => {
  const { subscription } = await pickSubscription(deps, arg);
  await vscode.env.clipboard.writeText(subscription.id);
  void vscode.window.setStatusBarMessage(`Copied subscription id ${subscription.id}`, 3000);
  return subscription.id;
};
