/**
 * Parses a subscription draft (JSON with comments and trailing commas tolerated) and keeps the exact
 * offsets of every top-level property, for diagnostics, completions, hovers and CodeLens.
 */
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { TextSpan } from './types';

export interface DraftProperty {
  /** The key including its quotes. */
  keySpan: TextSpan;
  valueSpan: TextSpan;
  value: unknown;
  /** The whole `"key": value` member. */
  memberSpan: TextSpan;
}

export interface DraftSyntaxError {
  span: TextSpan;
  message: string;
}

export interface ParsedDraft {
  /** The top-level object, or undefined when the text is not an object. */
  value: Record<string, unknown> | undefined;
  /** Top-level properties by name (the last one wins when a key repeats, as in JSON.parse). */
  properties: Map<string, DraftProperty>;
  syntaxErrors: DraftSyntaxError[];
  /** Span of the root value (the `{…}`), when there is one. */
  rootSpan?: TextSpan;
  /** Keys that appear more than once, with the span of each earlier occurrence. */
  duplicates: { key: string; keySpan: TextSpan }[];
  /** Type of the root value when it is not an object. */
  rootType?: string;
}

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Property name expected',
  ValueExpected: 'Value expected',
  ColonExpected: 'Colon ":" expected',
  CommaExpected: 'Comma "," expected',
  CloseBraceExpected: 'Closing brace "}" expected',
  CloseBracketExpected: 'Closing bracket "]" expected',
  EndOfFileExpected: 'End of file expected',
  InvalidCommentToken: 'Invalid comment',
  UnexpectedEndOfComment: 'Unexpected end of comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unexpected end of number',
  InvalidUnicode: 'Invalid unicode escape',
  InvalidEscapeCharacter: 'Invalid escape character',
  InvalidCharacter: 'Invalid character in string',
};

function valueOf(node: Node): unknown {
  return node.type === 'object' || node.type === 'array' ? getNodeValue(node) : node.value;
}

/** Parses `text`; never throws. */
export function parseDraft(text: string): ParsedDraft {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const syntaxErrors: DraftSyntaxError[] = errors.map((e) => {
    const name = printParseErrorCode(e.error);
    return { span: { offset: e.offset, length: e.length }, message: MESSAGES[name] ?? name };
  });
  const properties = new Map<string, DraftProperty>();
  const duplicates: { key: string; keySpan: TextSpan }[] = [];
  if (root === undefined) return { value: undefined, properties, syntaxErrors, duplicates };
  const rootSpan = { offset: root.offset, length: root.length };
  if (root.type !== 'object') {
    return { value: undefined, properties, syntaxErrors, rootSpan, duplicates, rootType: root.type };
  }
  const value: Record<string, unknown> = {};
  for (const member of root.children ?? []) {
    const keyNode = member.children?.[0];
    const valueNode = member.children?.[1];
    if (keyNode === undefined || typeof keyNode.value !== 'string') continue;
    const key = keyNode.value;
    const keySpan = { offset: keyNode.offset, length: keyNode.length };
    const previous = properties.get(key);
    if (previous !== undefined) duplicates.push({ key, keySpan: previous.keySpan });
    const v = valueNode === undefined ? undefined : valueOf(valueNode);
    properties.set(key, {
      keySpan,
      valueSpan: valueNode === undefined ? { offset: keyNode.offset + keyNode.length, length: 0 } : { offset: valueNode.offset, length: valueNode.length },
      value: v,
      memberSpan: { offset: member.offset, length: member.length },
    });
    if (valueNode !== undefined) value[key] = v;
  }
  return { value, properties, syntaxErrors, rootSpan, duplicates };
}
