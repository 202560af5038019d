import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/** Renews to the latest expiration Graph accepts for the resource; resolves to the subscription. */
export const renewToMax = (deps: CommandDeps) => async (arg?: TargetArg) => {
  const { account, subscription } = await pickSubscription(deps, arg);
  return deps.actions.renewToMax(account, subscription, 'user');
};
