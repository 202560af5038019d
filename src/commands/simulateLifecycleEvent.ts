import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { lifecycleUrlFor } from '../editor/endpoints';
import { lifecycleEventRefusal, lifecycleEventsFor } from '../emulator/lifecycle';
import type { LifecycleEvent } from '../graph/types';
import { reportSandboxDelivery } from '../tree/sandboxDeliveryReport';
import { CancelledError, expectedCondition, UserFacingError } from '../util/errors';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/**
 * Makes the Sandbox send a lifecycle event to a subscription's lifecycleNotificationUrl; resolves
 * to true. A subscription without one gets no lifecycle events from Graph: that is said first
 * (before asking for the event), with "Recreate with Lifecycle URL" as the next step. Only the
 * events Graph sends for the resource are offered (missed: Outlook items; subscriptionRemoved:
 * those and Teams chat messages): https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 */
export const simulateLifecycleEvent = (deps: CommandDeps) => async (arg?: TargetArg, eventArg?: LifecycleEvent) => {
  await deps.accounts.ensureSandbox();
  const { account, subscription } = await pickSubscription(deps, arg, true);
  const emulator = deps.accounts.sandboxEmulator();
  if (!account.isSandbox || !emulator) throw new UserFacingError('Simulating lifecycle events works only on the Sandbox account.');
  if (!subscription.lifecycleNotificationUrl) {
    throw expectedCondition(
      `The subscription to ${subscription.resource} has no lifecycleNotificationUrl, so Graph sends it no lifecycle events. A lifecycle URL cannot be added later: recreate the subscription with one.`,
      [{ title: 'Recreate with Lifecycle URL', command: CommandId.recreateSubscription, args: [{ accountId: account.id, subscriptionId: subscription.id }, { addLifecycleUrl: true }] }],
    );
  }
  const offered = lifecycleEventsFor(subscription.resource);
  const event =
    eventArg ??
    (offered.length === 1
      ? offered[0]
      : ((await vscode.window.showQuickPick([...offered], { title: `Lifecycle event to simulate (Graph sends these for ${subscription.resource})` })) as LifecycleEvent | undefined));
  if (!event) throw new CancelledError();
  const refusal = lifecycleEventRefusal(subscription.resource, event);
  if (refusal) throw new UserFacingError(refusal);
  const delivery = await emulator.simulateLifecycleEvent(subscription.id, event);
  deps.log.info(`Simulated lifecycle event ${event} on ${subscription.id}`);
  deps.receiver.showOutput();
  if (delivery.dropped > 0) {
    void reportSandboxDelivery(deps, delivery, { accountId: account.id, subscriptionId: subscription.id });
    return true;
  }
  void vscode.window.showInformationMessage(`The Sandbox sent "${event}" for ${subscription.resource} to ${subscription.lifecycleNotificationUrl}.`);
  return true;
};

/** The lifecycle URL a recreated Sandbox or tenant subscription gets: the running receiver's. */
export async function lifecycleUrlForRecreate(deps: CommandDeps, accountId: string): Promise<string> {
  const account = deps.accounts.get(accountId);
  const endpoints = deps.receiver.endpoints() ?? (await deps.receiver.ensureStarted());
  return lifecycleUrlFor(endpoints, account);
}
