/** The tenant of an access token. No `vscode` import. */
import { decodeJwt } from 'jose';

/** `tid` of an access token (read, not verified: it is our own token from the identity platform). */
export function tenantOf(accessToken: string): string | undefined {
  try {
    const tid = decodeJwt(accessToken).tid;
    return typeof tid === 'string' && tid.length > 0 ? tid : undefined;
  } catch {
    return undefined; // not a JWT (e.g. an opaque personal-account token)
  }
}
