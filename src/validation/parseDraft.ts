/**
 * Parses a subscription draft (JSON with comments and trailing commas tolerated) and keeps the exact
 * offsets of every top-level property, for diagnostics, completions, hovers and CodeLens.
 */
import { parse, printParseErrorCode, visit } from 'jsonc-parser';
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

/**
 * Parses `text`; never throws. One `jsonc-parser` visitor pass that keeps only the top level:
 * nested objects and arrays are skipped and their values are parsed lazily on first access, so
 * checking a draft costs about one plain parse.
 */
export function parseDraft(text: string): ParsedDraft {
  const syntaxErrors: DraftSyntaxError[] = [];
  const properties = new Map<string, DraftProperty>();
  const duplicates: { key: string; keySpan: TextSpan }[] = [];
  let depth = 0;
  let rootSpan: TextSpan | undefined;
  let rootType: string | undefined;
  let key: string | undefined;
  let keyOffset = 0;
  let keyLength = 0;
  let nestedStart = 0;
  const lazyProps = new Set<DraftProperty>();

  const setProperty = (valueOffset: number, valueLength: number, value: unknown, lazy: boolean): void => {
    if (key === undefined) return;
    const keySpan = { offset: keyOffset, length: keyLength };
    const previous = properties.get(key);
    if (previous !== undefined) duplicates.push({ key, keySpan: previous.keySpan });
    const valueSpan = { offset: valueOffset, length: valueLength };
    const prop: DraftProperty = {
      keySpan,
      valueSpan,
      value,
      memberSpan: { offset: keyOffset, length: valueOffset + valueLength - keyOffset },
    };
    if (lazy) {
      defineLazyValue(prop, text, valueSpan);
      lazyProps.add(prop);
    }
    properties.set(key, prop);
    key = undefined;
  };
  const begin = (type: string, offset: number): void => {
    if (depth === 0 && rootType === undefined) {
      rootType = type;
      rootSpan = { offset, length: 0 };
    } else if (depth === 1 && rootType === 'object') {
      nestedStart = offset;
    }
    depth++;
  };
  const end = (offset: number, length: number): void => {
    depth--;
    if (depth === 0 && rootSpan !== undefined) rootSpan.length = offset + length - rootSpan.offset;
    else if (depth === 1 && rootType === 'object') setProperty(nestedStart, offset + length - nestedStart, undefined, true);
  };

  visit(text, {
    onObjectBegin: (offset) => begin('object', offset),
    onObjectEnd: end,
    onArrayBegin: (offset) => begin('array', offset),
    onArrayEnd: end,
    onObjectProperty: (property, offset, length) => {
      if (depth === 1 && rootType === 'object') {
        key = property;
        keyOffset = offset;
        keyLength = length;
      }
    },
    onLiteralValue: (value: unknown, offset, length) => {
      if (depth === 0 && rootType === undefined) {
        rootType = value === null ? 'null' : typeof value;
        rootSpan = { offset, length };
      } else if (depth === 1 && rootType === 'object') {
        setProperty(offset, length, value, false);
      }
    },
    onError: (error, offset, length) => {
      const name = printParseErrorCode(error);
      syntaxErrors.push({ span: { offset, length }, message: MESSAGES[name] ?? name });
    },
  }, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });

  if (rootType !== 'object') {
    return { value: undefined, properties, syntaxErrors, rootSpan, duplicates, ...(rootType !== undefined ? { rootType } : {}) };
  }
  const value: Record<string, unknown> = {};
  for (const [k, p] of properties) {
    if (lazyProps.has(p)) Object.defineProperty(value, k, { enumerable: true, configurable: true, get: () => p.value });
    else value[k] = p.value;
  }
  return { value, properties, syntaxErrors, rootSpan, duplicates };
}

/** Nested values are parsed from their own text on first access, then cached. */
function defineLazyValue(prop: DraftProperty, text: string, span: TextSpan): void {
  let cached: unknown;
  let done = false;
  Object.defineProperty(prop, 'value', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!done) {
        cached = parse(text.slice(span.offset, span.offset + span.length), [], { allowTrailingComma: true, disallowComments: false });
        done = true;
      }
      return cached;
    },
  });
}

/** The JSON type of a property's value without materializing nested values. */
export function valueKind(text: string, p: DraftProperty): 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'undefined' {
  const c = text.charCodeAt(p.valueSpan.offset);
  if (p.valueSpan.length > 0 && c === 123 /* { */) return 'object';
  if (p.valueSpan.length > 0 && c === 91 /* [ */) return 'array';
  const v = p.value;
  if (v === null) return 'null';
  return typeof v as 'string' | 'number' | 'boolean' | 'undefined';
}
