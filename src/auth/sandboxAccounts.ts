/**
 * The Sandbox: one in-process Graph emulator (started on first use) and the identities that call
 * it — the signed-in user of the Sandbox app (delegated) and a daemon app with application
 * permissions (roles), so every resource of the catalog, app-only ones included (Universal Print,
 * `teams/getAllMessages`, Copilot interaction history…), can be tried offline. Each identity has
 * its own token and client; the emulator checks the token's scopes or roles as Graph does.
 */
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { getConfig } from '../util/config';
import { CONFIG_SECTION, ConfigKey } from '../constants';
import { CATALOG } from '../catalog';
import type { AccountKind } from '../catalog/types';
import { parseTokenVersion, startEmulator, SANDBOX_APP_ID, SANDBOX_DAEMON_APP_ID, type Emulator } from '../emulator';
import { isChaosProfileName, parseChaosSeed, type ChaosProfileName } from '../emulator/chaos';
import type { Clock } from '../graph/clock';
import { withRecentActions, type RecentActions } from '../graph/recentActions';
import { GraphSubscriptionsClient } from '../graph/graphSubscriptionsClient';
import type { CreateOptions, GetJsonOptions, Subscription, SubscriptionDraft, SubscriptionsClient, SubscriptionUpdate } from '../graph/types';
import type { Account, CloudName } from '../services';
import { UserFacingError } from '../util/errors';
import type { Logger } from '../util/logger';
import { tenantOf } from './tenant';

export const SANDBOX_ACCOUNT_ID = 'sandbox';
/** The Sandbox's application identity (a daemon app with roles). */
export const SANDBOX_APP_ACCOUNT_ID = 'sandbox:app';
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

/** The chaos profile and seed the settings ask for (seed 0: a random one, chosen by the emulator and logged). */
export function configuredChaos(): { profile: ChaosProfileName; seed: number | undefined } {
  const profile = getConfig(ConfigKey.sandboxChaosProfile);
  const seed = parseChaosSeed(getConfig(ConfigKey.sandboxChaosSeed));
  return { profile: isChaosProfileName(profile) ? profile : 'off', seed: seed === 0 ? undefined : seed };
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

/** The emulator the Sandbox identities share: started once on first use, closed on dispose. */
export class SandboxHost {
  private emulator: Emulator | undefined;
  private starting: Promise<Emulator> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly clock: Clock,
  ) {}

  running(): Emulator | undefined {
    return this.emulator;
  }

  start(): Promise<Emulator> {
    this.starting ??= this.doStart().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async doStart(): Promise<Emulator> {
    const port = getConfig(ConfigKey.sandboxPort);
    const configured = getConfig(ConfigKey.sandboxStatePath).trim();
    const validationTokenVersion = parseTokenVersion(getConfig(ConfigKey.sandboxTokenVersion)) ?? '1.0';
    // The emulator reads and writes its state with Node's fs and creates the folder on its first
    // write, so the folder needs no separate round trip through VS Code's file service.
    const statePath = configured || path.join(this.context.globalStorageUri.fsPath, 'sandbox-state.json');
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
    return emulator;
  }

  async dispose(): Promise<void> {
    const starting = this.starting;
    this.emulator = undefined;
    this.starting = undefined;
    const started = await starting?.catch(() => undefined);
    if (started) await started.close();
  }
}

/** Who a Sandbox account is: the signed-in user of the Sandbox app, or the daemon app itself. */
export interface SandboxIdentity {
  readonly id: string;
  readonly label: string;
  readonly kind: AccountKind;
  readonly appId: string;
}

export const SANDBOX_USER_IDENTITY: SandboxIdentity = { id: SANDBOX_ACCOUNT_ID, label: 'Sandbox', kind: 'delegatedWork', appId: SANDBOX_APP_ID };
export const SANDBOX_APP_IDENTITY: SandboxIdentity = { id: SANDBOX_APP_ACCOUNT_ID, label: 'Sandbox (app-only)', kind: 'application', appId: SANDBOX_DAEMON_APP_ID };

/** One identity calling the shared emulator with its own token (scopes when delegated, roles when an app). */
export class SandboxAccount implements Account {
  readonly id: string;
  readonly label: string;
  readonly kind: AccountKind;
  readonly cloud: CloudName = 'sandbox';
  readonly isSandbox = true;
  readonly applicationId: string;
  readonly client: SubscriptionsClient;
  private clientFor: { emulator: Emulator; client: SubscriptionsClient } | undefined;
  private token: { value: string; issuedAt: number; expiresAt: number; emulator: Emulator } | undefined;
  private readonly permissions = allCatalogPermissions();

  constructor(
    readonly host: SandboxHost,
    identity: SandboxIdentity,
    private readonly log: Logger,
    private readonly clock: Clock,
    recent: RecentActions,
  ) {
    this.id = identity.id;
    this.label = identity.label;
    this.kind = identity.kind;
    this.applicationId = identity.appId;
    this.client = withRecentActions(new DeferredClient(async () => this.clientOf(await this.host.start())), recent);
  }

  private clientOf(emulator: Emulator): SubscriptionsClient {
    if (this.clientFor?.emulator !== emulator) {
      const client = new GraphSubscriptionsClient({ graphBaseUrl: emulator.graphBaseUrl, getAccessToken: () => this.accessToken(emulator), log: this.log.child('graph') });
      this.clientFor = { emulator, client };
    }
    return this.clientFor.client;
  }

  private async accessToken(emulator: Emulator): Promise<string> {
    const now = this.clock.nowMs();
    // Also a token issued "in the future": the test clock moved back, and the emulator (on the
    // same clock) would refuse a token whose issue time it has not reached. A restarted emulator
    // (new port, state file) gets a new token.
    const t = this.token;
    if (!t || t.emulator !== emulator || t.expiresAt - TOKEN_REFRESH_MARGIN_MS <= now || t.issuedAt > now) {
      const value = await emulator.issueToken({ accountKind: this.kind, permissions: this.permissions, appId: this.applicationId, lifetimeSeconds: SANDBOX_TOKEN_LIFETIME_SECONDS });
      this.log.addSecret(value);
      this.token = { value, issuedAt: now, expiresAt: now + SANDBOX_TOKEN_LIFETIME_SECONDS * 1000, emulator };
    }
    return this.token!.value;
  }

  async grantedPermissions(): Promise<string[]> {
    return this.permissions;
  }

  /** The emulator's tenant, from the sandbox token (only once the sandbox runs: before that nothing can notify). */
  async tenantId(): Promise<string | undefined> {
    const emulator = this.host.running();
    return emulator ? tenantOf(await this.accessToken(emulator)) : undefined;
  }
}
