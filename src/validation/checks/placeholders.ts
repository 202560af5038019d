/**
 * Unfilled template placeholders in resource (`users/userId/messages`): the id was never filled in.
 * One topic of the draft validator (called by the resource check once the path matched).
 */
import { matchResource, swapMe } from '../../catalog/index';
import { unfilledPlaceholders } from '../placeholders';
import type { FixData, TextSpan } from '../types';
import type { DraftCheck, Matched } from './context';

/** `users/userId/messages`: the template's placeholder was never replaced by an id. */
export function checkPlaceholders(d: DraftCheck, m: Matched, resource: string, span: TextSpan): void {
  const unfilled = unfilledPlaceholders(m.params);
  if (unfilled.length === 0) return;
  const names = unfilled.map((u) => `{${u.param}}`).join(', ');
  const fixes: FixData[] = [];
  const swapped = d.ctx.accountKind !== 'application' && unfilled.some((u) => u.param === 'userId') ? swapMe(resource, true) : undefined;
  const swappedMatch = swapped ? matchResource(swapped) : undefined;
  if (swapped && swappedMatch?.ok && unfilledPlaceholders(swappedMatch.params).length === 0) fixes.push({ kind: 'edit', title: `Use ${swapped} (the signed-in user)`, edits: [{ ...span, newText: JSON.stringify(swapped) }] });
  d.add('unfilledPlaceholder', 'error',
    `resource "${resource}" still holds the placeholder${unfilled.length > 1 ? 's' : ''} ${unfilled.map((u) => `"${u.value}"`).join(', ')}: replace ${names} with a real id (${m.pattern.pattern}).`,
    span, 'resource', fixes, { params: unfilled.map((u) => u.param).join(',') });
}
