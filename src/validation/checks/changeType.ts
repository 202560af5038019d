/**
 * changeType: each comma-separated item valid, not repeated, and supported by the resource.
 * One topic of the draft validator (src/validation/validateDraft.ts keeps the order of the checks).
 */
import { allowedChangeTypes, CHANGE_TYPES as CATALOG_CHANGE_TYPES, levenshtein } from '../../catalog/index';
import type { FixData, TextSpan } from '../types';
import { optional, type DraftCheck, type Matched } from './context';

// Module-level alias: read once, not through the bundler's export getter on every check.
const CHANGE_TYPES: readonly string[] = CATALOG_CHANGE_TYPES;

export function checkChangeType(d: DraftCheck, match: Matched | undefined): void {
  const p = d.props.get('changeType');
  const value = d.str('changeType');
  if (p === undefined || value === undefined) return;
  // Fast path for the usual, valid value: no spans or fixes to compute.
  const allowedHere = match === undefined ? CHANGE_TYPES : allowedChangeTypes(match.entry, match.pattern);
  if (value.indexOf(',') < 0) {
    const lower = value.trim().toLowerCase();
    if (lower !== '' && allowedHere.includes(lower)) {
      d.changeTypeKey = lower;
      return;
    }
  }
  // Exact item spans when the string has no escapes (the usual case).
  const exact = !hasEscape(d.text, p.valueSpan);
  const items: { text: string; span: TextSpan }[] = [];
  let pos = 0;
  for (const raw of value.split(',')) {
    const lead = raw.length - raw.trimStart().length;
    const t = raw.trim();
    const span = exact ? { offset: p.valueSpan.offset + 1 + pos + lead, length: t.length } : p.valueSpan;
    if (t === '' && exact) {
      // An empty item: cover the surrounding commas so the range is visible (",,").
      const start = pos > 0 ? pos - 1 : pos;
      const end = pos + raw.length + (pos + raw.length < value.length ? 1 : 0);
      items.push({ text: t, span: { offset: p.valueSpan.offset + 1 + start, length: end - start } });
    } else {
      items.push({ text: t, span });
    }
    pos += raw.length + 1;
  }
  const valid: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const lower = item.text.toLowerCase();
    if (item.text === '') {
      d.add('invalidChangeType', 'error', value.trim() === ''
        ? 'changeType is empty: use created, updated and/or deleted, separated by commas.'
        : 'changeType has an empty item: separate created, updated and deleted with single commas.', item.span.length > 0 ? item.span : p.valueSpan, 'changeType');
      continue;
    }
    if (!CHANGE_TYPES.includes(lower)) {
      const near = CHANGE_TYPE_SYNONYMS[lower] ?? CHANGE_TYPES.find((c) => levenshtein(c, lower, 3) <= 3);
      const fixes: FixData[] = [];
      if (near !== undefined && exact) fixes.push({ kind: 'edit', title: `Change to "${near}"`, edits: [{ ...item.span, newText: near }] });
      d.add('invalidChangeType', 'error', `"${item.text}" is not a change type: use created, updated or deleted${near ? ` (did you mean "${near}"?)` : ''}.`, item.span, 'changeType', fixes);
      continue;
    }
    if (seen.has(lower)) {
      d.add('invalidChangeType', 'warning', `"${item.text}" is listed twice in changeType.`, item.span, 'changeType');
      continue;
    }
    seen.add(lower);
    valid.push(lower);
  }
  d.changeTypeKey = [...valid].sort().join(',');
  if (match === undefined) return;
  const allowed = allowedChangeTypes(match.entry, match.pattern);
  const keep = valid.filter((v) => allowed.includes(v));
  const fixValue = (keep.length > 0 ? keep : allowed).join(',');
  for (const item of items) {
    const lower = item.text.toLowerCase();
    if (!CHANGE_TYPES.includes(lower) || allowed.includes(lower)) continue;
    const fix = d.setValueEdit('changeType', `Set changeType to "${fixValue}"`, fixValue);
    d.add('changeTypeNotSupported', 'error', `${match.entry.displayName} (${match.pattern.pattern}) does not support changeType "${lower}"; it supports: ${allowed.join(', ')}.`, item.span, 'changeType', optional(fix),
      { allowed: allowed.join(',') });
  }
}

/** Whether a JSON string's raw text contains an escape (so raw offsets differ from value offsets). */
function hasEscape(text: string, span: TextSpan): boolean {
  const i = text.indexOf('\\', span.offset);
  return i >= 0 && i < span.offset + span.length;
}

/** Words people use for Graph's three change types ("modified" is Graph's word for `updated` in delta). */
const CHANGE_TYPE_SYNONYMS: Readonly<Record<string, string>> = {
  modified: 'updated', changed: 'updated', update: 'updated', edited: 'updated', patched: 'updated',
  create: 'created', added: 'created', new: 'created', inserted: 'created',
  delete: 'deleted', removed: 'deleted',
};
