/**
 * The emulator's identity provider: one RSA key with a self-signed certificate signs the sandbox
 * bearer tokens and the `validationTokens` of rich notifications, and is published as a JWKS the
 * way Microsoft Entra publishes its keys (`kid` = `x5t`, with `x5c`); see
 * https://learn.microsoft.com/en-us/entra/identity-platform/signing-key-rollover and
 * https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#validating-the-authenticity-of-notifications
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, X509Certificate, type JsonWebKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { AccountKind } from '../catalog/types';
import { GRAPH_CHANGE_TRACKING_APP_ID } from '../graph/types';
import { selfSignedCertificateDer } from '../notifications/certificates';
import { EmulatorHttpError, Messages } from './errors';

/** Microsoft's tenant id for personal Microsoft accounts (the `tid` of MSA tokens). */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
/** The sandbox's default application (client) id. */
export const SANDBOX_APP_ID = '5a1db0c5-0000-4e1a-9c1d-5a2db0c50000';
/**
 * The Sandbox's second application: a daemon app with application permissions (roles), so
 * app-only resources can be tried offline. Another app than SANDBOX_APP_ID, as a daemon usually
 * is, so each lists only its own subscriptions.
 */
export const SANDBOX_DAEMON_APP_ID = '5a1db0c5-0000-4e1a-9c1d-5a2db0c5da0e';
/** The sandbox's default signed-in user (object id). */
export const SANDBOX_USER_ID = '5a1db0c5-0000-4e1a-9c1d-000000000001';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
/** Custom claim telling delegated work/school from personal (scp alone cannot). */
export const ACCOUNT_KIND_CLAIM = 'gs_account_kind';

export interface TokenRequest {
  accountKind: AccountKind;
  permissions: readonly string[];
  appId?: string;
  userId?: string;
  tenantId?: string;
  lifetimeSeconds?: number;
  /** Default 1.0 (Graph access tokens are v1.0 tokens). */
  version?: TokenVersion;
}

/** Who is calling, read from a verified bearer token. */
export interface Principal {
  accountKind: AccountKind;
  tenantId: string;
  appId: string;
  /** Delegated: the user's object id; application: the app's service principal id. */
  objectId: string;
  permissions: string[];
}

/** `1.0`: what Graph sends today (iss `https://sts.windows.net/{tid}/`); `2.0`: the form Learn's example shows. */
export type TokenVersion = '1.0' | '2.0';

/** Reads `1`, `1.0`, `2`, `2.0`; undefined for anything else. */
export function parseTokenVersion(value: unknown): TokenVersion | undefined {
  const v = String(value ?? '').trim();
  if (v === '1' || v === '1.0') return '1.0';
  if (v === '2' || v === '2.0') return '2.0';
  return undefined;
}

/** Seconds a validation token lives: `exp - iat` of the genuine v1.0 tokens Graph sent (2022, 2023). */
export const VALIDATION_TOKEN_LIFETIME_SECONDS = 86_700;

export interface SerializedKey {
  kid: string;
  privateJwk: JsonWebKey;
  /** Base64 DER of the self-signed certificate of the key (absent in state files from before it). */
  certificate?: string;
}

export class TokenAuthority {
  /** = `x5t`: base64url SHA-1 thumbprint of the certificate, as Entra's key ids are. */
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly certificateDer: Buffer;

  private constructor(privateKey: KeyObject, certificateDer: Buffer) {
    this.privateKey = privateKey;
    this.publicKey = createPublicKey(privateKey);
    this.certificateDer = certificateDer;
    this.kid = createHash('sha1').update(certificateDer).digest('base64url');
  }

  static async generate(): Promise<TokenAuthority> {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return new TokenAuthority(privateKey, await certificateFor(privateKey));
  }

  /** Restores the key; a state file written before certificates gets one now (its kid changes once). */
  static async restore(serialized: SerializedKey): Promise<TokenAuthority> {
    const key = createPrivateKey({ key: serialized.privateJwk, format: 'jwk' });
    if (serialized.certificate) {
      const der = Buffer.from(serialized.certificate, 'base64');
      try {
        if (new X509Certificate(der).checkPrivateKey(key)) return new TokenAuthority(key, der);
      } catch {
        // A damaged certificate: make a new one below.
      }
    }
    return new TokenAuthority(key, await certificateFor(key));
  }

  serialize(): SerializedKey {
    return { kid: this.kid, privateJwk: this.privateKey.export({ format: 'jwk' }), certificate: this.certificateDer.toString('base64') };
  }

