/**
 * MSAL wiring for the user's own app registration, free of `vscode` so unit tests drive it against
 * a local token endpoint stub (MSAL's `system.networkClient` routes its HTTP there).
 * Flows: authorization code + PKCE on a loopback redirect (`acquireTokenInteractive`), device code,
 * client secret and client certificate (client credentials, `{graph}/.default`).
 * The token cache is persisted by the caller's `ICachePlugin` (SecretStorage in the extension).
 */
import type * as Msal from '../lazy/msal';
import { loadLazy } from '../util/lazy';
import type { Logger } from '../util/logger';
import { SignInRequiredError } from '../graph/errors';
import { authorityUrl, CLOUDS, defaultScope, qualifyScopes, type RealCloud } from './clouds';

export type MsalFlow = 'authorizationCode' | 'deviceCode' | 'clientSecret' | 'clientCertificate';

export interface MsalAppConfig {
  clientId: string;
  tenantId: string;
  cloud: RealCloud;
  flow: MsalFlow;
  /** Delegated scopes (short or qualified); ignored by the application flows. */
  scopes?: readonly string[];
}

export interface MsalCredentials {
  clientSecret?: string;
  /** PEM private key and its certificate's SHA-256 (or SHA-1) thumbprint in hex. */
  certificate?: { privateKey: string; thumbprintSha256?: string; thumbprint?: string; x5c?: string };
}

export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  message: string;
}

export interface MsalDeps {
  cachePlugin?: Msal.ICachePlugin;
  /** Tests: routes MSAL's HTTP (discovery, token, device code) to a local stub. */
  networkClient?: Msal.INetworkModule;
  openBrowser?: (url: string) => Promise<void>;
  onDeviceCode?: (info: DeviceCodeInfo) => void;
  log?: Logger;
  lib?: typeof Msal;
}

export interface TokenResult {
  accessToken: string;
  expiresOn: Date | undefined;
  /** Scopes (delegated) or roles (application) the token carries, from the token response. */
  scopes: string[];
  /** Delegated: the MSAL account's home account id and user name. */
  account?: { homeAccountId: string; username: string };
}

export function isApplicationFlow(flow: MsalFlow): boolean {
  return flow === 'clientSecret' || flow === 'clientCertificate';
}

/** Reads `roles` (app-only) or `scp` (delegated) from an access token without verifying it. */
export function permissionsFromAccessToken(token: string): string[] | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { roles?: unknown; scp?: unknown };
    if (Array.isArray(claims.roles)) return claims.roles.filter((r): r is string => typeof r === 'string');
    if (typeof claims.scp === 'string') return claims.scp.split(' ').filter(Boolean);
  } catch {
    // opaque token (personal accounts): permissions unknown
  }
  return undefined;
}

export class MsalTokenClient {
  private readonly lib: typeof Msal;
  private publicApp: Msal.PublicClientApplication | undefined;
  private confidentialApp: Msal.ConfidentialClientApplication | undefined;
  private account: Msal.AccountInfo | undefined;

  constructor(
    readonly config: MsalAppConfig,
    private readonly credentials: MsalCredentials,
    private readonly deps: MsalDeps = {},
  ) {
    this.lib = deps.lib ?? loadLazy<typeof Msal>('msal');
    if (credentials.clientSecret) deps.log?.addSecret(credentials.clientSecret);
  }

  /** Delegated scopes qualified for the cloud; app-only flows use `.default`. */
  scopes(): string[] {
    if (isApplicationFlow(this.config.flow)) return [defaultScope(this.config.cloud)];
    return qualifyScopes(this.config.cloud, this.config.scopes ?? []);
  }

