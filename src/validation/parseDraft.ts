/**
 * Parses a subscription draft (JSON with comments and trailing commas tolerated) and keeps the exact
 * offsets of every top-level property, for diagnostics, completions, hovers and CodeLens.
 */
import { createScanner, parse, printParseErrorCode, visit, type JSONScanner } from 'jsonc-parser';
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
 * Parses `text`; never throws. Keeps only the top level: nested objects and arrays are checked but
 * their values are parsed lazily on first access, so checking a draft costs about one plain parse.
 * Well-formed drafts take a fast path over `jsonc-parser`'s scanner; anything else goes through its
 * visitor, which reports every syntax error with its offset.
 */
export function parseDraft(text: string): ParsedDraft {
  const tooDeep = firstTooDeep(text);
  if (tooDeep !== undefined) {
    return {
      value: undefined,
      properties: new Map(),
      duplicates: [],
      syntaxErrors: [{ span: { offset: tooDeep, length: 1 }, message: `Nested deeper than ${MAX_DRAFT_DEPTH} levels (a subscription draft is a few levels deep)` }],
    };
  }
  try {
    const fast = scanWellFormed(text);
    if (fast !== undefined) return fast;
  } catch {
    // e.g. nesting too deep for the recursive check: the visitor reports what it can
  }
  return visitDraft(text);
}

/**
 * Deepest `{`/`[` nesting parsed. Every parser after this one (jsonc-parser's visitor, the lazy
 * values, JSON.stringify when submitting) recurses per level and overflows the stack at a few
 * thousand levels; a real draft is three or four deep.
 */
export const MAX_DRAFT_DEPTH = 64;

/** Offset of the first bracket past MAX_DRAFT_DEPTH, or undefined. Iterative, so it cannot overflow. */
function firstTooDeep(text: string): number | undefined {
  // Fewer brackets than the limit cannot exceed it: most drafts skip the scan.
  let brackets = 0;
  for (let i = 0; i < text.length && brackets <= MAX_DRAFT_DEPTH; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) brackets++;
  }
  if (brackets <= MAX_DRAFT_DEPTH) return undefined;
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let t = scanner.scan(); t !== T_EOF; t = scanner.scan()) {
    if (t === T_OPEN_BRACE || t === T_OPEN_BRACKET) {
      if (++depth > MAX_DRAFT_DEPTH) return scanner.getTokenOffset();
    } else if (t === T_CLOSE_BRACE || t === T_CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

// jsonc-parser's SyntaxKind and ScanError are `const enum`s in its typings; their values:
const T_OPEN_BRACE = 1;
const T_CLOSE_BRACE = 2;
const T_OPEN_BRACKET = 3;
const T_CLOSE_BRACKET = 4;
const T_COMMA = 5;
const T_COLON = 6;
const T_NULL = 7;
const T_TRUE = 8;
const T_FALSE = 9;
const T_STRING = 10;
const T_NUMBER = 11;
const T_UNKNOWN = 16;
const T_EOF = 17;
const BAD = -1;

/** Next significant token, or BAD on any scan error. */
function nextToken(sc: JSONScanner): number {
  const k = sc.scan();
  return sc.getTokenError() !== 0 || k === T_UNKNOWN ? BAD : k;
}

/** Checks one nested value whose first token is `t` (grammar only, no values built). */
function skipValue(sc: JSONScanner, t: number): boolean {
  switch (t) {
    case T_STRING: case T_NUMBER: case T_TRUE: case T_FALSE: case T_NULL:
      return true;
    case T_OPEN_BRACE: {
      let k = nextToken(sc);
      if (k === T_CLOSE_BRACE) return true;
      for (;;) {
        if (k !== T_STRING || nextToken(sc) !== T_COLON || !skipValue(sc, nextToken(sc))) return false;
        k = nextToken(sc);
        if (k === T_CLOSE_BRACE) return true;
        if (k !== T_COMMA) return false;
        k = nextToken(sc);
        if (k === T_CLOSE_BRACE) return true; // trailing comma
      }
    }
    case T_OPEN_BRACKET: {
      let k = nextToken(sc);
      if (k === T_CLOSE_BRACKET) return true;
      for (;;) {
        if (!skipValue(sc, k)) return false;
        k = nextToken(sc);
        if (k === T_CLOSE_BRACKET) return true;
        if (k !== T_COMMA) return false;
        k = nextToken(sc);
        if (k === T_CLOSE_BRACKET) return true; // trailing comma
      }
    }
    default:
      return false;
  }
}

/** The fast path: a well-formed object draft, or undefined to let the visitor report errors. */
function scanWellFormed(text: string): ParsedDraft | undefined {
  const sc = createScanner(text, true);
  const properties = new Map<string, DraftProperty>();
  const duplicates: { key: string; keySpan: TextSpan }[] = [];
  const lazy: DraftProperty[] = [];
  let t = nextToken(sc);
  if (t === T_EOF) return { value: undefined, properties, syntaxErrors: [], duplicates };
  if (t !== T_OPEN_BRACE) return undefined;
  const rootOffset = sc.getTokenOffset();
  t = nextToken(sc);
  while (t !== T_CLOSE_BRACE) {
    if (t !== T_STRING) return undefined;
    const key = sc.getTokenValue();
    const keySpan = { offset: sc.getTokenOffset(), length: sc.getTokenLength() };
    if (nextToken(sc) !== T_COLON) return undefined;
    t = nextToken(sc);
    const valueOffset = sc.getTokenOffset();
    let value: unknown;
    let isLazy = false;
    switch (t) {
      case T_STRING: value = sc.getTokenValue(); break;
      case T_NUMBER: value = Number(sc.getTokenValue()); break;
      case T_TRUE: value = true; break;
      case T_FALSE: value = false; break;
      case T_NULL: value = null; break;
      case T_OPEN_BRACE: case T_OPEN_BRACKET:
        if (!skipValue(sc, t)) return undefined;
        isLazy = true;
        break;
      default:
        return undefined;
    }
    const valueEnd = sc.getTokenOffset() + sc.getTokenLength();
    const previous = properties.get(key);
    if (previous !== undefined) duplicates.push({ key, keySpan: previous.keySpan });
    const prop: DraftProperty = {
      keySpan,
      valueSpan: { offset: valueOffset, length: valueEnd - valueOffset },
      value,
      memberSpan: { offset: keySpan.offset, length: valueEnd - keySpan.offset },
    };
    if (isLazy) {
      defineLazyValue(prop, text, prop.valueSpan);
      lazy.push(prop);
    }
    properties.set(key, prop);
    t = nextToken(sc);
    if (t === T_COMMA) {
      t = nextToken(sc);
    } else if (t !== T_CLOSE_BRACE) {
      return undefined;
    }
  }
  const rootSpan = { offset: rootOffset, length: sc.getTokenOffset() + 1 - rootOffset };
  if (nextToken(sc) !== T_EOF) return undefined;
  const result: Record<string, unknown> = {};
  for (const [k, p] of properties) {
    if (lazy.length > 0 && lazy.includes(p)) Object.defineProperty(result, k, { enumerable: true, configurable: true, get: () => p.value });
    else result[k] = p.value;
  }
  return { value: result, properties, syntaxErrors: [], rootSpan, duplicates };
}

/** The general path: jsonc-parser's visitor, with error recovery and messages. */
function visitDraft(text: string): ParsedDraft {
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
