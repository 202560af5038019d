/**
 * Microsoft clouds: where to sign in and where Graph lives. Pure data.
 * Source: learn.microsoft.com/graph/deployments ("App registration and token service root
 * endpoints", "Microsoft Graph and Graph Explorer service root endpoints").
 */
export type RealCloud = 'global' | 'usGovL4' | 'usGovL5' | 'china';

export interface CloudEndpoints {
  readonly label: string;
  /** Microsoft Entra ID (token service) root, no trailing slash. */
  readonly authorityHost: string;
  /** Microsoft Graph service root, no trailing slash and no version. */
  readonly graphEndpoint: string;
}

export const CLOUDS: Readonly<Record<RealCloud, CloudEndpoints>> = {
  global: { label: 'Global', authorityHost: 'https://login.microsoftonline.com', graphEndpoint: 'https://graph.microsoft.com' },
  usGovL4: { label: 'US Government L4 (GCC High)', authorityHost: 'https://login.microsoftonline.us', graphEndpoint: 'https://graph.microsoft.us' },
  usGovL5: { label: 'US Government L5 (DoD)', authorityHost: 'https://login.microsoftonline.us', graphEndpoint: 'https://dod-graph.microsoft.us' },
  china: { label: 'China (21Vianet)', authorityHost: 'https://login.chinacloudapi.cn', graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn' },
};

export function isRealCloud(value: unknown): value is RealCloud {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CLOUDS, value);
}

/** `https://login…/{tenant}` for MSAL's `authority`. */
export function authorityUrl(cloud: RealCloud, tenantId: string): string {
  return `${CLOUDS[cloud].authorityHost}/${encodeURIComponent(tenantId)}`;
}

/** Graph root with version, e.g. `https://graph.microsoft.us/v1.0`. */
export function graphBaseUrl(cloud: RealCloud, version = 'v1.0'): string {
  return `${CLOUDS[cloud].graphEndpoint}/${version}`;
}

/**
 * Delegated scopes must name the cloud's Graph host (`https://graph.microsoft.us/Mail.Read`);
 * short names (`Mail.Read`) are qualified; app-only flows use `{graph}/.default`.
 */
export function qualifyScopes(cloud: RealCloud, scopes: readonly string[]): string[] {
  const host = CLOUDS[cloud].graphEndpoint;
  const out = scopes.map((s) => (/^https?:\/\//.test(s) || ['openid', 'profile', 'offline_access', 'email'].includes(s) ? s : `${host}/${s}`));
  return out.length > 0 ? out : [`${host}/.default`];
}

export function defaultScope(cloud: RealCloud): string {
  return `${CLOUDS[cloud].graphEndpoint}/.default`;
}
