/**
 * Update drafts: a subscription shown with only the properties PATCH accepts [UPD-L, RICH-L].
 * Pure: no `vscode` import.
 */
import type { Subscription, SubscriptionUpdate } from '../graph/types';

/** Properties `PATCH /subscriptions/{id}` accepts, in the order they are shown. */
export const UPDATABLE_PROPERTIES = ['expirationDateTime', 'notificationUrl', 'encryptionCertificate', 'encryptionCertificateId'] as const;
export type UpdatableProperty = (typeof UPDATABLE_PROPERTIES)[number];

/** The JSON text of an update draft for `subscription`: only updatable, non-empty properties. */
export function updateDraftText(subscription: Subscription, indent = '\t'): string {
  const body: Record<string, string> = {};
  for (const key of UPDATABLE_PROPERTIES) {
    const value = subscription[key];
    if (typeof value === 'string' && value !== '') body[key] = value;
  }
  return `${JSON.stringify(body, null, indent)}\n`;
}

/**
 * The PATCH body from a parsed update draft: updatable properties only and, when the original is
 * known, only those that changed (an unchanged notificationUrl would make Graph validate the
 * endpoint again). PATCH must carry expirationDateTime or notificationUrl [UPD-L], so an
 * otherwise empty patch keeps expirationDateTime.
 */
export function updatePatch(draft: Record<string, unknown>, original?: Partial<Subscription>): SubscriptionUpdate {
  const patch: SubscriptionUpdate = {};
  for (const key of UPDATABLE_PROPERTIES) {
    const value = draft[key];
    if (typeof value !== 'string') continue;
    if (original && original[key] === value) continue;
    patch[key] = value;
  }
  if (patch.expirationDateTime === undefined && patch.notificationUrl === undefined && typeof draft.expirationDateTime === 'string') {
    patch.expirationDateTime = draft.expirationDateTime;
  }
  return patch;
}

/** Top-level properties of an update draft that PATCH would ignore (shown to the user). */
export function ignoredUpdateProperties(draft: Record<string, unknown>): string[] {
  return Object.keys(draft).filter((k) => !(UPDATABLE_PROPERTIES as readonly string[]).includes(k));
}
