/**
 * The receiver URLs a draft should use: local (loopback http) for the sandbox, public (tunnel) for
 * real tenants, a placeholder when there is no public URL yet.
 */
import type { Account, ReceiverEndpoints } from '../services';
import { PUBLIC_LIFECYCLE_PLACEHOLDER, PUBLIC_URL_PLACEHOLDER } from './draftTemplate';

export function notificationUrlFor(endpoints: ReceiverEndpoints | undefined, account: Pick<Account, 'isSandbox'> | undefined): string | undefined {
  if (!endpoints) return undefined;
  return account?.isSandbox ? endpoints.localNotificationUrl : endpoints.publicNotificationUrl;
}

/**
 * The lifecycle URL for a draft: the receiver's (local for the sandbox, public otherwise), else the
 * draft's own https notificationUrl (Graph accepts the same URL for both), else a placeholder.
 */
export function lifecycleUrlFor(
  endpoints: ReceiverEndpoints | undefined,
  account: Pick<Account, 'isSandbox'> | undefined,
  draftNotificationUrl?: unknown,
): string {
  const url = endpoints ? (account?.isSandbox ? endpoints.localLifecycleUrl : endpoints.publicLifecycleUrl) : undefined;
  if (url) return url;
  if (typeof draftNotificationUrl === 'string' && /^https:\/\/[^<>\s]+$/i.test(draftNotificationUrl)) return draftNotificationUrl;
  return PUBLIC_LIFECYCLE_PLACEHOLDER;
}

export { PUBLIC_URL_PLACEHOLDER };
