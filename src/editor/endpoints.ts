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

export function lifecycleUrlFor(endpoints: ReceiverEndpoints | undefined, account: Pick<Account, 'isSandbox'> | undefined): string {
  const url = endpoints ? (account?.isSandbox ? endpoints.localLifecycleUrl : endpoints.publicLifecycleUrl) : undefined;
  return url ?? PUBLIC_LIFECYCLE_PLACEHOLDER;
}

export { PUBLIC_URL_PLACEHOLDER };
