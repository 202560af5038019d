/**
 * clientState check (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks): the value Graph echoes is compared, in constant time, with the value
 * recorded when the subscription was created from this extension. No `vscode` import.
 */
import * as crypto from 'node:crypto';
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
  return timingSafeEqual(digestOf(a, true), digestOf(b, false));
}

/**
 * Digests of recorded clientStates (a handful of subscriptions, one comparison per notification):
 * computed once each, not per notification. Bounded; received values are never cached.
 */
const recordedDigests = new Map<string, Buffer>();

/** Node's one-shot hash (20.12+) where there is one: no Hash object per notification. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash;
function sha256(value: string): Buffer {
  return oneShot ? oneShot('sha256', value, 'buffer') : createHash('sha256').update(value, 'utf8').digest();
}
const MAX_CACHED_DIGESTS = 256;

function digestOf(value: string, recorded: boolean): Buffer {
  const cached = recorded ? recordedDigests.get(value) : undefined;
  if (cached) return cached;
  const digest = sha256(value);
  if (recorded) {
    if (recordedDigests.size >= MAX_CACHED_DIGESTS) recordedDigests.delete(recordedDigests.keys().next().value as string);
    recordedDigests.set(value, digest);
  }
  return digest;
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
