/**
 * The draft text after Graph accepted it: the server's subscription, keeping the order of the
 * properties the user wrote. Pure: no `vscode` import.
 */
import type { Subscription } from '../graph/types';
import { PROPERTY_SPECS } from '../validation';
import { detectIndent } from '../validation/jsonEdits';
import { propertyOrder } from './draftJson';
import { updateDraftText } from './updateDraft';

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

/** New draft text after an update: the update shape of the server's subscription. */
export function updatedDraftText(draftText: string, response: Subscription): string {
  return updateDraftText(response, detectIndent(draftText));
}
