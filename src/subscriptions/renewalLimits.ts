/**
 * How far a subscription may be renewed, and the create body that recreates one. Pure: no `vscode`.
 * Lifetimes: https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime
 */
import { matchResource, maxExpiration } from '../catalog/index';
import type { Subscription } from '../graph/types';

/** Fallback when the catalog does not know a resource: the most common maximum (4,230 min). */
export const UNKNOWN_RESOURCE_MAX_MINUTES = 4230;
/** Margin so a "to maximum" renewal is never beyond the limit when it reaches Graph. */
export const MAX_RENEW_SAFETY_MS = 60_000;

/** The latest expiration Graph accepts for this subscription, renewed at `now`. */
export function maxRenewalExpiration(sub: Pick<Subscription, 'resource' | 'includeResourceData'>, now: Date): { expiration: Date; known: boolean } {
  const match = matchResource(sub.resource);
  if (match.ok) {
    const max = maxExpiration(match.entry, sub.includeResourceData === true, now);
    return { expiration: new Date(max.getTime() - MAX_RENEW_SAFETY_MS), known: true };
  }
  return { expiration: new Date(now.getTime() + UNKNOWN_RESOURCE_MAX_MINUTES * 60_000 - MAX_RENEW_SAFETY_MS), known: false };
}

/** Read-only or server-assigned properties dropped when recreating from a last known definition. */
const READ_ONLY = new Set(['id', 'applicationId', 'creatorId', '@odata.context', '@odata.type', 'notificationContentType']);

/** A create body from a last known subscription: no read-only fields, no nulls, a fresh expiration. */
export function recreateDraft(sub: Subscription, expirationDateTime: string): Record<string, unknown> {
  const draft: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(sub)) {
    if (READ_ONLY.has(k) || v === null || v === undefined || v === '') continue;
    draft[k] = v;
  }
  draft.expirationDateTime = expirationDateTime;
  return draft;
}
