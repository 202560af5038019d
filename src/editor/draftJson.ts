/**
 * Reading a draft's JSON (comments and trailing commas tolerated, like the validator) and locating
 * its top-level properties. Pure: no `vscode` import.
 */
import { findNodeAtLocation, getLocation, Node, parse, parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';
import type { TextSpan } from '../validation/types';

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

export type DraftObjectResult = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** The draft as an object, or why it is not one. */
export function readDraftObject(text: string): DraftObjectResult {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, PARSE_OPTIONS);
  if (errors.length > 0) {
    const e = errors[0];
    return { ok: false, message: `The draft is not valid JSON (${printParseErrorCode(e.error)} at offset ${e.offset}).` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'The draft must be a JSON object.' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

export interface PropertySpans {
  /** The key, quotes included. */
  key: TextSpan;
  /** The value. */
  value: TextSpan;
  /** Key through value. */
  whole: TextSpan;
}

function root(text: string): Node | undefined {
  const node = parseTree(text, [], PARSE_OPTIONS);
  return node?.type === 'object' ? node : undefined;
}

/** Spans of a top-level property, when present. */
export function propertySpans(text: string, property: string): PropertySpans | undefined {
  const tree = root(text);
  if (!tree) return undefined;
  const valueNode = findNodeAtLocation(tree, [property]);
  const prop = valueNode?.parent;
  if (!valueNode || !prop || prop.type !== 'property' || !prop.children?.[0]) return undefined;
  const keyNode = prop.children[0];
  return {
    key: { offset: keyNode.offset, length: keyNode.length },
    value: { offset: valueNode.offset, length: valueNode.length },
    whole: { offset: prop.offset, length: prop.length },
  };
}

/** Top-level property names in document order. */
export function propertyOrder(text: string): string[] {
  const tree = root(text);
  return (tree?.children ?? []).map((p) => p.children?.[0]?.value).filter((k): k is string => typeof k === 'string');
}

/** Offset of the opening brace of the root object (0 when there is none). */
export function rootSpan(text: string): TextSpan {
  const tree = root(text);
  return tree ? { offset: tree.offset, length: 1 } : { offset: 0, length: Math.min(1, text.length) };
}

export interface ValueLocation {
  /** Top-level property whose string value contains the offset. */
  property: string;
  /** Span of the string value (quotes included). */
  span: TextSpan;
  /** The string value. */
  value: string;
}

/** The top-level string value at `offset`, for completions and hover. */
export function stringValueAt(text: string, offset: number): ValueLocation | undefined {
  const loc = getLocation(text, offset);
  if (loc.path.length !== 1 || typeof loc.path[0] !== 'string' || loc.isAtPropertyKey) return undefined;
  const node = loc.previousNode;
  if (!node || node.type !== 'string') return undefined;
  if (offset < node.offset || offset > node.offset + node.length) return undefined;
  return { property: loc.path[0], span: { offset: node.offset, length: node.length }, value: String(node.value) };
}
