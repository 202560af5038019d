/**
 * Checks every `validationTokens` JWT of a notification POST (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data) with `jose`:
 * signature against the cloud's OpenID keys (or the emulator's), expiry and not-before, issuer in
 * one of the accepted forms for the notification's tenant, audience = one of the app ids, and the
 * caller (`azp` for v2.0 tokens, `appid` for v1.0) = Graph's change-notification publisher.
 * Each failure has a reason. Tokens are never returned or logged whole. No `vscode` import.
 */
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { GRAPH_CHANGE_TRACKING_APP_ID } from '../graph/types';
import type { CloudName } from '../services';
import { maskValue } from '../util/logger';

export type TokenFailureReason =
  | 'malformed'
  | 'expired'
  | 'notYetValid'
  | 'badSignature'
  | 'unknownKey'
  | 'keysUnavailable'
  | 'wrongIssuer'
  | 'wrongAudience'
  | 'wrongPublisher'
  | 'wrongTenant'
  | 'missingClaim'
  | 'noKeyId'
  | 'null';

export interface TokenVerdict {
  index: number;
  ok: boolean;
  reason?: TokenFailureReason;
  /** Human-readable detail, free of the token itself. */
  detail?: string;
  /** `eyJ0…(812 chars)`. */
  masked: string;
  /** Claims safe to show (tid, aud, ver), when the token could be decoded. */
  tenantId?: string;
}

/** Authority hosts per cloud (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data: "issued by the Microsoft identity platform"). */
export const AUTHORITY_HOSTS: Readonly<Record<Exclude<CloudName, 'sandbox'>, readonly string[]>> = {
  global: ['login.microsoftonline.com', 'sts.windows.net'],
  usGovL4: ['login.microsoftonline.us', 'sts.windows.net'],
  usGovL5: ['login.microsoftonline.us', 'sts.windows.net'],
  china: ['login.chinacloudapi.cn', 'sts.chinacloudapi.cn'],
};

/** JWKS of each cloud (the JS sample's `common/discovery/v2.0/keys`). */
export function jwksUrlForCloud(cloud: Exclude<CloudName, 'sandbox'>): string {
  return `https://${AUTHORITY_HOSTS[cloud][0]}/common/discovery/v2.0/keys`;
}

/**
 * Accepted issuers for a tenant: the v2 form `https://{host}/{tid}/v2.0` and the v1 form
 * `https://{host}/{tid}/` for every authority host of the cloud (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data "[DERIVED] accept both").
 */
export function acceptedIssuers(cloud: Exclude<CloudName, 'sandbox'>, tenantId: string): string[] {
  const out: string[] = [];
  for (const host of AUTHORITY_HOSTS[cloud]) out.push(`https://${host}/${tenantId}/v2.0`, `https://${host}/${tenantId}/`);
  return out;
}

export interface TokenValidationOptions {
  /** Key source: `createRemoteJWKSet(url)` or `createLocalJWKSet(jwks)`. */
  keys: JWTVerifyGetKey;
  /** The app ids notifications may be addressed to (aud). */
  appIds: readonly string[];
  /**
   * The tenants the user actually has (signed-in accounts, their subscriptions): a token's
   * issuer and `tid` must be one of them. Never the POST's own items — a genuine token of another
   * tenant for the same app id (a shared or multi-tenant app) would then vouch for a forgery.
   */
  tenantIds: readonly string[];
  /** Issuers accepted for a tenant (see `acceptedIssuers`; the sandbox passes the emulator's). */
  issuersFor: (tenantId: string) => readonly string[];
  /** Publisher app id; default Graph's change-notification publisher. */
  publisherAppId?: string;
  /** Seconds of clock skew tolerated on exp/nbf. Default 300 (as Microsoft's libraries). */
  clockToleranceSeconds?: number;
  /** Fixed "now" for tests. */
  currentDate?: Date;
}

/** Remote JWKS per URL, cached by jose (keys rotate daily; jose refetches on an unknown kid). */
const remoteSets = new Map<string, JWTVerifyGetKey>();
export function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  let set = remoteSets.get(jwksUrl);
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: 60 * 60 * 1000, cooldownDuration: 30_000, timeoutDuration: 5_000 });
    remoteSets.set(jwksUrl, set);
  }
  return set;
}

function fail(index: number, token: string, reason: TokenFailureReason, detail: string, tenantId?: string): TokenVerdict {
  return { index, ok: false, reason, detail, masked: maskValue(token), ...(tenantId ? { tenantId } : {}) };
}

