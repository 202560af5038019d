/**
 * Property names and value types: unknown (misspelt) keys, wrong types, read-only, Web Push and deprecated properties.
 * One topic of the draft validator (src/validation/validateDraft.ts keeps the order of the checks).
 */
import { levenshtein, REQUEST_HEADERS_PROPERTY } from '../../catalog/index';
import type { DraftProperty } from '../parseDraft';
import { KNOWN_PROPERTIES, PROPERTY_SPECS } from '../properties';
import type { FixData } from '../types';
import { optional, type DraftCheck } from './context';

export function checkPropertyNamesAndTypes(d: DraftCheck): void {
  for (const [key, p] of d.props) {
    // `@requestHeaders` is the draft's own (sent as headers, never in the body): checks/requestHeaders.ts.
    if (key.startsWith('@odata.') || key === REQUEST_HEADERS_PROPERTY) continue;
    const spec = PROPERTY_SPECS[key];
    if (spec === undefined) {
      unknownProperty(d, key, p);
      continue;
    }
    if (p.value === null) {
      if (spec.requiredOnCreate && d.isCreate) {
        d.add('invalidType', 'error', `${key} is required and cannot be null: ${PROPERTY_SPECS[key].description}`, p.valueSpan, key);
      }
      continue;
    }
    if (typeof p.value !== spec.type) {
      const fixes: FixData[] = [];
      if (spec.type === 'boolean' && (p.value === 'true' || p.value === 'false')) {
        const f = d.setValueEdit(key, `Use the boolean ${p.value}`, p.value === 'true');
        if (f) fixes.push(f);
      }
      d.add('invalidType', 'error', `${key} must be a ${spec.type}, not ${jsonType(p.value)}.`, p.valueSpan, key, fixes);
      continue;
    }
    if (spec.readOnly && (d.isCreate || d.changed(key))) {
      const fix = d.removeEdit(key, `Remove ${key}`);
      d.add('readOnlyProperty', 'warning', `${key} is assigned by Graph and read-only; remove it from the draft.`, p.keySpan, key, fix ? [fix] : []);
    } else if (spec.webPush && d.has(key)) {
      d.add('webPushProperty', 'warning', `${key} is only for Web Push endpoints; Graph answers 400 when it is sent on a normal webhook subscription. Remove it unless notificationUrl is a Web Push endpoint.`, p.keySpan, key,
        optional(d.removeEdit(key, `Remove ${key}`)));
    } else if (spec.deprecated) {
      d.add('deprecatedProperty', 'info', `${key} is no longer part of the v1.0 subscription resource (older docs only); Graph always sends application/json. You can remove it.`, p.keySpan, key,
        optional(d.removeEdit(key, `Remove ${key}`)));
    }
  }
}

function unknownProperty(d: DraftCheck, key: string, p: DraftProperty): void {
  const suggestion = suggestProperty(key);
  if (suggestion !== undefined) d.misspelt.add(suggestion);
  const fixes: FixData[] = [];
  let message = `Unknown property "${key}": Graph rejects the payload ("Are all property names spelled and camelCased properly?").`;
  if (suggestion !== undefined) {
    message += ` Did you mean "${suggestion}"?`;
    if (!d.props.has(suggestion)) {
      fixes.push({ kind: 'edit', title: `Rename to "${suggestion}"`, edits: [{ ...p.keySpan, newText: JSON.stringify(suggestion) }] });
    } else {
      message += ` ("${suggestion}" is already set.)`;
    }
  } else {
    message += ' Remove it.';
  }
  const remove = d.removeEdit(key, `Remove "${key}"`);
  if (remove && suggestion === undefined) fixes.push(remove);
  d.add('unknownProperty', 'error', message, p.keySpan, key, fixes, suggestion ? { suggestion } : undefined);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** The known property a misspelt key most likely means. */
export function suggestProperty(key: string): string | undefined {
  const lower = key.toLowerCase();
  const exact = KNOWN_PROPERTIES.find((k) => k.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  if (key.length > 60) return undefined;
  let best: string | undefined;
  let bestD = Number.MAX_SAFE_INTEGER;
  for (const k of KNOWN_PROPERTIES) {
    const limit = Math.max(2, Math.floor(k.length / 4));
    const d = levenshtein(k.toLowerCase(), lower, limit);
    if (d <= limit && d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}
