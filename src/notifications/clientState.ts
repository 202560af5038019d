/**
 * clientState check (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks): the value Graph echoes is compared, in constant time, with the value
 * recorded when the subscription was created from this extension. No `vscode` import.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CheckVerdict } from './history';

/** Where the recorded clientState of a subscription comes from (SecretStorage in VS Code). */
export interface ClientStateSource {
  get(subscriptionId: string): Promise<string | undefined>;
}

/**
 * Constant-time equality of two strings. Both sides are hashed first so that the comparison
 * runs on equal-length buffers and leaks neither content nor length.
 */
export function constantTimeEquals(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/**
 * - pass: both present and equal;
 * - fail "mismatch": recorded and received differ, or one of them is missing while the other is set;
 * - skip "notRecorded": the subscription was not created from this extension (nothing to compare).
 */
export function checkClientState(recorded: string | undefined, received: string | null | undefined): CheckVerdict {
  const got = typeof received === 'string' && received.length > 0 ? received : undefined;
  if (recorded === undefined) {
    return got === undefined ? { status: 'skip', reason: 'none set' } : { status: 'skip', reason: 'notRecorded' };
  }
  if (got === undefined) return { status: 'fail', reason: 'missing' };
  return constantTimeEquals(recorded, got) ? { status: 'pass' } : { status: 'fail', reason: 'mismatch' };
}
