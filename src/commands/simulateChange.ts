import * as vscode from 'vscode';
import { reportSandboxDelivery } from '../tree/sandboxDeliveryReport';
import { CancelledError, UserFacingError } from '../util/errors';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/** Makes the Sandbox send change notifications for one of its subscriptions; resolves to true. */
export const simulateChange = (deps: CommandDeps) => async (arg?: TargetArg, options?: { changeType?: string; count?: number }) => {
  await deps.accounts.ensureSandbox();
  const { account, subscription } = await pickSubscription(deps, arg, true);
  const emulator = deps.accounts.sandboxEmulator();
  if (!account.isSandbox || !emulator) throw new UserFacingError('Simulating changes works only on the Sandbox account.');
  let changeType = options?.changeType;
  if (!changeType) {
    const types = subscription.changeType.split(',').map((t) => t.trim());
    changeType = types.length === 1 ? types[0] : await vscode.window.showQuickPick(types, { title: 'Change type to simulate' });
    if (!changeType) throw new CancelledError();
  }
  const delivery = await emulator.simulateChange(subscription.id, { changeType, count: options?.count ?? 1 });
  void reportSandboxDelivery(deps, delivery, { accountId: account.id, subscriptionId: subscription.id });
  deps.log.info(`Simulated ${changeType} on ${subscription.id} (${subscription.resource})`);
  return true;
};
