/**
 * A sign-in that could not reach the Microsoft identity platform (offline, DNS, proxy, firewall):
 * MSAL reports `network_error: Network request failed: fetch failed`; the user reads which account
 * could not sign in, where it tried to go, and gets Retry (and the Sandbox, which needs no
 * network). No `vscode` import.
 */
import { CommandId } from '../constants';
import { expectedCondition, type UserFacingError } from '../util/errors';
import { CLOUDS, type RealCloud } from './clouds';

const NETWORK = /network_error|fetch failed|network request failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up/i;

/** Whether a sign-in error means the login host could not be reached (not a refusal by it). */
export function isNetworkFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { errorCode?: unknown; code?: unknown; message?: unknown; cause?: unknown };
  if (e.errorCode === 'network_error') return true;
  if (typeof e.code === 'string' && NETWORK.test(e.code)) return true;
  if (typeof e.message === 'string' && NETWORK.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== error && isNetworkFailure(e.cause);
}

export interface SignInTarget {
  /** What the user calls it (registrationLabel). */
  label: string;
  cloud: RealCloud;
  /** The sign-in command's argument that repeats this sign-in. */
  accountId: string;
}

export function signInUnreachable(target: SignInTarget): UserFacingError {
  const host = new URL(CLOUDS[target.cloud].authorityHost).host;
  return expectedCondition(
    `Could not reach ${host} to sign in to ${target.label}: this machine seems to be offline, or a proxy or firewall blocks it. Retry when you are online; the Sandbox works without a network.`,
    [
      { title: 'Retry', command: CommandId.signIn, args: [{ accountId: target.accountId }] },
      { title: 'Open the Sandbox', command: CommandId.openSandbox },
    ],
  );
}
