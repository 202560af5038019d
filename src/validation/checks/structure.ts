/**
 * The draft's shape: JSON syntax, a JSON object at the root, keys given twice. Returns false when
 * there is no object to check further.
 * One topic of the draft validator (src/validation/validateDraft.ts keeps the order of the checks).
 */
import type { DraftCheck } from './context';

export function checkStructure(d: DraftCheck): boolean {
  for (const e of d.parsed.syntaxErrors) {
    d.add('jsonSyntax', 'error', `JSON syntax error: ${e.message}. Fix the JSON before the draft can be checked further.`, e.span);
  }
  if (d.parsed.value === undefined) {
    if (d.parsed.rootSpan !== undefined) {
      d.add('invalidType', 'error', `The draft must be a JSON object ({ "resource": …, "changeType": … }), not ${d.parsed.rootType ?? 'this value'}.`, d.parsed.rootSpan);
    } else if (d.parsed.syntaxErrors.length === 0) {
      d.add('missingProperty', 'error', 'The draft is empty: write a JSON object with resource, changeType, notificationUrl and expirationDateTime.', d.docSpan);
    }
    return false;
  }
  for (const dup of d.parsed.duplicates) {
    d.add('duplicateProperty', 'warning', `"${dup.key}" appears more than once; only the last value counts. Remove this one.`, dup.keySpan, dup.key);
  }
  return true;
}
