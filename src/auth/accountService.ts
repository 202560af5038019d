/**
 * Accounts, each a tree root: the Sandbox (the in-process Graph emulator, present by default),
 * VS Code's built-in Microsoft sign-in, and the user's own app registrations through MSAL.
 */
import * as vscode from 'vscode';
import { getConfig, affectsConfig } from '../util/config';
import { ConfigKey, ContextKey } from '../constants';
import { CATALOG } from '../catalog';
import type { AccountKind } from '../catalog/types';
import type { Emulator } from '../emulator';
import { SignInRequiredError } from '../graph/errors';
import type { Clock } from '../graph/clock';
import { withRecentActions, type RecentActions } from '../graph/recentActions';
import { GraphSubscriptionsClient } from '../graph/graphSubscriptionsClient';
import type { SubscriptionsClient } from '../graph/types';
import type { Account, AccountService, AppRegistrations, CloudName, SandboxControl } from '../services';
import type { Logger } from '../util/logger';
import { MsalAccountManager } from './msalAccounts';
import { configuredChaos, SANDBOX_APP_IDENTITY, SANDBOX_USER_IDENTITY, SandboxAccount, SandboxHost } from './sandboxAccounts';
import { tenantOf } from './tenant';
import { DisposableStore } from '../util/disposable';

// Moved to ./sandboxAccounts.ts; re-exported for their callers.
export { allCatalogPermissions, DeferredClient, SANDBOX_ACCOUNT_ID, SANDBOX_APP_ACCOUNT_ID } from './sandboxAccounts';

/** VS Code's own application id: the one its Microsoft sign-in creates subscriptions with. */
export const VSCODE_APP_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';
const VSCODE_ACCOUNTS_KEY = 'graphSubscriptions.accounts.vscode';
/**
 * Set once the user opened the Sandbox in this profile. Until then the view lists no account, so
 * a new user meets the welcome view (Open the Sandbox, Sign In, the walkthrough) instead of an
 * account they did not ask for.
 */
export const SANDBOX_OPENED_KEY = 'graphSubscriptions.sandbox.opened';

/** Delegated (work/school) permissions the catalog names for creating subscriptions, with what they cover. */
export function delegatedPermissionChoices(): { permission: string; resources: string[] }[] {
  const map = new Map<string, Set<string>>();
  for (const entry of CATALOG) {
    const rows = [entry.permissions, ...entry.paths.map((p) => p.permissions).filter((r): r is NonNullable<typeof r> => !!r)];
    for (const row of rows) {
      for (const p of row.delegatedWork ?? []) {
        if (p.endsWith('*')) continue;
        if (!map.has(p)) map.set(p, new Set());
        map.get(p)!.add(entry.displayName);
      }
    }
  }
  map.set('Subscription.Read.All', new Set(['list subscriptions of any app for you']));
  return [...map].map(([permission, r]) => ({ permission, resources: [...r] })).sort((a, b) => a.permission.localeCompare(b.permission));
}

interface StoredVsCodeAccount {
  accountId: string;
  label: string;
  scopes: string[];
}

/** Signed in with VS Code's built-in Microsoft provider (VS Code's application id). */
class VsCodeAccount implements Account {
  readonly kind: AccountKind = 'delegatedWork';
  readonly cloud: CloudName = 'global';
  readonly isSandbox = false;
  readonly applicationId = VSCODE_APP_ID;
  readonly client: SubscriptionsClient;
  readonly id: string;
  readonly label: string;

  constructor(
    readonly stored: StoredVsCodeAccount,
    private readonly log: Logger,
    recent: RecentActions,
  ) {
    this.id = `vscode:${stored.accountId}`;
    this.label = `${stored.label} (VS Code sign-in)`;
    const client = new GraphSubscriptionsClient({
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      getAccessToken: async () => (await this.session()).accessToken,
      log: log.child('graph'),
    });
    this.client = withRecentActions(client, recent);
  }

  private async session(): Promise<vscode.AuthenticationSession> {
    const session = await vscode.authentication.getSession('microsoft', this.stored.scopes, {
      silent: true,
      account: { id: this.stored.accountId, label: this.stored.label },
    });
    if (!session) throw new SignInRequiredError('VS Code has no Microsoft session with these scopes any more.', this.id);
    this.log.addSecret(session.accessToken);
    return session;
  }

