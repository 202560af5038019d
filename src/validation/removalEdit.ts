/** Removing a `"key": value` member from a JSON object, for quick fixes. Pure. */
import type { TextEdit, TextSpan } from './types';

/** A text edit that removes a member and its separating comma. */
export function removalEdit(text: string, member: TextSpan): TextEdit {
  let start = member.offset;
  let end = member.offset + member.length;
  let j = end;
  while (j < text.length && isSpace(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 44 /* , */) {
    end = j + 1;
    // Remove the whole line when the member stood on its own line.
    let s = start;
    while (s > 0 && (text.charCodeAt(s - 1) === 32 || text.charCodeAt(s - 1) === 9)) s--;
    if (s === 0 || text.charCodeAt(s - 1) === 10) {
      start = s;
      let e = end;
      while (e < text.length && (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 9)) e++;
      if (text.charCodeAt(e) === 13) e++;
      if (text.charCodeAt(e) === 10) end = e + 1;
    }
    return { offset: start, length: end - start, newText: '' };
  }
  let p = start;
  while (p > 0 && isSpace(text.charCodeAt(p - 1))) p--;
  if (text.charCodeAt(p - 1) === 44) start = p - 1;
  return { offset: start, length: end - start, newText: '' };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
