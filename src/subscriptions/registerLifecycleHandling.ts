/**
 * Turns the receiver's lifecycle events into SubscriptionActions calls — the same renew to
 * maximum, reauthorize and recreate as the tree's commands
 * (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events). What to do is
 * decided by the pure `decideLifecycle`; this module only asks the user when needed and reports
 * the outcome in the "Graph Notifications" output.
 */
import * as vscode from 'vscode';
import { ConfigKey } from '../constants';
import type { Subscription } from '../graph/types';
import { decideLifecycle, type LifecycleDecision } from '../notifications/lifecyclePolicy';
import { escapeControl } from '../notifications/formatNotification';
import type { ProcessedItem } from '../notifications/processNotification';
import type { Account, Services } from '../services';
import { getConfig } from '../util/config';
import { isTooSoonError } from './subscriptionActions';
import { shortId } from '../util/friendly';

export function registerLifecycleHandling(services: Services): void {
  const { receiver, log } = services;
  services.context.subscriptions.push(
    // A resync answers missed/subscriptionRemoved: the watchdog stops flagging them.
    services.resync.onDidResync((report) => services.watchdog.answerLifecycle(report.subscriptionId, 'resync')),
  );
  services.context.subscriptions.push(
    receiver.onDidReceiveLifecycleEvent((item) => {
      handleLifecycleEvent(services, item).catch((error: unknown) => {
        const what = `${escapeControl(item.lifecycleEvent ?? '?')} for ${escapeControl(item.subscriptionId)}`;
        log.error(`Lifecycle ${what} failed`, error);
        receiver.appendOutput(`✗ ${what}: ${error instanceof Error ? error.message : String(error)}`, 'error');
      });
    }),
  );
}

/** Which account holds a subscription: the tree's lists first, then the last known definition. */
function owner(services: Services, subscriptionId: string): { account: Account; subscription: Subscription } | undefined {
  for (const account of services.accounts.list()) {
    const subscription = services.store.subscriptions(account.id)?.find((s) => s.id === subscriptionId);
    if (subscription) return { account, subscription };
  }
  const known = services.store.lastKnownDefinition(subscriptionId);
  const account = known ? services.accounts.get(known.accountId) : undefined;
  return account && known ? { account, subscription: known.subscription } : undefined;
}

export async function handleLifecycleEvent(services: Services, item: ProcessedItem): Promise<void> {
  const { actions, receiver } = services;
  const id = item.subscriptionId;
  // For messages only: the id and event came from the network (the raw id is what is looked up).
  const shown = escapeControl(id);
  const event = escapeControl(item.lifecycleEvent ?? '?');
  if (!owner(services, id)) {
    // Not a subscription of any account here (another app's, a receiver check's, or forged):
    // nothing to renew or recreate, so no prompt for it.
    receiver.appendOutput(`${event} for ${shown}: not one of your accounts' subscriptions, nothing to do.`);
    return;
  }
  const decision = decideLifecycle(item.lifecycleEvent ?? '?', {
    trust: item.trust,
    autoRenew: getConfig(ConfigKey.autoRenewEnabled),
    // Auto-renew answers with a PATCH, which must not follow a reauthorize within 10 minutes.
    recent: services.recentActions.conflict(id, 'renew'),
    now: services.clock.nowMs(),
  });
  const act = async (what: 'renew' | 'reauthorize') => {
    const found = owner(services, id);
    if (!found) {
      receiver.appendOutput(`${event} for ${shown}: not one of your accounts' subscriptions in the tree, so nothing was sent.`);
      return;
    }
    try {
      if (what === 'renew') {
        const renewed = await actions.renewToMax(found.account, found.subscription, 'lifecycle');
        receiver.appendOutput(`Renewed ${id} until ${renewed.expirationDateTime} (a renewal also reauthorizes)`);
      } else {
        await actions.reauthorize(found.account, found.subscription, 'lifecycle');
        receiver.appendOutput(`Reauthorized ${id}`);
      }
    } catch (error) {
      if (!isTooSoonError(error)) throw error;
      receiver.appendOutput(`Skipped ${what} of ${id}: ${error.message}`);
    }
  };
  // In messages: the resource the user knows, with a short id (the full id is in the output).
  const known = owner(services, id);
  const named = known ? `the subscription to ${escapeControl(known.subscription.resource)} (${escapeControl(shortId(id))})` : `subscription ${shown}`;
  await carryOut(services, item, decision, act, shown, event, named);
}

