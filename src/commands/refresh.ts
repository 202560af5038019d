import type { TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/** Reloads one account's subscriptions (a tree node or `{accountId}`), or all. */
export const refresh = (deps: CommandDeps) => async (arg?: TargetArg) => {
  await deps.store.refresh(arg?.accountId);
};
