/**
 * Unfilled template placeholders in a resource path: the draft template and snippets put the
 * parameter's name where an id belongs (`users/{userId}/messages` with the tab stop `userId`), and a
 * user who tabs past it sends `users/userId/messages`, which looks valid but names no user.
 * Pure: no `vscode` import.
 */

export interface UnfilledPlaceholder {
  /** The catalog's parameter name (`userId`). */
  readonly param: string;
  /** What the path holds there (`userId`, `{userId}`, `<userId>`). */
  readonly value: string;
}

const letters = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Whether `value` is the placeholder of `param` rather than a real id. */
export function isPlaceholderValue(param: string, value: string): boolean {
  const v = value.trim();
  if (/^\{[^{}]*\}$/.test(v) || /^<[^<>]*>$/.test(v) || /^\$\{[^{}]*\}$/.test(v)) return true;
  const bare = letters(v);
  return bare !== '' && (bare === letters(param) || bare === 'id');
}

/** The path parameters (as matched against the catalog pattern) that still hold a placeholder. */
export function unfilledPlaceholders(params: Readonly<Record<string, string>>): UnfilledPlaceholder[] {
  return Object.entries(params)
    .filter(([param, value]) => isPlaceholderValue(param, value))
    .map(([param, value]) => ({ param, value }));
}
