/**
 * VS Code side of the user's own app registrations: settings (`accounts.appRegistrations`), secrets
 * and the MSAL token cache in SecretStorage, browser and device-code prompts. MSAL itself is wired
 * in the pure `msalClient.ts`.
 */
import * as vscode from 'vscode';
import { getConfig } from '../util/config';
import { CONFIG_SECTION, ConfigKey } from '../constants';
import type { AccountKind } from '../catalog/types';
import { GraphSubscriptionsClient } from '../graph/graphSubscriptionsClient';
import type { SubscriptionsClient } from '../graph/types';
import { withRecentActions, type RecentActions } from '../graph/recentActions';
import type * as Msal from '../lazy/msal';
import type { Account, CloudName } from '../services';
import { tenantOf } from './tenant';
import { CancelledError } from '../util/errors';
import type { Logger } from '../util/logger';
import { CLOUDS, graphBaseUrl, isRealCloud, type RealCloud } from './clouds';
import { isApplicationFlow, MsalTokenClient, type MsalCredentials, type MsalFlow, type TokenResult } from './msalClient';
import { registrationLabel } from './registrationLabel';
import { runRegistrationWizard } from './registrationWizard';
import { isNetworkFailure, signInUnreachable } from './signInFailure';

export interface AppRegistration {
  label?: string;
  clientId: string;
  tenantId: string;
  cloud: RealCloud;
  flow: MsalFlow;
  scopes?: string[];
}

const SIGNED_IN_KEY = 'graphSubscriptions.accounts.msal';
const FLOWS: readonly MsalFlow[] = ['authorizationCode', 'deviceCode', 'clientSecret', 'clientCertificate'];

export function registrationKey(r: AppRegistration): string {
  return `msal:${r.cloud}:${r.tenantId}:${r.clientId}:${r.flow}`;
}

export function readRegistrations(): AppRegistration[] {
  const raw = getConfig(ConfigKey.appRegistrations);
  const out: AppRegistration[] = [];
  for (const r of Array.isArray(raw) ? raw : []) {
    if (!r || typeof r !== 'object') continue;
    const o = r as Record<string, unknown>;
    if (typeof o.clientId !== 'string' || typeof o.tenantId !== 'string' || !FLOWS.includes(o.flow as MsalFlow)) continue;
    out.push({
      label: typeof o.label === 'string' ? o.label : undefined,
      clientId: o.clientId,
      tenantId: o.tenantId,
      cloud: isRealCloud(o.cloud) ? o.cloud : 'global',
      flow: o.flow as MsalFlow,
      scopes: Array.isArray(o.scopes) ? o.scopes.filter((s): s is string => typeof s === 'string') : undefined,
    });
  }
  return out;
}

/** MSAL token cache persisted in SecretStorage (never in settings or files). */
export function secretStorageCachePlugin(secrets: vscode.SecretStorage, key: string): Msal.ICachePlugin {
  return {
    async beforeCacheAccess(ctx: Msal.TokenCacheContext): Promise<void> {
      const data = await secrets.get(key);
      if (data) ctx.tokenCache.deserialize(data);
    },
    async afterCacheAccess(ctx: Msal.TokenCacheContext): Promise<void> {
      if (ctx.cacheHasChanged) await secrets.store(key, ctx.tokenCache.serialize());
    },
  };
}

class MsalAccount implements Account {
  readonly id: string;
  readonly label: string;
  readonly kind: AccountKind;
  readonly cloud: CloudName;
  readonly isSandbox = false;
  readonly applicationId: string;
  readonly client: SubscriptionsClient;
  private last: TokenResult | undefined;

