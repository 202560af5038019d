/**
 * The messages between the notifications explorer's webview and the extension, typed once for
 * both sides. Everything the webview sends is checked by `parseWebviewMessage` before use (a
 * webview is another process: its messages are input). No `vscode` import, no DOM.
 */
import type { LatencyStats } from './latency';
import type { RateChart } from './rateChart';
import type { CheckResult } from './historyIndex';

/** The filter as the webview holds it (times in ms since epoch). */
export interface FilterDto {
  subscriptionIds: string[];
  changeTypes: string[];
  checks: CheckResult[];
  from?: number;
  to?: number;
  resource: string;
}

export interface RowDto {
  row: number;
  time: number;
  subscriptionId: string;
  changeType: string;
  resource?: string;
  check: CheckResult;
  latencyMs?: number;
  /** On a group's first row: members, what they are ("created + 2 × updated"), whether expanded. */
  group?: { size: number; label: string; expanded: boolean };
  /** A member shown under its expanded group. */
  member?: boolean;
  refusedCount?: number;
  /** Graph delivered this very notification (same id) before, at this time (ISO). */
  redeliveryOf?: string;
}

export interface SubscriptionDto {
  subscriptionId: string;
  /** As the tree names it: the resource path ("me/messages"), else the id (see subscriptionNames.ts). */
  name: string;
  /** The account ("Sandbox"), or "no longer listed". */
  detail?: string;
  /** Tooltip: the full resource, account, status and the id. */
  title: string;
  /** Name and detail on one line, for the filter's options. */
  oneLine: string;
  /** An account lists it now (else: deleted, expired, or another window's). */
  listed: boolean;
  count: number;
  last: number;
  latency?: LatencyStats;
}

export interface StateMessage {
  type: 'state';
  /** Increases with every query; page answers carry it, so stale pages are dropped. */
  version: number;
  loading: boolean;
  total: number;
  matched: number;
  /** Rows in the list (groups collapsed). */
  listLength: number;
  subscriptions: SubscriptionDto[];
  changeTypes: { name: string; count: number }[];
  checks: { name: CheckResult; count: number }[];
  chart: RateChart;
  latency?: LatencyStats;
  duplicateWindowMs: number;
  /** Rows added by the last live refresh (0 for a query). */
  added: number;
}

export interface RowsMessage {
  type: 'rows';
  version: number;
  start: number;
  rows: RowDto[];
}

export interface DetailMessage {
  type: 'detail';
  row: number;
  /** Undefined when the entry is no longer in the history (rotated away). */
  detail?: {
    entryId: string;
    receivedAt: string;
    kind: string;
    path: string;
    itemIndex: number;
    /** The item as stored (clientState masked), pretty JSON. */
    itemJson: string;
    /** The whole POST body as stored, pretty JSON. */
    bodyJson: string;
    checks?: { name: string; status: string; reason?: string }[];
    trust?: string;
    changedAt?: string;
    latencyMs?: number;
    /** Decrypted `encryptedContent` (or why it could not be decrypted). */
    decrypted?: { json: string; signatureVerified: boolean } | { error: string };
    /** Replay is possible (a stored body); rejected requests without one are not. */
    canReplay: boolean;
  };
}

export type HostMessage = StateMessage | RowsMessage | DetailMessage;

export type WebviewMessage =
  /** Also the first message: the webview's saved filter (or the empty one) once it loaded. */
  | { type: 'query'; filter: FilterDto; groupDuplicates: boolean; expanded: number[] }
  | { type: 'page'; version: number; start: number; count: number }
  | { type: 'select'; row: number }
  | { type: 'replay'; row: number }
  | { type: 'forward'; row: number }
  | { type: 'copyId'; subscriptionId: string }
  | { type: 'openRaw' };

const CHECKS: readonly string[] = ['verified', 'unverified', 'untrusted', 'rejected', 'pending'];
const MAX_PAGE = 500;

/** The message if it is one the explorer understands, else undefined. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const m = value as { [key: string]: unknown };
  switch (m.type) {
    case 'openRaw':
      return { type: m.type };
    case 'select':
    case 'replay':
    case 'forward':
      return isIndex(m.row) ? { type: m.type, row: m.row } : undefined;
    case 'copyId':
      // A subscription id: printable, short (Graph's are GUIDs); anything else is not one.
      return typeof m.subscriptionId === 'string' && /^[\x21-\x7e]{1,100}$/.test(m.subscriptionId) ? { type: 'copyId', subscriptionId: m.subscriptionId } : undefined;
    case 'page':
      return isIndex(m.version) && isIndex(m.start) && isIndex(m.count) ? { type: 'page', version: m.version, start: m.start, count: Math.min(m.count, MAX_PAGE) } : undefined;
    case 'query': {
      const filter = parseFilter(m.filter);
      if (!filter || typeof m.groupDuplicates !== 'boolean' || !Array.isArray(m.expanded) || !m.expanded.every(isIndex)) return undefined;
      return { type: 'query', filter, groupDuplicates: m.groupDuplicates, expanded: m.expanded as number[] };
    }
    default:
      return undefined;
  }
}

function parseFilter(value: unknown): FilterDto | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const f = value as { [key: string]: unknown };
  const strings = (v: unknown) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined);
  const subscriptionIds = strings(f.subscriptionIds);
  const changeTypes = strings(f.changeTypes);
  const checks = strings(f.checks);
  if (!subscriptionIds || !changeTypes || !checks || !checks.every((c) => CHECKS.includes(c))) return undefined;
  if (typeof f.resource !== 'string') return undefined;
  const time = (v: unknown) => (v === undefined || v === null ? undefined : typeof v === 'number' && Number.isFinite(v) ? v : NaN);
  const from = time(f.from);
  const to = time(f.to);
  if (Number.isNaN(from) || Number.isNaN(to)) return undefined;
  return { subscriptionIds, changeTypes, checks: checks as CheckResult[], resource: f.resource, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
