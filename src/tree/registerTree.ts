/**
 * The Subscriptions view and its commands: refresh, sign in/out, sandbox, renew (to maximum, by a
 * duration, to a date), renew all expiring, reauthorize, delete, recreate, copy id, show JSON,
 * simulate change/lifecycle event (sandbox), and opt-in auto-renew.
 */
import * as vscode from 'vscode';
import { CommandId, CONFIG_SECTION, ConfigKey, ViewId } from '../constants';
import { registerCommand } from '../commands/registerCommand';
import type { AccountServiceImpl } from '../auth/accountService';
import { delegatedPermissionChoices, SANDBOX_ACCOUNT_ID } from '../auth/accountService';
import type { AppRegistration } from '../auth/msalAccounts';
import type { Clock } from '../graph/clock';
import { describeGraphError, GraphRequestError, isGraphRequestError, type GraphOperation } from '../graph/errors';
import type { RecentActions } from '../graph/recentActions';
import type { LifecycleEvent, Subscription, SubscriptionDraft } from '../graph/types';
import type { Account, Services } from '../services';
import { CancelledError, UserFacingError } from '../util/errors';
import type { Logger } from '../util/logger';
import { AutoRenewScheduler, type ScheduleEntry } from './autoRenewScheduler';
import { accountNode, SubscriptionTreeProvider } from './subscriptionTreeProvider';
import { maxRenewalExpiration, recreateDraft, subscriptionNodeId, subscriptionState, type TreeNodeData } from './treeModel';

const SCHEDULE_KEY = 'graphSubscriptions.autoRenew.schedule';

/** What integration tests reach through the extension API. */
export interface TreeHandle {
  readonly provider: SubscriptionTreeProvider;
  readonly view: vscode.TreeView<TreeNodeData>;
  readonly autoRenew: AutoRenewScheduler;
  readonly recentActions: RecentActions;
  readonly clock: Clock;
  /** Runs auto-renew once now (when enabled). */
  runAutoRenew(): Promise<void>;
}

/** A subscription chosen by a tree item or passed programmatically. */
interface TargetArg {
  accountId?: string;
  subscriptionId?: string;
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(CONFIG_SECTION);
}

