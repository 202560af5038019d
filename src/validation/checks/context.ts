/**
 * What every check of the draft validator works on: the parsed draft, the validation context, the
 * findings so far, and the helpers to add a finding or build a fix. Pure: no `vscode` import.
 */
import { type MatchResult } from '../../catalog/index';
import { FindingCode } from '../codes';
import { parseDraft, type DraftProperty, type ParsedDraft } from '../parseDraft';
import { removalEdits } from '../jsonEdits';
import { publicText } from '../../util/publicText';
import type { Finding, FixData, Severity, TextSpan, ValidationContext } from '../types';

export const MINUTE = 60_000;

export type Matched = Extract<MatchResult, { ok: true }>;

/** Properties Graph may return as null although they are set (list responses hide clientState). */
const WITHHELD_BY_GRAPH: ReadonlySet<string> = new Set(['clientState']);

export class DraftCheck {
  readonly out: Finding[] = [];
  readonly parsed: ParsedDraft;
  readonly props: Map<string, DraftProperty>;
  readonly isCreate: boolean;
  readonly original: Record<string, unknown> | undefined;
  /** Span used for findings about missing properties: the opening brace. */
  readonly docSpan: TextSpan;
  /** Known properties that an unknown (misspelt) key probably means: not reported as missing. */
  readonly misspelt = new Set<string>();
  /** Sorted valid change types of the draft, for the duplicate check. */
  changeTypeKey: string | undefined;

  constructor(readonly text: string, readonly ctx: ValidationContext) {
    this.parsed = parseDraft(text);
    this.props = this.parsed.properties;
    this.isCreate = ctx.operation === 'create';
    this.original = ctx.original as unknown as Record<string, unknown> | undefined;
    this.docSpan = this.parsed.rootSpan ? { offset: this.parsed.rootSpan.offset, length: 1 } : { offset: 0, length: 0 };
  }

  sorted(): Finding[] {
    return this.out.sort((a, b) => a.span.offset - b.span.offset);
  }

  add(
    code: keyof typeof FindingCode, severity: Severity, message: string, span: TextSpan, property?: string,
    fixes?: FixData[], data?: Record<string, string>,
  ): Finding {
    // Catalog notes carry internal source tags; the user reads the public words only.
    const f: Finding = { code: FindingCode[code], severity, message: publicText(message), span };
    if (property !== undefined) f.property = property;
    if (fixes !== undefined && fixes.length > 0) f.fixes = fixes;
    if (data !== undefined) f.data = data;
    this.out.push(f);
    return f;
  }

  /** The property's value when it is a non-empty-or-empty string (null and other types: undefined). */
  str(name: string): string | undefined {
    const v = this.props.get(name)?.value;
    return typeof v === 'string' ? v : undefined;
  }

  /** Present with a non-null value. */
  has(name: string): boolean {
    const p = this.props.get(name);
    return p !== undefined && p.value !== null && p.value !== undefined && p.value !== '';
  }

  valueSpan(name: string): TextSpan {
    return this.props.get(name)?.valueSpan ?? this.docSpan;
  }

  /** Replace a property's value with a new JSON value. */
  setValueEdit(name: string, title: string, value: string | boolean): FixData | undefined {
    const p = this.props.get(name);
    if (p === undefined) return undefined;
    return { kind: 'edit', title, edits: [{ ...p.valueSpan, newText: JSON.stringify(value) }] };
  }

  /** Remove a whole `"key": value` member, with its comma. */
  removeEdit(name: string, title: string): FixData | undefined {
    if (!this.props.has(name)) return undefined;
    const edits = removalEdits(this.text, name);
    return edits.length > 0 ? { kind: 'edit', title, edits } : undefined;
  }

  /** Whether an update draft changes `name` compared to the original subscription. */
  changed(name: string): boolean {
    const p = this.props.get(name);
    if (p === undefined) return false;
    if (this.original === undefined) return true;
    const before = this.original[name];
    // Graph withholds clientState when listing ("not returned for security purposes", https://learn.microsoft.com/en-us/graph/api/resources/subscription#properties), so
    // a null there means "unknown", not "unset": the draft's value cannot be called a change.
    if (WITHHELD_BY_GRAPH.has(name) && (before === null || before === undefined)) return false;
    const norm = (v: unknown): unknown => (v === null || v === undefined || v === '' ? undefined : v);
    return norm(before) !== norm(p.value);
  }

  resourceValue(): string | undefined {
    const own = this.str('resource');
    if (own !== undefined) return own;
    if (!this.isCreate && this.original && typeof this.original.resource === 'string') return this.original.resource;
    return undefined;
  }

  includeResourceData(): boolean {
    const own = this.props.get('includeResourceData');
    if (own !== undefined) return own.value === true;
    return !this.isCreate && this.original?.includeResourceData === true;
  }
}

export function optional(f: FixData | undefined): FixData[] {
  return f === undefined ? [] : [f];
}
