/**
 * The `graphsub-*` snippets, offered only where a whole subscription object can go: in a
 * `*.subscription.json` draft (the completion provider's selector), outside the root object and
 * never inside a string. A `contributes.snippets` entry cannot be limited to a file pattern, so it
 * showed them in every JSON file and inside string values. Pure: no `vscode` import.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { SNIPPET_DEFINITIONS } from './draftSnippetData';

export interface DraftSnippet {
  readonly name: string;
  readonly prefix: string;
  readonly description: string;
  /** VS Code snippet syntax (tab stops, choices, `${UUID}` …). */
  readonly body: string;
}

export const DRAFT_SNIPPETS: readonly DraftSnippet[] = Object.entries(SNIPPET_DEFINITIONS).flatMap(([name, s]) =>
  s.prefix.map((prefix) => ({ name, prefix, description: s.description, body: s.body.join('\n') })),
);

/**
 * Where the cursor at `offset` may receive a whole-subscription snippet: not inside a string or a
 * comment, and not inside any object or array (depth 0), so that an empty draft or the space
 * around a deleted object qualifies but a property value never does.
 */
export function snippetsAllowedAt(text: string, offset: number): boolean {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    if (start >= offset) break;
    const inside = offset > start && offset < end;
    if (kind === SyntaxKind.StringLiteral || kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
      if (inside) return false;
      // A line comment, an unterminated string or block comment: the cursor at its end is still in it.
      if (offset === end && (kind === SyntaxKind.LineCommentTrivia || scanner.getTokenError() !== 0)) return false;
    }
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) depth++;
    if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) depth = Math.max(0, depth - 1);
  }
  return depth === 0;
}