  async grantedPermissions(): Promise<string[]> {
    return this.stored.scopes.map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//, ''));
  }

  async tenantId(): Promise<string | undefined> {
    try {
      return tenantOf((await this.session()).accessToken);
    } catch {
      return undefined; // signed out: its notifications are not trusted until it signs in again
    }
  }
}

export class AccountServiceImpl extends DisposableStore implements AccountService {
  private readonly _onDidChangeAccounts = new vscode.EventEmitter<void>();
  readonly onDidChangeAccounts = this._onDidChangeAccounts.event;
  private readonly sandboxHost: SandboxHost;
  /** The Sandbox's signed-in user (delegated) and its daemon app (application permissions). */
  private readonly sandbox: SandboxAccount;
  private readonly sandboxApp: SandboxAccount;
  private vscodeAccounts: VsCodeAccount[] = [];
  readonly msal: MsalAccountManager;
  private selectedId: string | undefined;

  readonly appRegistrations: AppRegistrations;

  /**
   * `clock` drives the Sandbox emulator's time; `recentActions` is filled by every account's client
   * (the 10-minute rule between a renewal and a reauthorize).
   */
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly recentActions: RecentActions,
  ) {
    super();
    this.sandboxHost = new SandboxHost(context, log.child('sandbox'), this.clock);
    this.sandbox = new SandboxAccount(this.sandboxHost, SANDBOX_USER_IDENTITY, log.child('sandbox'), this.clock, this.recentActions);
    this.sandboxApp = new SandboxAccount(this.sandboxHost, SANDBOX_APP_IDENTITY, log.child('sandbox'), this.clock, this.recentActions);
    this.msal = new MsalAccountManager(context, log.child('msal'), () => this._onDidChangeAccounts.fire(), this.recentActions);
    const stored = context.globalState.get<StoredVsCodeAccount[]>(VSCODE_ACCOUNTS_KEY, []);
    this.vscodeAccounts = stored.map((s) => new VsCodeAccount(s, log.child('vscode'), this.recentActions));
    const msal = this.msal;
    this.appRegistrations = { list: () => msal.registrationsList(), add: () => msal.addRegistration(), signIn: (reg) => msal.signIn(reg) };
    this.registerAll(
      this._onDidChangeAccounts,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConfig(e, ConfigKey.sandboxPort, ConfigKey.sandboxStatePath, ConfigKey.sandboxTokenVersion)) {
          // Restarted on next use with the new port, state file or token version.
          void this.sandboxHost.dispose().then(() => this._onDidChangeAccounts.fire());
        }
        if (affectsConfig(e, ConfigKey.sandboxChaosProfile, ConfigKey.sandboxChaosSeed)) {
          // Chaos applies to the running Sandbox at once (no restart: its subscriptions stay).
          const chaos = configuredChaos();
          this.sandboxHost.running()?.setChaos(chaos.profile, chaos.seed);
        }
        if (affectsConfig(e, ConfigKey.sandboxEnabled)) this.sandboxOpened = false;
        if (affectsConfig(e, ConfigKey.sandboxEnabled) || affectsConfig(e, ConfigKey.appRegistrations)) {
          this.msal.reloadRegistrations();
          this._onDidChangeAccounts.fire();
        }
      }),
      this.onDidChangeAccounts(() => this.updateContext()),
    );
    this.updateContext();
  }

  private sandboxEnabled(): boolean {
    if (this.sandboxOpened) return true;
    return getConfig(ConfigKey.sandboxEnabled) && this.context.globalState.get<boolean>(SANDBOX_OPENED_KEY, false);
  }
  /** Set by `ensureSandbox` (Open Sandbox, the editor): shown even when the setting hides it. */
  private sandboxOpened = false;

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', ContextKey.hasAccounts, this.list().length > 0);
  }

  list(): readonly Account[] {
    const out: Account[] = [];
    if (this.sandboxEnabled()) out.push(this.sandbox, this.sandboxApp);
    out.push(...this.vscodeAccounts, ...this.msal.accounts());
    return out;
  }

  get(id: string): Account | undefined {
    return this.list().find((a) => a.id === id);
  }

  /** The tree tells us which account is selected, for `defaultAccount`. */
  select(id: string | undefined): void {
    this.selectedId = id;
  }

  defaultAccount(): Account | undefined {
    return (this.selectedId ? this.get(this.selectedId) : undefined) ?? this.list()[0];
  }

  async ensureSandbox(): Promise<Account> {
    const wasListed = this.list().includes(this.sandbox);
    this.sandboxOpened = true;
    if (!this.context.globalState.get<boolean>(SANDBOX_OPENED_KEY, false)) await this.context.globalState.update(SANDBOX_OPENED_KEY, true);
    await this.sandboxHost.start();
    if (!wasListed) this._onDidChangeAccounts.fire();
    return this.sandbox;
  }

  sandboxEmulator(): SandboxControl | undefined {
    const emulator = this.sandboxHost.running();
    if (!emulator) return undefined;
    return {
      baseUrl: emulator.baseUrl,
      channels: emulator.channels,
      simulateChange: async (id, options) => {
        const { delivered, dropped, url, withheld } = await emulator.simulateChange(id, options);
        return { delivered, dropped, url, withheld };
      },
      simulateLifecycleEvent: async (id, event) => {
        const { delivered, dropped, url } = await emulator.simulateLifecycleEvent(id, event);
        return { delivered, dropped, url };
      },
      deliveryLog: () => emulator.deliveryLog(),
      subscriptionThrottle: (id) => emulator.subscriptionThrottle(id),
      setDeliveryDelay: (id, delayMs) => emulator.setDeliveryDelay(id, delayMs),
      deliveryDelay: (id) => emulator.deliveryDelay(id),
      teamsLicensing: (change) => emulator.configureTeamsLicensing(change ?? {}),
      reachEvaluationCap: (id) => emulator.reachEvaluationCap(id),
      chaosSettings: () => emulator.chaosSettings(),
      setChaos: (profile, seed) => emulator.setChaos(profile, seed),
    };
  }

  /** The running emulator itself (tests: fault injection). */
  sandboxEmulatorForTests(): Emulator | undefined {
    return this.sandboxHost.running();
  }

  /** Signs in with VS Code's Microsoft provider and adds (or refreshes) that account. */
  async signInWithVsCode(scopes: readonly string[]): Promise<Account> {
    const qualified = scopes.map((s) => (s.startsWith('https://') ? s : `https://graph.microsoft.com/${s}`));
    const session = await vscode.authentication.getSession('microsoft', qualified, { createIfNone: true });
    this.log.addSecret(session.accessToken);
    const stored: StoredVsCodeAccount = { accountId: session.account.id, label: session.account.label, scopes: [...session.scopes] };
    const all = this.context.globalState.get<StoredVsCodeAccount[]>(VSCODE_ACCOUNTS_KEY, []).filter((s) => s.accountId !== stored.accountId);
    all.push(stored);
    await this.context.globalState.update(VSCODE_ACCOUNTS_KEY, all);
    this.vscodeAccounts = all.map((s) => new VsCodeAccount(s, this.log.child('vscode'), this.recentActions));
    this.log.info(`Signed in with VS Code as ${session.account.label} (scopes: ${session.scopes.join(' ')})`);
    this._onDidChangeAccounts.fire();
    return this.get(`vscode:${stored.accountId}`)!;
  }

  /** Forgets an account (and its MSAL cache or secrets). The sandbox cannot be signed out. */
  async signOut(id: string): Promise<void> {
    if (id.startsWith('vscode:')) {
      const all = this.context.globalState.get<StoredVsCodeAccount[]>(VSCODE_ACCOUNTS_KEY, []).filter((s) => `vscode:${s.accountId}` !== id);
      await this.context.globalState.update(VSCODE_ACCOUNTS_KEY, all);
      this.vscodeAccounts = this.vscodeAccounts.filter((a) => a.id !== id);
      this._onDidChangeAccounts.fire();
      return;
    }
    if (id.startsWith('msal:')) {
      await this.msal.signOut(id);
      this._onDidChangeAccounts.fire();
    }
  }

  /** Closes the Sandbox emulator (its port is free when this resolves). */
  close(): Promise<void> {
    return this.sandboxHost.dispose();
  }

  override dispose(): void {
    super.dispose();
    this.msal.dispose();
    void this.sandboxHost.dispose();
  }
}
