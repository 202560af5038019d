import * as vscode from 'vscode';
import { friendlyExpiry } from '../util/friendly';
import { withGraphProgress } from './graphProgress';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/** Reauthorizes (does not extend the expiry); resolves to true. */
export const reauthorizeSubscription = (deps: CommandDeps) => async (arg?: TargetArg) => {
  const { account, subscription } = await pickSubscription(deps, arg);
  await withGraphProgress(`Reauthorizing ${subscription.resource}…`, () => deps.actions.reauthorize(account, subscription, 'user'));
  void vscode.window.showInformationMessage(`Reauthorized ${subscription.resource}. Its expiry is unchanged: it expires ${friendlyExpiry(subscription.expirationDateTime, deps.clock.now())}.`);
  return true;
};