  private msalConfig(): Msal.Configuration {
    const { clientId, tenantId, cloud } = this.config;
    const log = this.deps.log;
    return {
      auth: {
        clientId,
        authority: authorityUrl(cloud, tenantId),
        knownAuthorities: [new URL(CLOUDS[cloud].authorityHost).host],
        ...(this.credentials.clientSecret ? { clientSecret: this.credentials.clientSecret } : {}),
        ...(this.credentials.certificate ? { clientCertificate: this.credentials.certificate as Msal.Configuration['auth']['clientCertificate'] } : {}),
      },
      cache: this.deps.cachePlugin ? { cachePlugin: this.deps.cachePlugin } : undefined,
      system: {
        ...(this.deps.networkClient ? { networkClient: this.deps.networkClient } : {}),
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: this.lib.LogLevel.Warning,
          loggerCallback: (_level: unknown, message: string) => log?.debug(message),
        },
      },
    };
  }

  private pca(): Msal.PublicClientApplication {
    this.publicApp ??= new this.lib.PublicClientApplication(this.msalConfig());
    return this.publicApp;
  }

  private cca(): Msal.ConfidentialClientApplication {
    if (!this.credentials.clientSecret && !this.credentials.certificate) {
      throw new SignInRequiredError('No client secret or certificate is stored for this app registration.', undefined);
    }
    this.confidentialApp ??= new this.lib.ConfidentialClientApplication(this.msalConfig());
    return this.confidentialApp;
  }

  /** Interactive sign-in for delegated flows; a first token for application flows. */
  async signIn(): Promise<TokenResult> {
    const scopes = this.scopes();
    switch (this.config.flow) {
      case 'clientSecret':
      case 'clientCertificate':
        return this.result(await this.cca().acquireTokenByClientCredential({ scopes }));
      case 'deviceCode': {
        const r = await this.pca().acquireTokenByDeviceCode({
          scopes,
          deviceCodeCallback: (response) =>
            this.deps.onDeviceCode?.({ userCode: response.userCode, verificationUri: response.verificationUri, message: response.message }),
        });
        return this.result(r);
      }
      case 'authorizationCode': {
        const openBrowser = this.deps.openBrowser;
        if (!openBrowser) throw new Error('No browser to open for the authorization code flow.');
        // MSAL runs the loopback server (http://localhost:<free port>) and PKCE itself.
        const r = await this.pca().acquireTokenInteractive({
          scopes,
          openBrowser,
          successTemplate: '<h1>Signed in.</h1><p>You can close this tab and return to VS Code.</p>',
          errorTemplate: '<h1>Sign-in failed.</h1><p>Return to VS Code for details.</p>',
        });
        return this.result(r);
      }
    }
  }

  /** A current token without user interaction (cache, refresh token, or client credentials). */
  async acquireSilent(): Promise<TokenResult> {
    const scopes = this.scopes();
    if (isApplicationFlow(this.config.flow)) {
      return this.result(await this.cca().acquireTokenByClientCredential({ scopes }));
    }
    const app = this.pca();
    const account = this.account ?? (await app.getTokenCache().getAllAccounts())[0];
    if (!account) throw new SignInRequiredError('Not signed in with this app registration.', undefined);
    try {
      return this.result(await app.acquireTokenSilent({ account, scopes }));
    } catch (error) {
      if (error instanceof this.lib.InteractionRequiredAuthError) {
        throw new SignInRequiredError('The sign-in expired or needs consent again.', undefined, { cause: error });
      }
      throw error;
    }
  }

  async signOut(): Promise<void> {
    if (this.publicApp) {
      const cache = this.publicApp.getTokenCache();
      for (const a of await cache.getAllAccounts()) await cache.removeAccount(a);
    }
    this.account = undefined;
  }

  private result(r: Msal.AuthenticationResult | null): TokenResult {
    if (!r) throw new SignInRequiredError('The token service returned no token.', undefined);
    this.deps.log?.addSecret(r.accessToken);
    if (r.account) this.account = r.account;
    return {
      accessToken: r.accessToken,
      expiresOn: r.expiresOn ?? undefined,
      scopes: permissionsFromAccessToken(r.accessToken) ?? r.scopes,
      account: r.account ? { homeAccountId: r.account.homeAccountId, username: r.account.username } : undefined,
    };
  }
}
