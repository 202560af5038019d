/**
 * The draft text after Graph accepted it: the server's subscription, keeping the order of the
 * properties the user wrote. Pure: no `vscode` import.
 */
import type { Subscription } from '../graph/types';
import { PROPERTY_SPECS } from '../validation';
import { detectIndent } from '../validation/jsonEdits';
import { propertyOrder } from './draftJson';
import { UPDATABLE_PROPERTIES, updateDraftText } from './updateDraft';

export { detectIndent } from '../validation/jsonEdits';

/**
 * New draft text for a created subscription: the response without nulls and OData annotations,
 * `id` first, then the user's properties in their order, then the rest.
 */
export function createdDraftText(draftText: string, response: Subscription): string {
  const indent = detectIndent(draftText);
  const written = new Set(propertyOrder(draftText));
  // Graph still echoes deprecated properties (notificationContentType); the validator would warn
  // about a property the user never wrote, so it is left out unless the user wrote it.
  const deprecated = (k: string) => (PROPERTY_SPECS as Record<string, { deprecated?: boolean } | undefined>)[k]?.deprecated === true;
  const entries = Object.entries(response as unknown as Record<string, unknown>).filter(
    ([k, v]) => v !== null && v !== undefined && !k.startsWith('@odata.') && (!deprecated(k) || written.has(k)),
  );
  const byKey = new Map(entries);
  const out: Record<string, unknown> = {};
  if (byKey.has('id')) out.id = byKey.get('id');
  for (const k of written) if (byKey.has(k)) out[k] = byKey.get(k);
  for (const [k, v] of entries) if (!(k in out)) out[k] = v;
  return `${JSON.stringify(out, null, indent)}\n`;
}

/** The update shape of the server's subscription (only what PATCH accepts), in the draft's indentation. */
export function updateShapeText(draftText: string, response: Subscription): string {
  return updateDraftText(response, detectIndent(draftText));
}

/**
 * New draft text after an update. A draft in the update shape (only what PATCH accepts) keeps that
 * shape; a whole draft (e.g. the one the subscription was created from) stays whole: the server's
 * subscription in the draft's order, and what Graph does not return (clientState) as written.
 */
export function updatedDraftText(draftText: string, response: Subscription, draft?: Record<string, unknown>): string {
  const written = propertyOrder(draftText);
  if (written.every((k) => (UPDATABLE_PROPERTIES as readonly string[]).includes(k))) return updateShapeText(draftText, response);
  const merged: Record<string, unknown> = { ...(response as unknown as Record<string, unknown>) };
  for (const k of written) if ((merged[k] === null || merged[k] === undefined) && draft?.[k] !== undefined) merged[k] = draft[k];
  return createdDraftText(draftText, merged as unknown as Subscription);
}
