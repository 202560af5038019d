/**
 * Accounts, each a tree root: the Sandbox (the in-process Graph emulator, present by default),
 * VS Code's built-in Microsoft sign-in, and the user's own app registrations through MSAL.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getConfig, affectsConfig } from '../util/config';
import { CONFIG_SECTION, ConfigKey, ContextKey } from '../constants';
import { CATALOG } from '../catalog';
import type { AccountKind } from '../catalog/types';
import { parseTokenVersion, startEmulator, SANDBOX_APP_ID, type Emulator } from '../emulator';
import { SignInRequiredError } from '../graph/errors';
import type { Clock } from '../graph/clock';
import { withRecentActions, type RecentActions } from '../graph/recentActions';
import { GraphSubscriptionsClient } from '../graph/graphSubscriptionsClient';
import type { CreateOptions, GetJsonOptions, Subscription, SubscriptionDraft, SubscriptionsClient, SubscriptionUpdate } from '../graph/types';
import type { Account, AccountService, AppRegistrations, CloudName, SandboxControl } from '../services';
import { isChaosProfileName, parseChaosSeed, type ChaosProfileName } from '../emulator/chaos';
import { UserFacingError } from '../util/errors';
import type { Logger } from '../util/logger';
import { MsalAccountManager } from './msalAccounts';
import { tenantOf } from './tenant';
import { DisposableStore } from '../util/disposable';

export const SANDBOX_ACCOUNT_ID = 'sandbox';
/** VS Code's own application id: the one its Microsoft sign-in creates subscriptions with. */
export const VSCODE_APP_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';
const VSCODE_ACCOUNTS_KEY = 'graphSubscriptions.accounts.vscode';
/**
 * Set once the user opened the Sandbox in this profile. Until then the view lists no account, so
 * a new user meets the welcome view (Open the Sandbox, Sign In, the walkthrough) instead of an
 * account they did not ask for.
 */
export const SANDBOX_OPENED_KEY = 'graphSubscriptions.sandbox.opened';
const SANDBOX_TOKEN_LIFETIME_SECONDS = 3600;
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/** Every permission the catalog names, so the sandbox token can do everything the sandbox can. */
export function allCatalogPermissions(): string[] {
  const out = new Set<string>(['Subscription.Read.All']);
  const addRow = (row: Readonly<Record<AccountKind, readonly string[] | null>> | undefined) => {
    if (!row) return;
    for (const cell of Object.values(row)) for (const p of cell ?? []) out.add(p.replace(/\*$/, ''));
  };
  for (const entry of CATALOG) {
    addRow(entry.permissions);
    for (const r of Object.values(entry.managePermissions ?? {})) addRow(r);
    for (const p of entry.paths) {
      addRow(p.permissions);
      for (const r of Object.values(p.managePermissions ?? {})) addRow(r);
    }
  }
  return [...out].sort();
}

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

/** A client whose real implementation is built on first use (the sandbox starts lazily). */
export class DeferredClient implements SubscriptionsClient {
  constructor(private readonly resolveClient: () => Promise<SubscriptionsClient>) {}
  async listAll(signal?: AbortSignal): Promise<Subscription[]> {
    return (await this.resolveClient()).listAll(signal);
  }
  async get(id: string): Promise<Subscription> {
    return (await this.resolveClient()).get(id);
  }
  async create(draft: SubscriptionDraft, options?: CreateOptions): Promise<Subscription> {
    return (await this.resolveClient()).create(draft, options);
  }
  async update(id: string, patch: SubscriptionUpdate): Promise<Subscription> {
    return (await this.resolveClient()).update(id, patch);
  }
  async delete(id: string): Promise<void> {
    return (await this.resolveClient()).delete(id);
  }
  async reauthorize(id: string): Promise<void> {
    return (await this.resolveClient()).reauthorize(id);
  }
  async getJson(pathOrLink: string, options?: GetJsonOptions): Promise<unknown> {
    return (await this.resolveClient()).getJson(pathOrLink, options);
  }
}

/** The sandbox: an emulator started in-process on first use, with a token for a sandbox app. */
/** The chaos profile and seed the settings ask for (seed 0: a random one, chosen by the emulator and logged). */
function configuredChaos(): { profile: ChaosProfileName; seed: number | undefined } {
  const profile = getConfig(ConfigKey.sandboxChaosProfile);
  const seed = parseChaosSeed(getConfig(ConfigKey.sandboxChaosSeed));
  return { profile: isChaosProfileName(profile) ? profile : 'off', seed: seed === 0 ? undefined : seed };
}