async function carryOut(services: Services, item: ProcessedItem, decision: LifecycleDecision, act: (what: 'renew' | 'reauthorize') => Promise<void>, shown: string, event: string, named: string): Promise<void> {
  const { actions, receiver } = services;
  const id = item.subscriptionId;
  switch (decision.do) {
    case 'refuseUntrusted':
      receiver.appendOutput(`✗ not acting on ${event} for ${shown}: the notification failed its checks`, 'error');
      return;
    case 'confirmUnverified': {
      // Nothing proved Graph sent it: never acted on without the user, who sees why (modal).
      receiver.appendOutput(`? ${event} for ${shown} is unverified: ${decision.reason}; asking before acting`, 'warn');
      const proceed = 'Act on It Anyway';
      const choice = await vscode.window.showWarningMessage(
        `Unverified lifecycle event "${event}" for ${named}`,
        {
          modal: true,
          detail: `Not acted on by itself: ${decision.reason}. Anyone who knows your receiver URL can send such a notification. Act on it only if you expected it.`,
        },
        proceed,
      );
      if (choice === proceed) await carryOut(services, item, decision.then, act, shown, event, named);
      else receiver.appendOutput(`${event} for ${shown}: not acted on (unverified)`);
      return;
    }
    case 'wait':
      receiver.appendOutput(`${event} for ${shown}: not acting now, ${decision.reason}`);
      return;
    case 'renew':
    case 'reauthorize':
      await act(decision.do);
      return;
    case 'ask': {
      const choice = await vscode.window.showWarningMessage(`Graph asks to reauthorize ${named}: without it, notifications pause.`, 'Renew to Maximum', 'Reauthorize');
      if (choice) await act(choice === 'Reauthorize' ? 'reauthorize' : 'renew');
      return;
    }
    case 'offerRecreate': {
      const known = services.store.lastKnownDefinition(id);
      // Out of the tree before the question: the user may take a while to answer.
      const found = owner(services, id);
      if (found) actions.removedByGraph(found.account.id, id);
      const account = known ? services.accounts.get(known.accountId) : undefined;
      const canResync = !!known && !!account && services.resync.plan(known.subscription.resource).ok;
      const choice = await vscode.window.showWarningMessage(
        `Graph removed subscription ${shown}${known ? ` (${known.subscription.resource})` : ''}. ` +
          (canResync ? 'Resync lists what changed since the last notification (a delta query); Recreate subscribes again.' : 'Changes since then must be fetched separately (for example with a delta query).'),
        ...(known ? ['Recreate'] : []),
        ...(canResync ? ['Resync'] : []),
      );
      if (choice === 'Resync' && known && account) {
        await resyncNow(services, account, known.subscription);
      } else if (choice === 'Recreate' && known) {
        const created = await actions.recreate(id, known.accountId, 'lifecycle');
        receiver.appendOutput(`Recreated ${id} as ${created.id}`);
        if (canResync && account) {
          const again = await vscode.window.showInformationMessage(`Recreated the subscription to ${created.resource}. Resync to list what changed while it was removed?`, 'Resync');
          if (again === 'Resync') await resyncNow(services, account, known.subscription);
        }
        // The new subscription continues from the removed one's deltaLink.
        await services.resync.carryOver(id, created.id);
      }
      return;
    }
    case 'warnResync': {
      const found = owner(services, id);
      const canResync = !!found && services.resync.plan(found.subscription.resource).ok;
      const choice = await vscode.window.showWarningMessage(
        `Graph could not deliver some notifications for ${named} (for example while the endpoint was throttled). They cannot be resent: ` +
          (canResync ? 'Resync reads what changed with a delta query.' : 'resync the resource with a delta query.'),
        ...(canResync ? ['Resync'] : []),
      );
      if (choice === 'Resync' && found) await resyncNow(services, found.account, found.subscription);
      return;
    }
    case 'ignore':
      services.log.info(`${shown}: ${escapeControl(decision.reason)}`);
      return;
  }
}

/** Runs the resync the user chose on a lifecycle event; its outcome goes to the output and the report. */
async function resyncNow(services: Services, account: Account, subscription: Subscription): Promise<void> {
  const report = await services.resync.run(account, subscription);
  services.log.info(`Resync after a lifecycle event for ${subscription.id}: ${report.changes.length} change(s)`);
}
