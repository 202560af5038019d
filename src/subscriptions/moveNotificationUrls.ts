/**
 * When the tunnel comes up with a new public URL, the subscriptions still pointing at the old one
 * get their notificationUrl PATCHed to the new one (a PATCH of notificationUrl is allowed:
 * https://learn.microsoft.com/en-us/graph/api/subscription-update). No `vscode` import.
 */
import type { Subscription } from '../graph/types';
import type { Account, AccountService, PublicUrlChange, SubscriptionStoreService } from '../services';
import type { Logger } from '../util/logger';

export interface MoveDeps {
  accounts: Pick<AccountService, 'list'>;
  store: Pick<SubscriptionStoreService, 'subscriptions' | 'upsert'>;
  log: Logger;
}

/** Subscriptions (per account) whose notificationUrl starts with `oldUrl`. */
export function subscriptionsUsing(deps: MoveDeps, oldUrl: string): { account: Account; subscription: Subscription }[] {
  const out: { account: Account; subscription: Subscription }[] = [];
  for (const account of deps.accounts.list()) {
    for (const subscription of deps.store.subscriptions(account.id) ?? []) {
      if (subscription.notificationUrl.startsWith(oldUrl)) out.push({ account, subscription });
    }
  }
  return out;
}

/**
 * PATCHes notificationUrl from the old public URL to the new one; counts what worked.
 * `onlySubscriptionId`: just that one (the watchdog's "Re-point to This Receiver").
 */
export async function moveNotificationUrls(deps: MoveDeps, change: PublicUrlChange, onlySubscriptionId?: string): Promise<{ updated: number; failed: number }> {
  let updated = 0;
  let failed = 0;
  for (const { account, subscription } of subscriptionsUsing(deps, change.oldUrl)) {
    if (onlySubscriptionId !== undefined && subscription.id !== onlySubscriptionId) continue;
    const notificationUrl = change.newUrl + subscription.notificationUrl.slice(change.oldUrl.length);
    try {
      const result = await account.client.update(subscription.id, { notificationUrl });
      deps.store.upsert(account.id, result);
      updated++;
    } catch (error) {
      failed++;
      deps.log.error(`Updating notificationUrl of ${subscription.id} failed`, error);
    }
  }
  return { updated, failed };
}
