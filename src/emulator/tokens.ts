/**
 * The emulator's identity provider: one RSA key signs the sandbox bearer tokens and the
 * `validationTokens` of rich notifications, and is published as a JWKS [digest §9].
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { AccountKind } from '../catalog/types';
import { GRAPH_CHANGE_TRACKING_APP_ID } from '../graph/types';
import { EmulatorHttpError, Messages } from './errors';

/** Microsoft's tenant id for personal Microsoft accounts (the `tid` of MSA tokens). */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
/** The sandbox's default application (client) id. */
export const SANDBOX_APP_ID = '5a1db0c5-0000-4e1a-9c1d-5a2db0c50000';
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

export interface SerializedKey {
  kid: string;
  privateJwk: JsonWebKey;
}

export class TokenAuthority {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  private constructor(privateKey: KeyObject, kid: string) {
    this.privateKey = privateKey;
    this.publicKey = createPublicKey(privateKey);
    this.kid = kid;
  }

  static generate(): TokenAuthority {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return TokenAuthority.fromKey(privateKey);
  }

  static restore(serialized: SerializedKey): TokenAuthority {
    const key = createPrivateKey({ key: serialized.privateJwk, format: 'jwk' });
    return new TokenAuthority(key, serialized.kid);
  }

  private static fromKey(privateKey: KeyObject): TokenAuthority {
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    // RFC 7638 thumbprint, base64url, like Entra's key ids are opaque strings.
    const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
    const kid = createHash('sha256').update(canonical).digest('base64url');
    return new TokenAuthority(privateKey, kid);
  }

  serialize(): SerializedKey {
    return { kid: this.kid, privateJwk: this.privateKey.export({ format: 'jwk' }) };
  }

  /** The public key set served at the JWKS endpoint. */
  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid: this.kid, n: jwk.n, e: jwk.e }] };
  }

  /** A bearer token shaped like a Microsoft Graph access token (ver 1.0). */
  async issueAccessToken(request: TokenRequest, defaults: { tenantId: string }, now: Date): Promise<string> {
    const kind = request.accountKind;
    const tenantId = kind === 'delegatedPersonal' ? CONSUMER_TENANT_ID : (request.tenantId ?? defaults.tenantId);
    const appId = request.appId ?? SANDBOX_APP_ID;
    const objectId = kind === 'application' ? servicePrincipalId(appId) : (request.userId ?? SANDBOX_USER_ID);
    const iat = Math.floor(now.getTime() / 1000);
    const claims: Record<string, unknown> = {
      tid: tenantId,
      appid: appId,
      azp: appId,
      oid: objectId,
      idtyp: kind === 'application' ? 'app' : 'user',
      ver: '1.0',
      uti: randomUUID(),
      [ACCOUNT_KIND_CLAIM]: kind,
    };
    if (kind === 'application') claims.roles = [...request.permissions];
    else claims.scp = request.permissions.join(' ');
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(`https://sts.windows.net/${tenantId}/`)
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
   * A `validationTokens` entry [digest §9]: v2 token from the change-tracking publisher
   * (`azp`), audience = the subscribing app (or notificationUrlAppId), issuer of the tenant.
   */
  async issueValidationToken(audience: string, tenantId: string, now: Date, lifetimeSeconds = 24 * 3600): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({
      azp: GRAPH_CHANGE_TRACKING_APP_ID,
      azpacr: '2',
      tid: tenantId,
      oid: servicePrincipalId(GRAPH_CHANGE_TRACKING_APP_ID),
      ver: '2.0',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(validationTokenIssuer(tenantId))
      .setAudience(audience)
      .setSubject(servicePrincipalId(GRAPH_CHANGE_TRACKING_APP_ID))
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + lifetimeSeconds)
      .sign(this.privateKey);
  }
}

export function validationTokenIssuer(tenantId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/v2.0`;
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
