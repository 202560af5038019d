/**
 * Adapts the store and accounts to `vscode.TreeDataProvider`. Item content comes from the pure
 * `treeModel.ts`; this file only turns it into `vscode.TreeItem`s.
 */
import * as vscode from 'vscode';
import { affectsConfig, getConfig } from '../util/config';
import { CommandId, ConfigKey, TreeItemContext } from '../constants';
import type { Account, AccountService, SubscriptionStoreService, WatchdogService } from '../services';
import { STATE_LOOK } from '../watchdog/watchState';
import type { Clock } from '../graph/clock';
import { describeGraphError } from '../graph/errors';
import { DisposableStore } from '../util/disposable';
import {
  accountContextValue,
  buildSubscriptionNodes,
  messageNode,
  type AccountFlavour,
  type AccountNodeData,
  type SubscriptionNodeData,
  type TreeNodeData,
} from './treeModel';
import { seenByText, whoSees, type IdentityListing } from '../subscriptions/orphans';

export function accountFlavour(account: Account): AccountFlavour {
  if (account.isSandbox) return 'sandbox';
  return account.id.startsWith('vscode:') ? 'vscode' : 'msal';
}

/** `chaos`: the Sandbox's active chaos profile, shown on its row so nobody forgets it is on. */
export function accountNode(account: Account, chaos?: { profile: string; seed: number }): AccountNodeData {
  const flavour = accountFlavour(account);
  const chaosText = flavour === 'sandbox' && chaos && chaos.profile !== 'off' ? ` · chaos: ${chaos.profile} (seed ${chaos.seed})` : '';
  const sandboxApp = flavour === 'sandbox' && account.kind === 'application';
  const tooltip =
    sandboxApp
      ? "The Sandbox as a daemon app with application permissions (roles), for app-only resources such as Universal Print, teams/getAllMessages or Copilot interaction history. Graph lists only this app's own subscriptions."
      : flavour === 'sandbox'
      ? 'Local Microsoft Graph emulator: no tenant, no internet, no sign-in.'
      : flavour === 'vscode'
        ? "Signed in with VS Code's Microsoft account. Graph lists only subscriptions created by the calling application, here VS Code's own application id."
        : `Your app registration ${account.applicationId ?? ''} (${account.kind === 'application' ? 'application permissions' : 'delegated'}), cloud ${account.cloud}.`;
  return {
    type: 'account',
    id: account.id,
    accountId: account.id,
    label: account.label,
    description: sandboxApp
      ? `local Graph emulator, application permissions${chaosText}`
      : flavour === 'sandbox'
        ? `local Graph emulator${chaosText}`
        : account.cloud === 'global'
          ? undefined
          : account.cloud,
    tooltip,
    contextValue: accountContextValue(flavour),
    icon: flavour === 'sandbox' ? 'beaker' : account.kind === 'application' ? 'server' : 'account',
  };
}

export class SubscriptionTreeProvider extends DisposableStore implements vscode.TreeDataProvider<TreeNodeData> {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<TreeNodeData | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly nodes = new Map<string, TreeNodeData>();