  /** The public key set served at the JWKS endpoints, shaped like Entra's (`x5t`, `x5c`). */
  jwks(issuer?: string): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' });
    const key: Record<string, unknown> = { kty: 'RSA', use: 'sig', kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e, x5c: [this.certificateDer.toString('base64')] };
    if (issuer) key.issuer = issuer;
    return { keys: [key] };
  }

  /** A bearer token shaped like a Microsoft Graph access token (ver 1.0). */
  async issueAccessToken(request: TokenRequest, defaults: { tenantId: string }, now: Date): Promise<string> {
    const kind = request.accountKind;
    const tenantId = kind === 'delegatedPersonal' ? CONSUMER_TENANT_ID : (request.tenantId ?? defaults.tenantId);
    const appId = request.appId ?? SANDBOX_APP_ID;
    const objectId = kind === 'application' ? servicePrincipalId(appId) : (request.userId ?? SANDBOX_USER_ID);
    const iat = Math.floor(now.getTime() / 1000);
    const v2 = request.version === '2.0';
    const claims: Record<string, unknown> = {
      tid: tenantId,
      ...(v2 ? { azp: appId, azpacr: '0' } : { appid: appId, appidacr: '0' }),
      oid: objectId,
      idtyp: kind === 'application' ? 'app' : 'user',
      ver: v2 ? '2.0' : '1.0',
      uti: randomUUID(),
      [ACCOUNT_KIND_CLAIM]: kind,
    };
    if (kind === 'application') claims.roles = [...request.permissions];
    else claims.scp = request.permissions.join(' ');
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid, x5t: this.kid })
      .setIssuer(tokenIssuer(tenantId, v2 ? '2.0' : '1.0'))
      .setAudience(GRAPH_AUDIENCE)
      .setSubject(objectId)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + (request.lifetimeSeconds ?? 3600))
      .sign(this.privateKey);
  }

  /**
   * Reads the `Authorization` header; throws 401 with Graph's body when it is missing or the token
   * does not verify (signature, audience, lifetime).
   */
  async authenticate(authorization: string | undefined, now: Date): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw unauthenticated(Messages.tokenEmpty);
    const token = match[1];
    if (token.split('.').length !== 3) throw unauthenticated(Messages.tokenMalformed);
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.publicKey, { audience: GRAPH_AUDIENCE, currentDate: now, algorithms: ['RS256'] }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated(Messages.tokenExpired);
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') throw unauthenticated(Messages.tokenInvalid);
      throw unauthenticated(Messages.tokenSignature);
    }
    const kind = payload[ACCOUNT_KIND_CLAIM];
    const accountKind: AccountKind =
      kind === 'delegatedWork' || kind === 'delegatedPersonal' || kind === 'application'
        ? kind
        : Array.isArray(payload.roles) && typeof payload.scp !== 'string'
          ? 'application'
          : payload.tid === CONSUMER_TENANT_ID
            ? 'delegatedPersonal'
            : 'delegatedWork';
    const permissions =
      accountKind === 'application'
        ? (Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [])
        : typeof payload.scp === 'string'
          ? payload.scp.split(' ').filter(Boolean)
          : [];
    return {
      accountKind,
      tenantId: String(payload.tid ?? ''),
      appId: String(payload.appid ?? payload.azp ?? ''),
      objectId: String(payload.oid ?? payload.sub ?? ''),
      permissions,
    };
  }

  /**
   * A `validationTokens` entry, shaped like the tokens Graph sends
   * (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#validation-tokens-in-the-change-notification):
   * audience = the subscribing app (or notificationUrlAppId), caller = Graph's change-notification
   * publisher. Version 1.0 (default) is what Graph really sends: `appid`/`appidacr`, `idp`, issuer
   * `https://sts.windows.net/{tid}/`, no `azp`; 2.0 is the example on Learn: `azp`/`azpacr`,
   * issuer `https://login.microsoftonline.com/{tid}/v2.0`.
   */
  async issueValidationToken(audience: string, tenantId: string, now: Date, version: TokenVersion = '1.0'): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    const issuer = tokenIssuer(tenantId, version);
    const publisher = servicePrincipalId(GRAPH_CHANGE_TRACKING_APP_ID);
    const opaque = (bytes: number) => randomBytes(bytes).toString('base64url');
    const claims: Record<string, unknown> =
      version === '1.0'
        ? {
            aio: `E2${opaque(42)}`,
            appid: GRAPH_CHANGE_TRACKING_APP_ID,
            appidacr: '2',
            idp: issuer,
            oid: publisher,
            rh: `0.A${opaque(60)}.`,
            tid: tenantId,
            uti: opaque(16),
            ver: '1.0',
          }
        : {
            aio: `E2${opaque(42)}`,
            azp: GRAPH_CHANGE_TRACKING_APP_ID,
            azpacr: '2',
            oid: publisher,
            rh: `0.A${opaque(60)}.`,
            tid: tenantId,
            uti: opaque(16),
            ver: '2.0',
          };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(version === '1.0' ? { x5t: this.kid } : {}), kid: this.kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(publisher)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + VALIDATION_TOKEN_LIFETIME_SECONDS)
      .sign(this.privateKey);
  }
}

/** Issuer of the tenant's tokens: v1.0 `https://sts.windows.net/{tid}/`, v2.0 `https://login.microsoftonline.com/{tid}/v2.0`. */
export function tokenIssuer(tenantId: string, version: TokenVersion): string {
  return version === '1.0' ? `https://sts.windows.net/${tenantId}/` : `https://login.microsoftonline.com/${tenantId}/v2.0`;
}

function certificateFor(privateKey: KeyObject): Promise<Buffer> {
  const notBefore = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000);
  return selfSignedCertificateDer(privateKey, createPublicKey(privateKey), {
    commonName: 'accounts.accesscontrol.windows.net (Graph Subscriptions emulator)',
    notBefore,
    notAfter: new Date(notBefore.getTime() + 5 * 365 * 86_400_000),
  });
}

/** A stable, fake service principal object id for an app id (the sandbox has no directory). */
export function servicePrincipalId(appId: string): string {
  const h = createHash('sha1').update(`sp:${appId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function unauthenticated(message: string): EmulatorHttpError {
  return new EmulatorHttpError(401, 'InvalidAuthenticationToken', message, {
    'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
}
