/**
 * Edits on the draft's JSON text through jsonc-parser's `modify` (which keeps comments and the
 * rest of the text as written), formatted with the draft's own indentation. Pure.
 */
import { modify, type FormattingOptions, type JSONPath } from 'jsonc-parser';
import type { TextEdit } from './types';

/** Detects the draft's indentation (tab or N spaces); defaults to a tab. */
export function detectIndent(text: string): string {
  const m = /\n([ \t]+)"/.exec(text);
  return m ? m[1] : '\t';
}

/** jsonc-parser's formatting options matching the draft's indentation and line ends. */
export function formattingFor(text: string): FormattingOptions {
  const indent = detectIndent(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent === '\t' ? { insertSpaces: false, tabSize: 4, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

/**
 * The edits that remove the member (or array item) at `path` — a top-level key, or a path such as
 * `['@requestHeaders', 'Prefer', 0]` — with its separating comma (none when it is absent).
 */
export function removalEdits(text: string, path: string | JSONPath): TextEdit[] {
  // A draft written on one line stays on one line (the formatter would spread it over lines).
  return modify(text, typeof path === 'string' ? [path] : path, undefined, text.includes('\n') ? { formattingOptions: formattingFor(text) } : {}).map((e) => ({ offset: e.offset, length: e.length, newText: e.content }));
}
