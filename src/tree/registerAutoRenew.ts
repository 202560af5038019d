/**
 * Opt-in auto-renew (`graphSubscriptions.autoRenew.enabled`): the pure AutoRenewScheduler decides
 * when; SubscriptionActions.renewToMax does the renewing, as the tree's "Renew to Maximum" does.
 * The schedule is kept in globalState so a window reload keeps it.
 */
import * as vscode from 'vscode';
import { ConfigKey } from '../constants';
import { isGraphRequestError } from '../graph/errors';
import type { Services } from '../services';
import { affectsConfig, getConfig } from '../util/config';
import { AutoRenewScheduler, type ScheduleEntry } from './autoRenewScheduler';

const SCHEDULE_KEY = 'graphSubscriptions.autoRenew.schedule';

/**
 * The saved schedule (kept after every change), for readers outside the tree: the watchdog tells
 * "auto-renew failing" from it. Read-only.
 */
export function savedAutoRenewSchedule(state: vscode.Memento): readonly ScheduleEntry[] {
  return state.get<ScheduleEntry[]>(SCHEDULE_KEY) ?? [];
}

export function registerAutoRenew(services: Services): { scheduler: AutoRenewScheduler; run: () => Promise<void> } {
  const { context, log, store, accounts, clock, actions } = services;
  const scheduler = new AutoRenewScheduler({
    now: () => clock.nowMs(),
    leadMinutes: () => getConfig(ConfigKey.autoRenewLeadMinutes),
    recent: services.recentActions,
    renew: async (accountId, subscriptionId) => {
      const account = actions.account(accountId);
      const sub = store.subscriptions(accountId)?.find((s) => s.id === subscriptionId) ?? store.lastKnownDefinition(subscriptionId)?.subscription ?? (await account.client.get(subscriptionId));
      try {
        return await actions.renewToMax(account, sub, 'autoRenew');
      } catch (error) {
        // The scheduler needs the Graph status (a 404 drops the entry), not the message built from it.
        const cause = (error as { cause?: unknown }).cause;
        throw isGraphRequestError(cause) ? cause : error;
      }
    },
    save: (entries: ScheduleEntry[]) => void context.globalState.update(SCHEDULE_KEY, entries),
    log: log.child('autoRenew'),
  });
  scheduler.load(context.globalState.get<ScheduleEntry[]>(SCHEDULE_KEY));
  const enabled = () => getConfig(ConfigKey.autoRenewEnabled);
  const run = async () => {
    if (!enabled()) return;
    await scheduler.tick();
  };
  const runLogged = () => void run().catch((e: unknown) => log.error('Auto-renew failed', e));

  const timer = setInterval(runLogged, 30_000);
  context.subscriptions.push(
    { dispose: () => clearInterval(timer) },
    store.onDidChange((accountId) => {
      const ids = accountId ? [accountId] : accounts.list().map((a) => a.id);
      for (const id of ids) {
        const subs = store.subscriptions(id);
        if (subs) scheduler.update(id, subs);
      }
      if (enabled()) {
        const next = scheduler.nextDueAt();
        if (next !== undefined && next <= clock.nowMs()) runLogged();
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsConfig(e, ConfigKey.autoRenewEnabled) && enabled()) runLogged();
    }),
  );
  if (enabled()) runLogged();
  return { scheduler, run };
}