  constructor(
    readonly registration: AppRegistration,
    private readonly tokens: MsalTokenClient,
    username: string | undefined,
    log: Logger,
    recent: RecentActions,
  ) {
    this.id = registrationKey(registration);
    this.kind = isApplicationFlow(registration.flow) ? 'application' : 'delegatedWork';
    this.cloud = registration.cloud;
    this.applicationId = registration.clientId;
    const name = registrationLabel(registration);
    const who = this.kind === 'application' ? 'app-only' : (username ?? 'delegated');
    const cloudLabel = registration.cloud === 'global' ? '' : `, ${CLOUDS[registration.cloud].label}`;
    this.label = `${name} (${who}${cloudLabel})`;
    this.client = withRecentActions(new GraphSubscriptionsClient({
      graphBaseUrl: graphBaseUrl(registration.cloud),
      getAccessToken: async () => {
        const now = Date.now();
        if (!this.last || !this.last.expiresOn || this.last.expiresOn.getTime() - 5 * 60_000 <= now) this.last = await this.tokens.acquireSilent();
        return this.last.accessToken;
      },
      log: log.child('graph'),
    }), recent);
  }

  setToken(result: TokenResult): void {
    this.last = result;
  }

  async grantedPermissions(): Promise<string[] | undefined> {
    return this.last?.scopes;
  }

  async tenantId(): Promise<string | undefined> {
    const fromToken = this.last ? tenantOf(this.last.accessToken) : undefined;
    // The registration names a tenant id unless it is "common"/"organizations"/a domain.
    return fromToken ?? (/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(this.registration.tenantId) ? this.registration.tenantId : undefined);
  }

  signOut(): Promise<void> {
    return this.tokens.signOut();
  }
}