class SandboxAccount implements Account {
  readonly id = SANDBOX_ACCOUNT_ID;
  readonly label = 'Sandbox';
  readonly kind: AccountKind = 'delegatedWork';
  readonly cloud: CloudName = 'sandbox';
  readonly isSandbox = true;
  readonly applicationId = SANDBOX_APP_ID;
  readonly client: SubscriptionsClient;
  private emulator: Emulator | undefined;
  private starting: Promise<{ emulator: Emulator; client: SubscriptionsClient }> | undefined;
  private token: { value: string; issuedAt: number; expiresAt: number } | undefined;
  private readonly permissions = allCatalogPermissions();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly clock: Clock,
    recent: RecentActions,
  ) {
    this.client = withRecentActions(new DeferredClient(async () => (await this.start()).client), recent);
  }

  running(): Emulator | undefined {
    return this.emulator;
  }

  start(): Promise<{ emulator: Emulator; client: SubscriptionsClient }> {
    this.starting ??= this.doStart().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async doStart(): Promise<{ emulator: Emulator; client: SubscriptionsClient }> {
    const port = getConfig(ConfigKey.sandboxPort);
    const configured = getConfig(ConfigKey.sandboxStatePath).trim();
    const validationTokenVersion = parseTokenVersion(getConfig(ConfigKey.sandboxTokenVersion)) ?? '1.0';
    let statePath = configured;
    // The emulator reads and writes its state with Node's fs and creates the folder on its first
    // write, so the folder needs no separate round trip through VS Code's file service.
    if (!statePath) statePath = path.join(this.context.globalStorageUri.fsPath, 'sandbox-state.json');
    let emulator: Emulator;
    try {
      // eventHubs: EventHub: subscriptions deliver into the emulator's local Event Hubs endpoint.
      emulator = await startEmulator({ port, statePath, strictHttps: false, validationTokenVersion, now: () => this.clock.now(), log: this.log, eventHubs: {}, chaos: configuredChaos() });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const settings = { title: 'Open Settings', command: 'workbench.action.openSettings', args: [`${CONFIG_SECTION}.sandbox`] };
      if (code === 'EADDRINUSE') throw new UserFacingError(`The sandbox could not start: port ${port} on 127.0.0.1 is in use. Pick another port or 0 (any free port).`, [settings], undefined, { cause: error });
      throw new UserFacingError(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`, [settings], undefined, { cause: error });
    }
    this.emulator = emulator;
    this.log.info(`Sandbox Graph emulator listening at ${emulator.baseUrl} (state: ${statePath})`);
    const client = new GraphSubscriptionsClient({
      graphBaseUrl: emulator.graphBaseUrl,
      getAccessToken: () => this.accessToken(emulator),
      log: this.log.child('graph'),
    });
    return { emulator, client };
  }

  private async accessToken(emulator: Emulator): Promise<string> {
    const now = this.clock.nowMs();
    // Also a token issued "in the future": the test clock moved back, and the emulator (on the
    // same clock) would refuse a token whose issue time it has not reached.
    if (!this.token || this.token.expiresAt - TOKEN_REFRESH_MARGIN_MS <= now || this.token.issuedAt > now) {
      const value = await emulator.issueToken({ accountKind: this.kind, permissions: this.permissions, appId: SANDBOX_APP_ID, lifetimeSeconds: SANDBOX_TOKEN_LIFETIME_SECONDS });
      this.log.addSecret(value);
      this.token = { value, issuedAt: now, expiresAt: now + SANDBOX_TOKEN_LIFETIME_SECONDS * 1000 };
    }
    return this.token.value;
  }

  async grantedPermissions(): Promise<string[]> {
    return this.permissions;
  }

  /** The emulator's tenant, from the sandbox token (only once the sandbox runs: before that nothing can notify). */
  async tenantId(): Promise<string | undefined> {
    return this.emulator ? tenantOf(await this.accessToken(this.emulator)) : undefined;
  }

  async dispose(): Promise<void> {
    const starting = this.starting;
    this.emulator = undefined;
    this.starting = undefined;
    this.token = undefined;
    const started = await starting?.catch(() => undefined);
    if (started) await started.emulator.close();
  }
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
  private readonly sandbox: SandboxAccount;
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
    this.sandbox = new SandboxAccount(context, log.child('sandbox'), this.clock, this.recentActions);
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
          void this.sandbox.dispose().then(() => this._onDidChangeAccounts.fire());
        }
        if (affectsConfig(e, ConfigKey.sandboxChaosProfile, ConfigKey.sandboxChaosSeed)) {
          // Chaos applies to the running Sandbox at once (no restart: its subscriptions stay).
          const chaos = configuredChaos();
          this.sandbox.running()?.setChaos(chaos.profile, chaos.seed);
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
    if (this.sandboxEnabled()) out.push(this.sandbox);
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
    await this.sandbox.start();
    if (!wasListed) this._onDidChangeAccounts.fire();
    return this.sandbox;
  }

  sandboxEmulator(): SandboxControl | undefined {
    const emulator = this.sandbox.running();
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
    return this.sandbox.running();
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
    return this.sandbox.dispose();
  }

  override dispose(): void {
    super.dispose();
    this.msal.dispose();
    void this.sandbox.dispose();
  }
}