export async function validateToken(token: string, index: number, options: TokenValidationOptions): Promise<TokenVerdict> {
  if (typeof token !== 'string' || token.length === 0) {
    return { index, ok: false, reason: 'null', detail: 'Token is null or empty: the app may require app role assignment (https://learn.microsoft.com/graph/change-notifications-with-resource-data)', masked: '(none)' };
  }
  let unverified: JWTPayload;
  let kid: unknown;
  try {
    unverified = decodeJwt(token);
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return fail(index, token, 'malformed', 'Not a JWT');
  }
  const tid = typeof unverified.tid === 'string' ? unverified.tid : undefined;
  // The identity platform always names its signing key; without one there is nothing to look up.
  if (typeof kid !== 'string' || kid.length === 0) return fail(index, token, 'noKeyId', 'The token header has no key id (kid)', tid);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, options.keys, {
      algorithms: ['RS256'],
      // Graph's validation tokens always carry all three; a token without exp would never expire.
      requiredClaims: ['exp', 'iat', 'nbf'],
      clockTolerance: options.clockToleranceSeconds ?? 300,
      ...(options.currentDate ? { currentDate: options.currentDate } : {}),
    }));
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const claim = (error as { claim?: string }).claim;
    switch (code) {
      case 'ERR_JWT_EXPIRED':
        return fail(index, token, 'expired', `Expired at ${new Date((unverified.exp ?? 0) * 1000).toISOString()}`, tid);
      case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
        if ((error as { reason?: string }).reason === 'missing') return fail(index, token, 'missingClaim', `Claim "${claim ?? '?'}" is missing (Graph's tokens carry exp, iat and nbf)`, tid);
        if (claim === 'nbf') return fail(index, token, 'notYetValid', 'Not valid yet (nbf in the future)', tid);
        return fail(index, token, 'malformed', `Claim "${claim ?? '?'}" invalid`, tid);
      case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
        return fail(index, token, 'badSignature', 'Signature does not verify with the issuer\'s key', tid);
      case 'ERR_JWKS_NO_MATCHING_KEY':
        return fail(index, token, 'unknownKey', 'Signed with a key the identity platform does not publish', tid);
      case 'ERR_JWKS_TIMEOUT':
      case 'ERR_JWKS_INVALID':
        return fail(index, token, 'keysUnavailable', 'Signing keys could not be fetched', tid);
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
        return fail(index, token, 'badSignature', 'Algorithm not allowed (RS256 expected)', tid);
      case 'ERR_JWS_INVALID':
      case 'ERR_JWT_INVALID':
        return fail(index, token, 'malformed', 'Malformed JWT', tid);
      default:
        return fail(index, token, 'keysUnavailable', `Verification failed: ${(error as Error).message ?? String(error)}`, tid);
    }
  }

  const iss = typeof payload.iss === 'string' ? payload.iss : '';
  const tenants = options.tenantIds;
  if (tenants.length === 0) {
    return fail(index, token, 'wrongTenant', `Token tenant ${tid ?? '(none)'} is not the tenant of any signed-in account; sign in to that tenant to trust its notifications`, tid);
  }
  const issuerTenant = tenants.find((t) => options.issuersFor(t).includes(iss));
  if (!issuerTenant) {
    if (tid && !tenants.includes(tid)) return fail(index, token, 'wrongTenant', `Token tenant ${tid} is not the tenant of any signed-in account`, tid);
    return fail(index, token, 'wrongIssuer', `Issuer "${iss}" is not the identity platform for tenant ${tenants.join(', ') || '(none)'}`, tid);
  }
  if (tid && !tenants.includes(tid)) {
    return fail(index, token, 'wrongTenant', `Token tenant ${tid} is not the tenant of any signed-in account`, tid);
  }
  const auds = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
  if (!auds.some((a) => options.appIds.includes(a))) {
    return fail(index, token, 'wrongAudience', `Audience ${auds.join(', ') || '(none)'} is not your app id (${options.appIds.join(', ') || 'none configured'})`, tid);
  }
  const publisher = options.publisherAppId ?? GRAPH_CHANGE_TRACKING_APP_ID;
  const ver = payload.ver === '1.0' ? '1.0' : '2.0';
  const caller = ver === '1.0' ? payload.appid : payload.azp;
  if (caller !== publisher) {
    return fail(index, token, 'wrongPublisher', `${ver === '1.0' ? 'appid' : 'azp'} is ${typeof caller === 'string' ? caller : '(none)'}, not Graph's change-notification publisher`, tid);
  }
  return { index, ok: true, masked: maskValue(token), ...(tid ? { tenantId: tid } : {}) };
}

/** Validates every token; https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data: if any fails, the whole POST is suspicious. */
export async function validateTokens(tokens: readonly (string | null)[], options: TokenValidationOptions): Promise<TokenVerdict[]> {
  return Promise.all(tokens.map((t, i) => validateToken(t ?? '', i, options)));
}