export class MsalAccountManager implements vscode.Disposable {
  private readonly live = new Map<string, MsalAccount>();
  /** Tests: MSAL's HTTP goes here (a token endpoint stub, or a refused port for "offline"). */
  networkClient: Msal.INetworkModule | undefined;
  private registrations = readRegistrations();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly changed: () => void,
    private readonly recent: RecentActions,
  ) {
    // Accounts signed in during an earlier session come back from the stored cache/secrets.
    for (const key of this.signedInKeys()) {
      const reg = this.registrations.find((r) => registrationKey(r) === key);
      if (reg) void this.restore(reg);
    }
  }

  registrationsList(): readonly AppRegistration[] {
    return this.registrations;
  }

  reloadRegistrations(): void {
    this.registrations = readRegistrations();
    for (const key of [...this.live.keys()]) if (!this.registrations.some((r) => registrationKey(r) === key)) this.live.delete(key);
  }

  accounts(): Account[] {
    return [...this.live.values()];
  }

  private signedInKeys(): string[] {
    return this.context.globalState.get<string[]>(SIGNED_IN_KEY, []);
  }

  private secretKey(reg: AppRegistration, what: 'secret' | 'certificate' | 'cache'): string {
    return `graphSubscriptions.${what}.${registrationKey(reg)}`;
  }

  private async credentials(reg: AppRegistration, ask: boolean): Promise<MsalCredentials> {
    if (reg.flow === 'clientSecret') {
      let secret = await this.context.secrets.get(this.secretKey(reg, 'secret'));
      if (!secret && ask) {
        secret = await vscode.window.showInputBox({ title: `Client secret for ${registrationLabel(reg)}`, prompt: 'Kept in VS Code Secret Storage, never in settings.', password: true, ignoreFocusOut: true });
        if (!secret) throw new CancelledError();
        await this.context.secrets.store(this.secretKey(reg, 'secret'), secret);
      }
      this.log.addSecret(secret);
      return { clientSecret: secret };
    }
    if (reg.flow === 'clientCertificate') {
      let stored = await this.context.secrets.get(this.secretKey(reg, 'certificate'));
      if (!stored && ask) {
        const files = await vscode.window.showOpenDialog({ title: 'PEM file with the private key (and certificate)', canSelectMany: false, filters: { PEM: ['pem', 'key'] } });
        if (!files?.[0]) throw new CancelledError();
        const pem = Buffer.from(await vscode.workspace.fs.readFile(files[0])).toString('utf8');
        const thumbprint = await vscode.window.showInputBox({ title: 'Certificate thumbprint (SHA-256, hex)', prompt: 'As shown for the certificate in the app registration', ignoreFocusOut: true });
        if (!thumbprint) throw new CancelledError();
        stored = JSON.stringify({ privateKey: pem, thumbprintSha256: thumbprint.replace(/[^0-9a-fA-F]/g, '') });
        await this.context.secrets.store(this.secretKey(reg, 'certificate'), stored);
      }
      if (!stored) return {};
      const parsed = JSON.parse(stored) as MsalCredentials['certificate'];
      return { certificate: parsed };
    }
    return {};
  }

  private async tokenClient(reg: AppRegistration, ask: boolean): Promise<MsalTokenClient> {
    return new MsalTokenClient(reg, await this.credentials(reg, ask), {
      cachePlugin: secretStorageCachePlugin(this.context.secrets, this.secretKey(reg, 'cache')),
      ...(this.networkClient ? { networkClient: this.networkClient } : {}),
      openBrowser: async (url) => {
        await vscode.env.openExternal(vscode.Uri.parse(url));
      },
      onDeviceCode: (info) => {
        void vscode.window.showInformationMessage(info.message, 'Copy Code & Open Browser').then(async (choice) => {
          if (!choice) return;
          await vscode.env.clipboard.writeText(info.userCode);
          await vscode.env.openExternal(vscode.Uri.parse(info.verificationUri));
        });
      },
      log: this.log,
    });
  }

  private async restore(reg: AppRegistration): Promise<void> {
    try {
      const tokens = await this.tokenClient(reg, false);
      const account = new MsalAccount(reg, tokens, undefined, this.log, this.recent);
      this.live.set(account.id, account);
      this.changed();
    } catch (error) {
      this.log.warn(`Could not restore ${registrationKey(reg)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Runs the registration's flow (browser, device code, secret or certificate) and adds the account. */
  async signIn(reg: AppRegistration): Promise<Account> {
    const tokens = await this.tokenClient(reg, true);
    const label = registrationLabel(reg);
    let result: TokenResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Signing in to ${label} (${CLOUDS[reg.cloud].label} cloud)…`, cancellable: false },
        () => tokens.signIn(),
      );
    } catch (error) {
      // Offline, DNS, proxy: the account, where it tried to go, Retry; not MSAL's "network_error".
      if (isNetworkFailure(error)) throw signInUnreachable({ label, cloud: reg.cloud, accountId: registrationKey(reg) });
      throw error;
    }
    const account = new MsalAccount(reg, tokens, result.account?.username, this.log, this.recent);
    account.setToken(result);
    this.live.set(account.id, account);
    const keys = new Set(this.signedInKeys());
    keys.add(account.id);
    await this.context.globalState.update(SIGNED_IN_KEY, [...keys]);
    this.log.info(`Signed in: ${account.label} (${reg.flow})`);
    this.changed();
    return account;
  }

  async signOut(id: string): Promise<void> {
    const account = this.live.get(id);
    await account?.signOut();
    this.live.delete(id);
    const reg = this.registrations.find((r) => registrationKey(r) === id);
    if (reg) {
      await this.context.secrets.delete(this.secretKey(reg, 'cache'));
      await this.context.secrets.delete(this.secretKey(reg, 'secret'));
      await this.context.secrets.delete(this.secretKey(reg, 'certificate'));
    }
    await this.context.globalState.update(SIGNED_IN_KEY, this.signedInKeys().filter((k) => k !== id));
    this.log.info(`Signed out: ${id}`);
  }

  /**
   * Guided input adding an entry to `accounts.appRegistrations` (user settings): Back on every
   * step, Escape keeps what was typed for the next time (registrationWizard.ts).
   */
  async addRegistration(): Promise<AppRegistration> {
    const reg = await runRegistrationWizard(this.context.globalState);
    const current = getConfig(ConfigKey.appRegistrations);
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.appRegistrations, [...current, reg], vscode.ConfigurationTarget.Global);
    this.reloadRegistrations();
    return reg;
  }

  dispose(): void {
    this.live.clear();
  }
}
