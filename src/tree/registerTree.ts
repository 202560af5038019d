/**
 * The Subscriptions view: provider, badge of subscriptions needing attention, periodic refresh and
 * repaint, and opt-in auto-renew (src/tree/registerAutoRenew.ts). Its commands live in
 * src/commands/; renewals go through SubscriptionActions.
 */
import * as vscode from 'vscode';
import { ConfigKey, ViewId } from '../constants';
import type { Clock } from '../graph/clock';
import type { RecentActions } from '../graph/recentActions';
import type { Services } from '../services';
import { affectsConfig, getConfig } from '../util/config';
import type { AutoRenewScheduler } from './autoRenewScheduler';
import { registerAutoRenew } from './registerAutoRenew';
import { SubscriptionTreeProvider } from './subscriptionTreeProvider';
import { subscriptionState, type TreeNodeData } from './treeModel';

/** The view and auto-renew, for commands (reveal) and integration tests. */
export interface TreeHandle {
  readonly provider: SubscriptionTreeProvider;
  readonly view: vscode.TreeView<TreeNodeData>;
  readonly autoRenew: AutoRenewScheduler;
  readonly recentActions: RecentActions;
  readonly clock: Clock;
  /** Runs auto-renew once now (when enabled). */
  runAutoRenew(): Promise<void>;
}

export function registerTree(services: Services): TreeHandle {
  const { context, store, accounts, clock } = services;
  const provider = new SubscriptionTreeProvider(accounts, store, clock, services.watchdog, services.requestHeaders);
  const view = vscode.window.createTreeView(ViewId.subscriptions, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(provider, view);
  context.subscriptions.push(view.onDidChangeSelection((e) => accounts.select(e.selection[0]?.accountId)));

  const autoRenew = registerAutoRenew(services);

  // The view's badge counts subscriptions that need attention.
  const updateBadge = () => {
    const minutes = getConfig(ConfigKey.expiringSoonMinutes);
    const now = clock.now();
    let expiring = 0;
    let expired = 0;
    for (const a of accounts.list()) {
      for (const s of store.subscriptions(a.id) ?? []) {
        const state = subscriptionState(s.expirationDateTime, now, minutes);
        if (state === 'expiringSoon') expiring++;
        else if (state === 'expired') expired++;
      }
    }
    const total = expiring + expired;
    view.badge = total > 0 ? { value: total, tooltip: `${expiring} expiring within ${minutes} min, ${expired} expired` } : undefined;
  };
  context.subscriptions.push(store.onDidChange(updateBadge));

  const periodicRefresh = () => {
    const seconds = getConfig(ConfigKey.refreshIntervalSeconds);
    if (seconds <= 0) return undefined;
    return setInterval(() => {
      // Only accounts already shown: never start the sandbox from a timer.
      for (const a of accounts.list()) if (store.subscriptions(a.id) !== undefined || store.loadError(a.id)) void store.refresh(a.id);
    }, seconds * 1000);
  };
  let refreshTimer = periodicRefresh();
  const repaintTimer = setInterval(() => {
    provider.repaint();
    updateBadge();
  }, 30_000);
  context.subscriptions.push(
    { dispose: () => clearInterval(repaintTimer) },
    { dispose: () => refreshTimer && clearInterval(refreshTimer) },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsConfig(e, ConfigKey.refreshIntervalSeconds)) {
        if (refreshTimer) clearInterval(refreshTimer);
        refreshTimer = periodicRefresh();
      }
      if (affectsConfig(e, ConfigKey.expiringSoonMinutes)) provider.repaint();
    }),
  );

  return { provider, view, autoRenew: autoRenew.scheduler, recentActions: services.recentActions, clock, runAutoRenew: autoRenew.run };
}
