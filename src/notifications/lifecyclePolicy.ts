/**
 * What to do about a lifecycle event (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events), as a pure decision. The rule "never a reauthorize and a
 * PATCH for the same subscription within 10 minutes" is kept by `RecentActions`
 * (src/graph/recentActions.ts); its verdict arrives here as `recent`. No `vscode` import.
 */
import type { Trust } from './history';

export type LifecycleDecision =
  | { do: 'renew' | 'reauthorize' }
  | { do: 'confirmUnverified'; reason: string; then: LifecycleDecision }
  | { do: 'ask'; options: ('renew' | 'reauthorize')[] }
  | { do: 'offerRecreate' }
  | { do: 'warnResync' }
  | { do: 'refuseUntrusted' }
  | { do: 'wait'; reason: string }
  | { do: 'ignore'; reason: string };

export function decideLifecycle(
  event: string,
  context: { trust: Trust; autoRenew: boolean; recent?: { action: string; at: number }; now?: number },
): LifecycleDecision {
  if (context.trust === 'untrusted') return { do: 'refuseUntrusted' };
  if (context.trust === 'unverified') {
    // Nothing proved Graph sent it (no clientState recorded, no tokens): anyone who knows the
    // URL can. The user decides, seeing why; auto-renew never acts on it alone.
    // What the user is offered once they read why (never the automatic renewal).
    const then = decideLifecycle(event, { ...context, trust: 'verified', autoRenew: false });
    if (then.do === 'ignore' || then.do === 'wait') return then;
    return {
      do: 'confirmUnverified',
      reason: 'nothing verified that Graph sent it: no clientState was recorded for this subscription and the notification carried no validation tokens',
      then,
    };
  }
  switch (event) {
    case 'reauthorizationRequired':
      if (context.recent) {
        const minutes = Math.round(((context.now ?? Date.now()) - context.recent.at) / 60_000);
        return { do: 'wait', reason: `a ${context.recent.action} was sent ${minutes} min ago; Graph asks for 10 minutes between a reauthorize and a PATCH` };
      }
      // Renewing (PATCH) also reauthorizes, so auto-renew does both in one call (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events).
      return context.autoRenew ? { do: 'renew' } : { do: 'ask', options: ['renew', 'reauthorize'] };
    case 'subscriptionRemoved':
      return { do: 'offerRecreate' };
    case 'missed':
      return { do: 'warnResync' };
    default:
      return { do: 'ignore', reason: `unknown lifecycle event "${event}" (ignored and logged, as Graph advises)` };
  }
}
