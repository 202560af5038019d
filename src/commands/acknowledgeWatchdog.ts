import type { LifecycleAnswer } from '../watchdog/watchdogMemory';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

const ANSWERS: readonly LifecycleAnswer[] = ['renew', 'reauthorize', 'recreate', 'resync', 'delete', 'dismiss'];

/**
 * Marks a subscription's unanswered lifecycle events as handled (e.g. the changes after a `missed`
 * were fetched another way). `answer` defaults to 'dismiss', which settles every kind.
 */
export const acknowledgeWatchdog = (deps: CommandDeps) => async (arg?: TargetArg & { answer?: string }) => {
  const answer = ANSWERS.find((a) => a === arg?.answer) ?? 'dismiss';
  // A removed subscription is no longer listed: its id is enough.
  const subscriptionId = arg?.subscriptionId ?? (await pickSubscription(deps, arg)).subscription.id;
  deps.watchdog.answerLifecycle(subscriptionId, answer);
  return true;
};
