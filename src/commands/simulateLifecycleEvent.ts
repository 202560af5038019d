import * as vscode from 'vscode';
import { lifecycleEventRefusal, lifecycleEventsFor } from '../emulator/lifecycle';
import type { LifecycleEvent } from '../graph/types';
import { reportSandboxDelivery } from '../tree/sandboxDeliveryReport';
import { CancelledError, UserFacingError } from '../util/errors';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/** Makes the Sandbox send a lifecycle event to a subscription's lifecycleNotificationUrl; resolves to true. */
export const simulateLifecycleEvent = (deps: CommandDeps) => async (arg?: TargetArg, eventArg?: LifecycleEvent) => {
  await deps.accounts.ensureSandbox();
  const { account, subscription } = await pickSubscription(deps, arg, true);
  const emulator = deps.accounts.sandboxEmulator();
  if (!account.isSandbox || !emulator) throw new UserFacingError('Simulating lifecycle events works only on the Sandbox account.');
  // Offer only what Graph sends for this resource (missed: Outlook items; subscriptionRemoved: those and Teams chat messages).
  const offered = lifecycleEventsFor(subscription.resource);
  const event =
    eventArg ??
    ((await vscode.window.showQuickPick([...offered], { title: `Lifecycle event to simulate (Graph sends these for ${subscription.resource})` })) as LifecycleEvent | undefined);
  if (!event) throw new CancelledError();
  const refusal = lifecycleEventRefusal(subscription.resource, event);
  if (refusal) throw new UserFacingError(refusal);
  if (!subscription.lifecycleNotificationUrl) {
    throw new UserFacingError('This subscription has no lifecycleNotificationUrl, so Graph sends it no lifecycle events. Recreate it with one.');
  }
  const delivery = await emulator.simulateLifecycleEvent(subscription.id, event);
  void reportSandboxDelivery(deps, delivery, { accountId: account.id, subscriptionId: subscription.id });
  deps.log.info(`Simulated lifecycle event ${event} on ${subscription.id}`);
  return true;
};
