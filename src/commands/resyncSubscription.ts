import { CommandId } from '../constants';
import { isGraphRequestError } from '../graph/errors';
import type { ResyncReport } from '../services';
import { UserFacingError } from '../util/errors';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/**
 * Resync: runs the delta query of the subscription's resource (also of one Graph removed: its last
 * known definition), shows what changed since the last notification or resync, keeps the new
 * deltaLink; resolves to the report.
 */
export const resyncSubscription = (deps: CommandDeps) => async (arg?: TargetArg): Promise<ResyncReport> => {
  const { account, subscription } = await pickSubscription(deps, arg);
  const plan = deps.resync.plan(subscription.resource);
  if (!plan.ok) throw new UserFacingError(plan.reason);
  try {
    return await deps.resync.run(account, subscription);
  } catch (error) {
    if (!isGraphRequestError(error)) throw error;
    const retry = { title: 'Retry', command: CommandId.resyncSubscription, args: [{ accountId: account.id, subscriptionId: subscription.id }] };
    const hint = error.status === 403 ? ` The account needs read permission on ${subscription.resource} (${plan.source}).` : '';
    throw new UserFacingError(`The delta query for ${subscription.resource} failed: ${error.message}.${hint}`, [retry], undefined, { cause: error });
  }
};
