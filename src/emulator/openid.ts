/**
 * The emulator's OpenID metadata and signing keys, at the same paths as Microsoft Entra's
 * (https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri):
 * v1.0 `/{tenant}/.well-known/openid-configuration` (issuer `https://sts.windows.net/{tid}/`, keys
 * at `/common/discovery/keys`) and v2.0 `/{tenant}/v2.0/.well-known/openid-configuration` (issuer
 * `https://login.microsoftonline.com/{tid}/v2.0`). Every keys path serves the same key set, so a
 * jwks-rsa or jose client pointed at any of them finds the key a token's `kid` names.
 */
import type { EmulatorCore } from './core';
import { decodeSegment, sendJson, type Ctx } from './http';
import { tokenIssuer } from './tokens';

const V1_CONFIG = /^\/([^/]+)\/\.well-known\/openid-configuration$/;
const V2_CONFIG = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const KEYS = /^\/([^/]+)\/discovery(\/v2\.0)?\/keys$/;

/** Answers metadata and key requests (GET); returns false for any other route. */
export function routeOpenId(core: EmulatorCore, ctx: Ctx, method: string): boolean {
  if (method !== 'GET') return false;
  const v1 = V1_CONFIG.exec(ctx.path);
  const v2 = v1 ? undefined : V2_CONFIG.exec(ctx.path);
  if (v1 || v2) {
    ctx.req.resume();
    const segment = decodeSegment((v1 ?? v2)![1]);
    // Entra's multi-tenant documents name a placeholder issuer.
    const tenant = segment === 'common' || segment === 'organizations' ? '{tenantid}' : segment;
    sendJson(ctx, 200, {
      issuer: tokenIssuer(tenant, v1 ? '1.0' : '2.0'),
      jwks_uri: v1 ? `${core.baseUrl}/common/discovery/keys` : `${core.baseUrl}/${segment}/discovery/v2.0/keys`,
      authorization_endpoint: `${core.baseUrl}/${segment}/oauth2${v1 ? '' : '/v2.0'}/authorize`,
      token_endpoint: `${core.baseUrl}/_emulator/token`,
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
      subject_types_supported: ['pairwise'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'graph-subscriptions-emulator',
    });
    return true;
  }
  const keys = KEYS.exec(ctx.path);
  if (keys) {
    ctx.req.resume();
    // v2.0 key sets name the issuer of each key; v1.0 ones do not.
    sendJson(ctx, 200, core.authority.jwks(keys[2] ? tokenIssuer('{tenantid}', '2.0') : undefined));
    return true;
  }
  return false;
}
