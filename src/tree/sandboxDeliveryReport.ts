/**
 * A Sandbox delivery that failed after every retry is told where the user looks — a warning with
 * the likely cause and the next step — not only in the log. Graph retries and then drops a
 * notification its endpoint does not accept:
 * https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#notification-endpoint-validation
 */
import * as vscode from 'vscode';
import { CommandId } from '../constants';
import type { SandboxDelivery, Services } from '../services';

/** Why a delivery to `url` failed, as far as this window can tell, and the buttons that fix it. */
export function deliveryFailureAdvice(url: string, receiver: { localNotificationUrl: string } | undefined): { reason: string; buttons: string[] } {
  let target: URL | undefined;
  try {
    target = new URL(url);
  } catch {
    target = undefined;
  }
  const local = target !== undefined && (target.hostname === '127.0.0.1' || target.hostname === 'localhost');
  if (local && !receiver) return { reason: 'the receiver is stopped.', buttons: ['Start Receiver', 'Show Log'] };
  if (local && receiver && new URL(receiver.localNotificationUrl).port !== target!.port) {
    return { reason: `the receiver listens on port ${new URL(receiver.localNotificationUrl).port}, not ${target!.port}: update the subscription's notificationUrl.`, buttons: ['Edit Subscription', 'Show Log'] };
  }
  return { reason: 'the endpoint did not answer with a 2xx status (see the log for each attempt).', buttons: ['Show Log'] };
}

/** Shows the warning for a delivery with dropped notifications; does nothing when all arrived. */
export async function reportSandboxDelivery(services: Services, delivery: SandboxDelivery, subscription: { accountId: string; subscriptionId: string }): Promise<void> {
  if (delivery.dropped === 0) return;
  const { reason, buttons } = deliveryFailureAdvice(delivery.url, services.receiver.endpoints());
  const choice = await vscode.window.showWarningMessage(
    `The Sandbox could not deliver ${delivery.dropped} notification(s) to ${delivery.url} after retrying: ${reason}`,
    ...buttons,
  );
  if (choice === 'Start Receiver') await vscode.commands.executeCommand(CommandId.startReceiver);
  if (choice === 'Edit Subscription') await vscode.commands.executeCommand(CommandId.editSubscription, subscription);
  if (choice === 'Show Log') await vscode.commands.executeCommand(CommandId.showLog);
}
