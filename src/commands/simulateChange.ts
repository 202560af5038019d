import * as vscode from 'vscode';
import { TEAMS_LICENSES_URL } from '../catalog/index';
import { CommandId } from '../constants';
import { reportSandboxDelivery } from '../tree/sandboxDeliveryReport';
import { CancelledError, UserFacingError } from '../util/errors';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/**
 * Makes the Sandbox send change notifications for one of its subscriptions; resolves to true.
 * The user sees it happen: the Graph Notifications output comes forward (keeping the focus) and a
 * message says what was sent where, with "Simulate Again".
 */
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
  const count = options?.count ?? 1;
  const delivery = await emulator.simulateChange(subscription.id, { changeType, count });
  deps.log.info(`Simulated ${changeType} on ${subscription.id} (${subscription.resource})`);
  deps.receiver.showOutput();
  // Dropped after Graph's retries: the warning with the cause and the fix, not a "sent".
  if (delivery.dropped > 0) {
    void reportSandboxDelivery(deps, delivery, { accountId: account.id, subscriptionId: subscription.id });
    return true;
  }
  if (delivery.withheld) {
    // Evaluation mode past its quota: Graph sends nothing and says nothing (https://learn.microsoft.com/en-us/graph/teams-licenses).
    void vscode.window.showWarningMessage(
      `The Sandbox sent nothing for ${subscription.resource}: it runs in evaluation mode (no model=) and this month's evaluation quota is used up. Real Graph stops such notifications silently; recreate the subscription with model=A or model=B.`,
      'Open Licensing Docs',
    ).then((choice) => {
      if (choice === 'Open Licensing Docs') void vscode.commands.executeCommand('vscode.open', TEAMS_LICENSES_URL);
    });
    return true;
  }
  const what = `${count === 1 ? 'a' : count} "${changeType}" notification${count === 1 ? '' : 's'}`;
  void vscode.window.showInformationMessage(`The Sandbox sent ${what} for ${subscription.resource} to ${subscription.notificationUrl}.`, 'Simulate Again').then((choice) => {
    if (choice === 'Simulate Again') void vscode.commands.executeCommand(CommandId.simulateChange, { accountId: account.id, subscriptionId: subscription.id }, { changeType, count });
  });
  return true;
};
