import { describeGraphError, isGraphRequestError } from '../graph/errors';
import { accountNode } from '../tree/subscriptionTreeProvider';
import { subscriptionNodeId } from '../tree/treeModel';
import { UserFacingError } from '../util/errors';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

export interface ShowJsonArgs extends TargetArg {
  /** From a 409: find the existing subscription by resource (+ changeType) instead of id. */
  resource?: string;
  changeType?: string;
  /** Also select it in the tree. */
  reveal?: boolean;
}

/** Opens what Graph has now for a subscription as read-only JSON, clientState masked (a GET returns it, a list hides it). */
export const showSubscriptionJson = (deps: CommandDeps) => async (arg?: ShowJsonArgs) => {
  const { accounts, store, log } = deps;
  let a = arg;
  if (a && !a.subscriptionId && a.resource) {
    const norm = (r: string) => r.replace(/^\//, '').toLowerCase();
    const wanted = { resource: norm(a.resource), changeType: a.changeType };
    for (const acc of accounts.list().filter((x) => !arg?.accountId || x.id === arg.accountId)) {
      if (store.subscriptions(acc.id) === undefined) await store.refresh(acc.id);
      const hit = store.subscriptions(acc.id)?.find((s) => norm(s.resource) === wanted.resource && (!wanted.changeType || s.changeType === wanted.changeType));
      if (hit) {
        a = { ...a, accountId: acc.id, subscriptionId: hit.id };
        break;
      }
    }
    if (!a.subscriptionId) throw new UserFacingError(`No subscription to ${a.resource} is listed for this application.`);
  }
  const resolved = await pickSubscription(deps, a);
  const { account } = resolved;
  let subscription = resolved.subscription;
  try {
    subscription = await account.client.get(subscription.id);
    store.upsert(account.id, subscription);
  } catch (error) {
    if (isGraphRequestError(error) && error.status === 404) {
      store.remove(account.id, subscription.id);
      throw describeGraphError(error, { operation: 'get', subscription, account: { id: account.id, label: account.label, kind: account.kind, isSandbox: account.isSandbox } });
    }
    log.warn(`Show JSON: showing the cached definition of ${subscription.id}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (a?.reveal) {
    if (store.subscriptions(account.id) === undefined) await store.refresh(account.id);
    await deps.tree.provider.getChildren(accountNode(account));
    const node = deps.tree.provider.node(subscriptionNodeId(account.id, subscription.id));
    if (node) await deps.tree.view.reveal(node, { select: true, focus: true }).then(undefined, () => undefined);
  }
  // Read-only and masked (clientState as in the tooltip); showing it again reuses the open view.
  await deps.editor.jsonViews.showSubscription(account.id, subscription);
  return subscription;
};
