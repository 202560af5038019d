/**
 * Checks the validation tokens of notifications with resource data
 * (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#validating-the-authenticity-of-notifications)
 * against the right keys and audiences: the cloud of the account that owns the subscription (the
 * Sandbox's own keys for the Sandbox), the application ids of the signed-in accounts and of the
 * subscription's notificationUrlAppId. No `vscode` import.
 */
import type { JWTVerifyGetKey } from 'jose';
import type { Subscription } from '../graph/types';
import type { Account, AccountService, SubscriptionStoreService } from '../services';
import { acceptedIssuers, jwksUrlForCloud, remoteKeys, validateTokens, type TokenVerdict } from './validateTokens';

export type NotificationTokenValidator = (tokens: readonly (string | null)[], tenantIds: readonly string[], subscriptionIds: readonly string[]) => Promise<TokenVerdict[]>;

export function notificationTokenValidator(deps: { accounts: AccountService; store: SubscriptionStoreService }): NotificationTokenValidator {
  /** Which account a subscription belongs to (tree cache, then the last known definition). */
  const owner = (subscriptionId: string): { account: Account; subscription?: Subscription } | undefined => {
    for (const account of deps.accounts.list()) {
      const sub = deps.store.subscriptions(account.id)?.find((x) => x.id === subscriptionId);
      if (sub) return { account, subscription: sub };
    }
    const known = deps.store.lastKnownDefinition(subscriptionId);
    const account = known ? deps.accounts.get(known.accountId) : undefined;
    return account && known ? { account, subscription: known.subscription } : undefined;
  };

  const sandboxKeys = (): JWTVerifyGetKey | undefined => {
    const base = deps.accounts.sandboxEmulator()?.baseUrl;
    if (!base) return undefined;
    return remoteKeys(`${new URL(base).origin}/common/discovery/v2.0/keys`);
  };

  return async (tokens, tenantIds, subscriptionIds) => {
    const owners = subscriptionIds.map(owner).filter((o): o is NonNullable<typeof o> => o !== undefined);
    const appIds = new Set<string>();
    for (const a of deps.accounts.list()) if (a.applicationId) appIds.add(a.applicationId);
    for (const o of owners) if (o.subscription?.notificationUrlAppId) appIds.add(o.subscription.notificationUrlAppId);
    const cloudAccount = owners[0]?.account;
    let keys: JWTVerifyGetKey;
    if (cloudAccount?.isSandbox) {
      keys = sandboxKeys() ?? remoteKeys(jwksUrlForCloud('global'));
    } else if (cloudAccount && cloudAccount.cloud !== 'sandbox') {
      keys = remoteKeys(jwksUrlForCloud(cloudAccount.cloud));
    } else {
      // Subscription not created from this window: the sandbox's keys when it runs, else the global cloud's.
      const sandbox = sandboxKeys();
      const global = remoteKeys(jwksUrlForCloud('global'));
      keys = sandbox ? ((async (header, token) => Promise.resolve().then(() => sandbox(header, token)).catch(() => global(header, token))) as JWTVerifyGetKey) : global;
    }
    const cloud = cloudAccount && cloudAccount.cloud !== 'sandbox' ? cloudAccount.cloud : 'global';
    return validateTokens(tokens, { keys, appIds: [...appIds], tenantIds, issuersFor: (t) => acceptedIssuers(cloud, t) });
  };
}
