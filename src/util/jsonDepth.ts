/** JSON nesting depth without recursion (strings skipped). No `vscode` import. */

/** Deepest `{`/`[` nesting of a JSON text, counted iteratively so absurd input cannot overflow the stack. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Whether `text` nests deeper than `max` (short texts cannot, and skip the scan). */
export function nestedDeeperThan(text: string, max: number): boolean {
  return text.length > max && jsonDepth(text) > max;
}
