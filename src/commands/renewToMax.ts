import * as vscode from 'vscode';
import { friendlyExpiry } from '../util/friendly';
import { withGraphProgress } from './graphProgress';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/** Renews to the latest expiration Graph accepts for the resource; resolves to the subscription. */
export const renewToMax = (deps: CommandDeps) => async (arg?: TargetArg) => {
  const { account, subscription } = await pickSubscription(deps, arg);
  const renewed = await withGraphProgress(`Renewing ${subscription.resource} to its maximum…`, () => deps.actions.renewToMax(account, subscription, 'user'));
  void vscode.window.showInformationMessage(`Renewed ${renewed.resource} to its maximum: it now expires ${friendlyExpiry(renewed.expirationDateTime, deps.clock.now())}.`);
  return renewed;
};