export function registerTree(services: Services): TreeHandle {
  const { context, log, store } = services;
  const accounts = services.accounts as AccountServiceImpl;
  const clock = accounts.clock;
  // Shared with every account's client: renewals and reauthorizations from anywhere are recorded.
  const recent = accounts.recentActions;
  const saveRecent = () => accounts.saveRecentActions();

  const provider = new SubscriptionTreeProvider(accounts, store, clock);
  const view = vscode.window.createTreeView(ViewId.subscriptions, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(provider, view);
  context.subscriptions.push(
    view.onDidChangeSelection((e) => accounts.select(e.selection[0]?.accountId)),
  );

  // ----- helpers -----
  const accountOf = (id: string | undefined): Account => {
    const account = id ? accounts.get(id) : undefined;
    if (!account) throw new UserFacingError('That account is no longer signed in.', [{ title: 'Sign In', command: CommandId.signIn }]);
    return account;
  };

  const graphError = async (error: unknown, operation: GraphOperation, account: Account, sub?: Subscription | SubscriptionDraft): Promise<UserFacingError> => {
    if (error instanceof UserFacingError || error instanceof CancelledError) return error as UserFacingError;
    let granted: string[] | undefined;
    try {
      granted = await account.grantedPermissions();
    } catch {
      granted = undefined;
    }
    return describeGraphError(error, {
      operation,
      subscription: sub,
      account: { id: account.id, label: account.label, kind: account.kind, isSandbox: account.isSandbox },
      grantedPermissions: granted,
    });
  };

  const findCached = (accountId: string, subscriptionId: string): Subscription | undefined =>
    store.subscriptions(accountId)?.find((s) => s.id === subscriptionId) ?? store.lastKnownDefinition(subscriptionId)?.subscription;

  /** Resolves the argument (tree node or `{accountId, subscriptionId}`), or asks. */
  const target = async (arg: unknown, onlySandbox = false): Promise<{ account: Account; subscription: Subscription }> => {
    const a = (arg ?? {}) as TargetArg;
    if (a.subscriptionId) {
      const accountId = a.accountId ?? store.lastKnownDefinition(a.subscriptionId)?.accountId ?? accounts.list().find((acc) => store.subscriptions(acc.id)?.some((s) => s.id === a.subscriptionId))?.id;
      const account = accountOf(accountId);
      const cached = findCached(account.id, a.subscriptionId);
      if (cached) return { account, subscription: cached };
      try {
        return { account, subscription: await account.client.get(a.subscriptionId) };
      } catch (error) {
        throw await graphError(error, 'get', account, undefined);
      }
    }
    if (onlySandbox && store.subscriptions(SANDBOX_ACCOUNT_ID) === undefined) await store.refresh(SANDBOX_ACCOUNT_ID);
    const candidates = accounts
      .list()
      .filter((acc) => !onlySandbox || acc.isSandbox)
      .flatMap((acc) => (store.subscriptions(acc.id) ?? []).map((s) => ({ account: acc, subscription: s })));
    if (candidates.length === 0) throw new UserFacingError(onlySandbox ? 'The sandbox has no subscriptions yet.' : 'No subscriptions are loaded.', [{ title: 'Create Subscription', command: CommandId.createSubscription }]);
    const pick = await vscode.window.showQuickPick(
      candidates.map((c) => ({ label: c.subscription.resource, description: `${c.subscription.changeType} · ${c.account.label}`, detail: c.subscription.id, c })),
      { title: 'Choose a subscription', matchOnDetail: true },
    );
    if (!pick) throw new CancelledError();
    return pick.c;
  };

  // ----- core actions (used by commands and auto-renew) -----
  const renewTo = async (account: Account, sub: Subscription, expiration: Date, by: 'user' | 'autoRenew'): Promise<Subscription> => {
    const conflict = recent.conflict(sub.id, 'renew');
    if (conflict && by === 'user') {
      throw new UserFacingError(
        `A reauthorize was sent for this subscription at ${new Date(conflict.at).toLocaleTimeString()}. Graph asks for 10 minutes between a reauthorize and a renewal: try again after ${new Date(conflict.allowedAt).toLocaleTimeString()}.`,
      );
    }
    try {
      const updated = await account.client.update(sub.id, { expirationDateTime: expiration.toISOString() });
      saveRecent();
      store.upsert(account.id, updated);
      log.info(`${by === 'autoRenew' ? 'Auto-renew' : 'Renew'}: ${sub.id} (${sub.resource}) on ${account.label} now expires ${updated.expirationDateTime}`);
      return updated;
    } catch (error) {
      if (error instanceof GraphRequestError && error.status === 404) store.remove(account.id, sub.id);
      throw await graphError(error, 'renew', account, sub);
    }
  };

  const renewToMax = (account: Account, sub: Subscription, by: 'user' | 'autoRenew') => renewTo(account, sub, maxRenewalExpiration(sub, clock.now()).expiration, by);

  // ----- auto-renew -----
  const scheduler = new AutoRenewScheduler({
    now: () => clock.nowMs(),
    leadMinutes: () => config().get<number>(ConfigKey.autoRenewLeadMinutes, 30),
    recent,
    renew: async (accountId, subscriptionId) => {
      const account = accountOf(accountId);
      const sub = findCached(accountId, subscriptionId) ?? (await account.client.get(subscriptionId));
      try {
        return await renewToMax(account, sub, 'autoRenew');
      } catch (error) {
        // keep the status for the scheduler (404 drops the entry)
        const cause = (error as { cause?: unknown }).cause;
        throw cause instanceof GraphRequestError ? cause : error;
      }
    },
    save: (entries: ScheduleEntry[]) => void context.globalState.update(SCHEDULE_KEY, entries),
    log: log.child('autoRenew'),
  });
  scheduler.load(context.globalState.get<ScheduleEntry[]>(SCHEDULE_KEY));
  const autoRenewEnabled = () => config().get<boolean>(ConfigKey.autoRenewEnabled, false);
  const runAutoRenew = async () => {
    if (!autoRenewEnabled()) return;
    const outcomes = await scheduler.tick();
    if (outcomes.some((o) => o.kind === 'renewed' || o.kind === 'gone')) saveRecent();
  };
  context.subscriptions.push(
    store.onDidChange((accountId) => {
      const ids = accountId ? [accountId] : accounts.list().map((a) => a.id);
      for (const id of ids) {
        const subs = store.subscriptions(id);
        if (subs) scheduler.update(id, subs);
      }
      if (autoRenewEnabled()) {
        const next = scheduler.nextDueAt();
        if (next !== undefined && next <= clock.nowMs()) void runAutoRenew();
      }
    }),
  );

  // The view's badge counts subscriptions that need attention.
  const updateBadge = () => {
    const minutes = config().get<number>(ConfigKey.expiringSoonMinutes, 60);
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

  // ----- periodic work -----
  const timers: NodeJS.Timeout[] = [];
  const periodicRefresh = () => {
    const seconds = config().get<number>(ConfigKey.refreshIntervalSeconds, 60);
    if (seconds <= 0) return undefined;
    return setInterval(() => {
      // Only accounts already shown: never start the sandbox from a timer.
      for (const a of accounts.list()) if (store.subscriptions(a.id) !== undefined || store.loadError(a.id)) void store.refresh(a.id);
    }, seconds * 1000);
  };
  let refreshTimer = periodicRefresh();
  timers.push(
    setInterval(() => {
      provider.repaint();
      updateBadge();
    }, 30_000),
  );
  timers.push(setInterval(() => void runAutoRenew().catch((e: unknown) => log.error('Auto-renew failed', e)), 30_000));
  if (autoRenewEnabled()) void runAutoRenew().catch((e: unknown) => log.error('Auto-renew failed', e));
  context.subscriptions.push(
    { dispose: () => timers.forEach((t) => clearInterval(t)) },
    { dispose: () => refreshTimer && clearInterval(refreshTimer) },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${CONFIG_SECTION}.${ConfigKey.refreshIntervalSeconds}`)) {
        if (refreshTimer) clearInterval(refreshTimer);
        refreshTimer = periodicRefresh();
      }
      if (e.affectsConfiguration(`${CONFIG_SECTION}.${ConfigKey.expiringSoonMinutes}`)) provider.repaint();
      if (e.affectsConfiguration(`${CONFIG_SECTION}.${ConfigKey.autoRenewEnabled}`) && autoRenewEnabled()) void runAutoRenew();
    }),
  );

  // ----- commands -----
  registerCommand(context, log, CommandId.refresh, async (arg?: TargetArg) => {
    await store.refresh(arg?.accountId);
  });

  registerCommand(context, log, CommandId.openSandbox, async () => {
    const account = await accounts.ensureSandbox();
    await store.refresh(account.id);
    await vscode.commands.executeCommand(`${ViewId.subscriptions}.focus`);
    try {
      await view.reveal(accountNode(account), { expand: true, select: true });
    } catch {
      // the view may not be visible (e.g. tests without a workbench); the tree is loaded anyway
    }
    return account.id;
  });

  registerCommand(context, log, CommandId.signIn, async (arg?: { addAppRegistration?: boolean; accountId?: string; scopes?: string[] }) => {
    if (arg?.addAppRegistration) {
      const reg = await accounts.msal.addRegistration();
      return accounts.msal.signIn(reg);
    }
    // "Sign In Again" from a 403/401: same account kind, maybe with more scopes.
    if (arg?.accountId?.startsWith('vscode:')) {
      const account = accounts.get(arg.accountId);
      const current = (await account?.grantedPermissions()) ?? [];
      return accounts.signInWithVsCode([...new Set([...current, ...(arg.scopes ?? [])])]);
    }
    if (arg?.accountId?.startsWith('msal:')) {
      const reg = accounts.msal.registrationsList().find((r) => `msal:${r.cloud}:${r.tenantId}:${r.clientId}:${r.flow}` === arg.accountId);
      if (reg) return accounts.msal.signIn(reg);
    }
    type Pick = vscode.QuickPickItem & { run: () => PromiseLike<unknown> };
    const items: Pick[] = [
      {
        label: '$(account) Microsoft account (VS Code sign-in)',
        detail: "Quickest. Graph then lists only subscriptions created with VS Code's application id.",
        run: async () => {
          const picked = await vscode.window.showQuickPick(
            delegatedPermissionChoices().map((c) => ({ label: c.permission, description: c.resources.join(', '), picked: c.permission === 'Mail.Read' })),
            { title: 'Graph permissions to request (delegated)', canPickMany: true, ignoreFocusOut: true, matchOnDescription: true },
          );
          if (!picked || picked.length === 0) throw new CancelledError();
          return accounts.signInWithVsCode(picked.map((p) => p.label));
        },
      },
      ...accounts.msal.registrationsList().map(
        (reg: AppRegistration): Pick => ({
          label: `$(key) ${reg.label ?? reg.clientId}`,
          description: `${reg.flow} · ${reg.cloud} · ${reg.tenantId}`,
          run: () => accounts.msal.signIn(reg),
        }),
      ),
      { label: '$(add) Add your own app registration…', detail: 'Browser, device code, client secret or certificate; any Microsoft cloud.', run: async () => accounts.msal.signIn(await accounts.msal.addRegistration()) },
      { label: '$(beaker) Open the Sandbox', detail: 'Local Graph emulator: no sign-in.', run: () => vscode.commands.executeCommand(CommandId.openSandbox) },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'Sign in to Microsoft Graph', ignoreFocusOut: true });
    if (!pick) throw new CancelledError();
    const result = await pick.run();
    await store.refresh();
    return result;
  });

  registerCommand(context, log, CommandId.signOut, async (arg?: TargetArg) => {
    let id = arg?.accountId;
    if (!id) {
      const candidates = accounts.list().filter((a) => !a.isSandbox);
      if (candidates.length === 0) throw new UserFacingError('No account is signed in (the Sandbox needs no sign-in).');
      const pick = await vscode.window.showQuickPick(candidates.map((a) => ({ label: a.label, id: a.id })), { title: 'Sign out of' });
      if (!pick) throw new CancelledError();
      id = pick.id;
    }
    if (id === SANDBOX_ACCOUNT_ID) throw new UserFacingError('The Sandbox needs no sign-in. Turn it off with the graphSubscriptions.sandbox.enabled setting.', [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: [`${CONFIG_SECTION}.${ConfigKey.sandboxEnabled}`] }]);
    await accounts.signOut(id);
    scheduler.removeAccount(id);
  });

  registerCommand(context, log, CommandId.renewToMax, async (arg?: TargetArg) => {
    const { account, subscription } = await target(arg);
    return renewToMax(account, subscription, 'user');
  });

  registerCommand(context, log, CommandId.renewSubscription, async (arg?: TargetArg & { expirationDateTime?: string }) => {
    const { account, subscription } = await target(arg);
    if (arg?.expirationDateTime) return renewTo(account, subscription, new Date(arg.expirationDateTime), 'user');
    const now = clock.now();
    const max = maxRenewalExpiration(subscription, now);
    const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
    type Pick = vscode.QuickPickItem & { at?: Date; exact?: boolean };
    const options: Pick[] = [
      { label: 'To the maximum', description: `${max.expiration.toLocaleString()}${max.known ? '' : ' (resource not in the catalog: 4,230 min)'}`, at: max.expiration },
      ...[
        ['1 hour', 1],
        ['1 day', 24],
        ['3 days', 72],
        ['7 days', 168],
      ]
        .map(([label, h]) => ({ label: `By ${label}`, at: hours(h as number) }))
        .filter((p) => p.at.getTime() <= max.expiration.getTime())
        .map((p) => ({ ...p, description: p.at.toLocaleString() })),
      { label: 'To an exact date and time…', exact: true },
    ];
    const pick = await vscode.window.showQuickPick(options, { title: `Renew ${subscription.resource}` });
    if (!pick) throw new CancelledError();
    let at = pick.at;
    if (pick.exact) {
      const text = await vscode.window.showInputBox({
        title: 'New expiration (ISO 8601, UTC)',
        value: max.expiration.toISOString(),
        validateInput: (v) => {
          const t = Date.parse(v);
          if (!Number.isFinite(t)) return 'Not a date, e.g. 2030-01-01T12:00:00Z';
          if (t > max.expiration.getTime() + 60_000) return `Beyond the resource's maximum (${max.expiration.toISOString()})`;
          return undefined;
        },
      });
      if (!text) throw new CancelledError();
      at = new Date(text);
    }
    return renewTo(account, subscription, at!, 'user');
  });

  registerCommand(context, log, CommandId.renewAllExpiring, async () => {
    const minutes = config().get<number>(ConfigKey.expiringSoonMinutes, 60);
    const now = clock.now();
    const due = accounts
      .list()
      .flatMap((a) => (store.subscriptions(a.id) ?? []).filter((s) => subscriptionState(s.expirationDateTime, now, minutes) === 'expiringSoon').map((s) => ({ a, s })));
    if (due.length === 0) {
      void vscode.window.showInformationMessage(`No subscription expires within ${minutes} minutes.`);
      return { renewed: 0, failed: 0 };
    }
    let renewed = 0;
    const failures: string[] = [];
    for (const { a, s } of due) {
      try {
        await renewToMax(a, s, 'user');
        renewed++;
      } catch (error) {
        failures.push(`${s.resource}: ${error instanceof Error ? error.message : String(error)}`);
        log.warn(`Renew all expiring: ${s.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) throw new UserFacingError(`Renewed ${renewed} of ${due.length} expiring subscriptions; ${failures.length} failed: ${failures[0]}`);
    void vscode.window.showInformationMessage(`Renewed ${renewed} expiring subscription${renewed === 1 ? '' : 's'} to their maximum.`);
    return { renewed, failed: 0 };
  });

  registerCommand(context, log, CommandId.reauthorizeSubscription, async (arg?: TargetArg) => {
    const { account, subscription } = await target(arg);
    const conflict = recent.conflict(subscription.id, 'reauthorize');
    if (conflict) {
      throw new UserFacingError(
        `This subscription was renewed at ${new Date(conflict.at).toLocaleTimeString()}, which reauthorized it too. Graph asks for 10 minutes between a renewal and a reauthorize: try again after ${new Date(conflict.allowedAt).toLocaleTimeString()}.`,
      );
    }
    try {
      await account.client.reauthorize(subscription.id);
    } catch (error) {
      if (error instanceof GraphRequestError && error.status === 404) store.remove(account.id, subscription.id);
      throw await graphError(error, 'reauthorize', account, subscription);
    }
    saveRecent();
    log.info(`Reauthorized ${subscription.id} (${subscription.resource}) on ${account.label}`);
    void vscode.window.showInformationMessage(`Reauthorized ${subscription.resource}. (Reauthorizing does not extend the expiry.)`);
    return true;
  });

  registerCommand(context, log, CommandId.deleteSubscription, async (arg?: TargetArg, options?: { confirm?: boolean }) => {
    const { account, subscription } = await target(arg);
    // Only a programmatic caller can pass `{ confirm: false }`; menus pass the tree node alone.
    if (options?.confirm !== false) {
      const answer = await vscode.window.showWarningMessage(
        `Delete the subscription to ${subscription.changeType} on ${subscription.resource}?`,
        { modal: true, detail: `${subscription.id} on ${account.label}. Graph stops sending notifications at once.` },
        'Delete',
      );
      if (answer !== 'Delete') throw new CancelledError();
    }
    try {
      await account.client.delete(subscription.id);
    } catch (error) {
      if (!(error instanceof GraphRequestError && error.status === 404)) throw await graphError(error, 'delete', account, subscription);
      log.info(`Delete: ${subscription.id} was already gone (404)`);
    }
    store.remove(account.id, subscription.id);
    log.info(`Deleted ${subscription.id} (${subscription.resource}) on ${account.label}`);
    return true;
  });

  registerCommand(context, log, CommandId.recreateSubscription, async (arg?: TargetArg) => {
    const id = arg?.subscriptionId;
    const known = id ? store.lastKnownDefinition(id) : undefined;
    if (!known) throw new UserFacingError('The definition of that subscription is not known any more; create it again from the editor.', [{ title: 'Create Subscription', command: CommandId.createSubscription }]);
    const account = accountOf(arg?.accountId ?? known.accountId);
    const expiration = maxRenewalExpiration(known.subscription, clock.now()).expiration.toISOString();
    const draft = recreateDraft(known.subscription, expiration) as unknown as SubscriptionDraft;
    try {
      const created = await account.client.create(draft);
      store.remove(account.id, known.subscription.id);
      store.upsert(account.id, { ...created, clientState: created.clientState ?? known.subscription.clientState ?? null });
      if (known.subscription.clientState) await services.receiver.rememberClientState(created.id, known.subscription.clientState);
      log.info(`Recreated ${known.subscription.id} as ${created.id} (${created.resource}) on ${account.label}`);
      void vscode.window.showInformationMessage(`Recreated the subscription to ${created.resource} (new id ${created.id}).`);
      return created;
    } catch (error) {
      throw await graphError(error, 'recreate', account, draft);
    }
  });

  registerCommand(context, log, CommandId.copySubscriptionId, async (arg?: TargetArg) => {
    const { subscription } = await target(arg);
    await vscode.env.clipboard.writeText(subscription.id);
    void vscode.window.setStatusBarMessage(`Copied subscription id ${subscription.id}`, 3000);
    return subscription.id;
  });

  registerCommand(
    context,
    log,
    CommandId.showSubscriptionJson,
    async (arg?: TargetArg & { resource?: string; changeType?: string; reveal?: boolean }) => {
      let a = arg;
      // From a 409: find the existing subscription by id, else by resource + changeType.
      if (a && !a.subscriptionId && a.resource) {
        const norm = (r: string) => r.replace(/^\//, '').toLowerCase();
        for (const acc of accounts.list().filter((x) => !a?.accountId || x.id === a.accountId)) {
          if (store.subscriptions(acc.id) === undefined) await store.refresh(acc.id);
          const hit = store.subscriptions(acc.id)?.find((s) => norm(s.resource) === norm(a!.resource!) && (!a!.changeType || s.changeType === a!.changeType));
          if (hit) {
            a = { ...a, accountId: acc.id, subscriptionId: hit.id };
            break;
          }
        }
        if (!a.subscriptionId) throw new UserFacingError(`No subscription to ${a.resource} is listed for this application.`);
      }
      const resolved = await target(a);
      const { account } = resolved;
      let subscription = resolved.subscription;
      // Show what Graph has now (a GET also returns clientState, which a list hides).
      try {
        subscription = await account.client.get(subscription.id);
        store.upsert(account.id, subscription);
      } catch (error) {
        if (isGraphRequestError(error) && error.status === 404) {
          store.remove(account.id, subscription.id);
          throw await graphError(error, 'get', account, subscription);
        }
        log.warn(`Show JSON: showing the cached definition of ${subscription.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (a?.reveal) {
        if (store.subscriptions(account.id) === undefined) await store.refresh(account.id);
        await provider.getChildren(accountNode(account));
        const node = provider.node(subscriptionNodeId(account.id, subscription.id));
        if (node) await view.reveal(node, { select: true, focus: true }).then(undefined, () => undefined);
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(subscription, null, 2) + '\n' });
      await vscode.window.showTextDocument(doc, { preview: true });
      return subscription;
    },
  );

  registerCommand(context, log, CommandId.simulateChange, async (arg?: TargetArg, options?: { changeType?: string; count?: number }) => {
    await accounts.ensureSandbox();
    const { account, subscription } = await target(arg, true);
    if (!account.isSandbox) throw new UserFacingError('Simulating changes works only on the Sandbox account.');
    let changeType = options?.changeType;
    if (!changeType) {
      const types = subscription.changeType.split(',').map((t) => t.trim());
      changeType = types.length === 1 ? types[0] : await vscode.window.showQuickPick(types, { title: 'Change type to simulate' });
      if (!changeType) throw new CancelledError();
    }
    await accounts.sandboxEmulator()!.simulateChange(subscription.id, { changeType, count: options?.count ?? 1 });
    log.info(`Simulated ${changeType} on ${subscription.id} (${subscription.resource})`);
    return true;
  });

  registerCommand(context, log, CommandId.simulateLifecycleEvent, async (arg?: TargetArg, eventArg?: LifecycleEvent) => {
    await accounts.ensureSandbox();
    const { account, subscription } = await target(arg, true);
    if (!account.isSandbox) throw new UserFacingError('Simulating lifecycle events works only on the Sandbox account.');
    const event =
      eventArg ??
      ((await vscode.window.showQuickPick(['reauthorizationRequired', 'subscriptionRemoved', 'missed'], { title: 'Lifecycle event to simulate' })) as LifecycleEvent | undefined);
    if (!event) throw new CancelledError();
    if (!subscription.lifecycleNotificationUrl) {
      throw new UserFacingError('This subscription has no lifecycleNotificationUrl, so Graph sends it no lifecycle events. Recreate it with one.');
    }
    await accounts.sandboxEmulator()!.simulateLifecycleEvent(subscription.id, event);
    log.info(`Simulated lifecycle event ${event} on ${subscription.id}`);
    return true;
  });

  return { provider, view, autoRenew: scheduler, recentActions: recent, clock, runAutoRenew };
}