  constructor(
    private readonly accounts: AccountService,
    private readonly store: SubscriptionStoreService,
    private readonly clock: Clock,
    /** Optional for tests and benchmarks that build a provider without one. */
    private readonly watchdog?: Pick<WatchdogService, 'verdict' | 'removed' | 'onDidChange'>,
    /** The `Prefer` preferences each subscription was created with (shown on the row). */
    private readonly requestHeaders?: { preferences(subscriptionId: string): readonly string[] | undefined },
  ) {
    super();
    this.registerAll(
      this._onDidChangeTreeData,
      // A verdict changed (silent, served again…): the rows repaint; the store is not reloaded.
      ...(watchdog ? [watchdog.onDidChange(() => this._onDidChangeTreeData.fire(undefined))] : []),
      // A change to one account's list refreshes only that account's node (VS Code asks for its
      // children again); a change to all refreshes the root.
      store.onDidChange((accountId) => this._onDidChangeTreeData.fire(accountId ? this.nodes.get(accountId) : undefined)),
      accounts.onDidChangeAccounts(() => this._onDidChangeTreeData.fire(undefined)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConfig(e, ConfigKey.sandboxChaosProfile, ConfigKey.sandboxChaosSeed)) this._onDidChangeTreeData.fire(undefined);
      }),
    );
  }

  /** Re-renders (countdowns) without reloading. */
  repaint(): void {
    this._onDidChangeTreeData.fire(undefined);
  }

  /** The node last rendered under this id (for `reveal`). */
  node(id: string): TreeNodeData | undefined {
    return this.nodes.get(id);
  }

  getTreeItem(node: TreeNodeData): vscode.TreeItem {
    const collapsible = node.type === 'account' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.contextValue = node.contextValue;
    item.description = node.description;
    if (node.type === 'subscription') {
      item.iconPath = new vscode.ThemeIcon(node.icon, new vscode.ThemeColor(node.color));
      const tooltip = new vscode.MarkdownString(node.tooltip);
      tooltip.supportThemeIcons = true;
      // The watchdog's next steps are links: only those commands may run from the tooltip.
      if (node.tooltipCommands?.length) tooltip.isTrusted = { enabledCommands: [...node.tooltipCommands] };
      item.tooltip = tooltip;
      const watch = node.watch !== 'ok' ? `, watchdog: ${STATE_LOOK[node.watch].label}` : '';
      item.accessibilityInformation = { label: `Subscription to ${node.label}${node.description ? `, ${node.description}` : ''}${watch}` };
      item.command = { command: CommandId.showSubscriptionJson, title: 'Show Subscription JSON', arguments: [node] };
    } else if (node.type === 'account') {
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.tooltip = node.tooltip;
      // A string tooltip becomes the row's screen-reader label, which then lacked the account's
      // name ("Local Microsoft Graph emulator: …"): name the account first.
      item.accessibilityInformation = { label: `${node.label} account${node.description ? `, ${node.description}` : ''}. ${node.tooltip}` };
    } else {
      item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
      item.tooltip = node.tooltip;
      if (node.command) item.command = { command: node.command.command, title: node.command.title, arguments: node.command.args };
    }
    return item;
  }

  getParent(node: TreeNodeData): TreeNodeData | undefined {
    if (node.type === 'account') return undefined;
    const account = this.accounts.get(node.accountId);
    return account ? accountNode(account) : undefined;
  }

  async getChildren(node?: TreeNodeData): Promise<TreeNodeData[]> {
    if (!node) {
      const accounts = this.accounts.list();
      const roots = accounts.map((a) => accountNode(a, a.isSandbox ? this.accounts.sandboxEmulator()?.chaosSettings() : undefined));
      for (const r of roots) this.nodes.set(r.id, r);
      // Start every account's first load with the roots rather than waiting for VS Code to ask for
      // an expanded account's children: the tree then fills however (and whether) that request
      // comes, and each landed load refreshes its own account node.
      for (const a of accounts) if (this.neverLoaded(a.id)) void this.store.refresh(a.id);
      return roots;
    }
    if (node.type !== 'account') return [];
    const account = this.accounts.get(node.accountId);
    if (!account) return [];
    // Never wait for the load here: while an account's children are being fetched, VS Code may ask
    // for them again (the expanded root rendering, reveal, a refresh) and register the same ids
    // twice ("Element with id sandbox/#empty is already registered"), or cancel the fetch when the
    // roots refresh, leaving the account without children until a manual Refresh. A "Loading…"
    // row answers at once; the landed load refreshes this account's node (see the constructor).
    if (this.neverLoaded(account.id)) void this.store.refresh(account.id);
    const children = this.childrenOf(account);
    for (const c of children) this.nodes.set(c.id, c);
    return children;
  }

  /** Neither a list nor a load error yet: the account's first load has not finished. */
  private neverLoaded(accountId: string): boolean {
    return this.store.subscriptions(accountId) === undefined && !this.store.loadError(accountId);
  }

  /** Children of an account, built from the store (pure data). */
  childrenOf(account: Account): TreeNodeData[] {
    const out: TreeNodeData[] = [];
    const flavour = accountFlavour(account);
    if (flavour === 'vscode') {
      out.push(
        messageNode(account.id, 'vscode-app', "Lists only subscriptions created by VS Code's app id", {
          icon: 'info',
          tooltip: "Graph lists only the subscriptions created by the calling application. With VS Code's sign-in that is VS Code's own application id, so subscriptions your app created do not show here. Add your own app registration to see and manage them.",
          command: { command: CommandId.signIn, title: 'Use your own app registration', args: [{ addAppRegistration: true }] },
          description: 'Use your own app registration…',
        }),
      );
    }
    const error = this.store.loadError(account.id);
    if (error) {
      const described = describeGraphError(error, { operation: 'list', account: { id: account.id, label: account.label, kind: account.kind, isSandbox: account.isSandbox } });
      const step = described.nextSteps[0];
      out.push(
        messageNode(account.id, 'error', described.message, {
          contextValue: TreeItemContext.error,
          icon: 'error',
          color: 'list.errorForeground',
          tooltip: described.message,
          command: step ? { command: step.command, title: step.title, args: step.args } : { command: CommandId.refresh, title: 'Retry', args: [{ accountId: account.id }] },
          description: step?.title,
        }),
      );
      return out;
    }
    const subs = this.store.subscriptions(account.id);
    if (subs === undefined) {
      out.push(messageNode(account.id, 'loading', 'Loading…', { icon: 'loading~spin' }));
      return out;
    }
    if (subs.length === 0) {
      out.push(...this.removedRows(account));
      out.push(
        messageNode(account.id, 'empty', 'No subscriptions yet. Create one…', {
          icon: 'add',
          command: { command: CommandId.createSubscription, title: 'Create Subscription', args: [{ accountId: account.id }] },
        }),
      );
      return out;
    }
    const minutes = getConfig(ConfigKey.expiringSoonMinutes);
    const emulator = account.isSandbox ? this.accounts.sandboxEmulator() : undefined;
    const watchdog = this.watchdog;
    out.push(...buildSubscriptionNodes(account.id, account.isSandbox, subs, this.clock.now(), minutes, emulator ? (id) => emulator.subscriptionThrottle(id) : undefined, watchdog ? (id) => watchdog.verdict(account.id, id) : undefined,
      (id) => this.requestHeaders?.preferences(id)).map(this.seenByAnnotator()));
    out.push(...this.removedRows(account));
    return out;
  }

  /** Subscriptions Graph removed and nobody recreated: a row each, a click recreates it. */
  /**
   * With several identities signed in, the tooltip says which of them list the subscription (Graph
   * lists it only to the app that created it, and delegated only to its user).
   */
  private seenByAnnotator(): (node: SubscriptionNodeData) => SubscriptionNodeData {
    const listings: IdentityListing[] = this.accounts.list().map((a) => ({ accountId: a.id, label: a.label, kind: a.kind, applicationId: a.applicationId, subscriptions: this.store.subscriptions(a.id) }));
    if (listings.filter((l) => l.subscriptions !== undefined).length < 2) return (node) => node;
    const seen = whoSees(listings);
    return (node) => ({ ...node, tooltip: `${node.tooltip}\n\n${seenByText(seen.get(node.subscriptionId) ?? [], listings)}` });
  }

  private removedRows(account: Account): TreeNodeData[] {
    return (this.watchdog?.removed(account.id) ?? []).map((r) =>
      messageNode(account.id, `removed-${r.subscriptionId}`, r.resource, {
        icon: STATE_LOOK.lifecycle.icon,
        color: STATE_LOOK.lifecycle.color,
        description: `removed by Graph · ${r.problem.nextStep.title}`,
        tooltip: `${r.problem.detail} Click to recreate it with the same definition; or right-click to mark it handled.`,
        contextValue: `${TreeItemContext.message}:watch-lifecycle`,
        subscriptionId: r.subscriptionId,
        command: { command: r.problem.nextStep.command, title: r.problem.nextStep.title, args: [...(r.problem.nextStep.args ?? [])] },
      }),
    );
  }
}
