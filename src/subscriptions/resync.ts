/**
 * Resync after `missed` or `subscriptionRemoved`: runs the resource's delta query
 * (https://learn.microsoft.com/en-us/graph/delta-query-overview) through the account's Graph client,
 * following `@odata.nextLink` pages to the `@odata.deltaLink`, and says what changed. With the
 * deltaLink kept from the last resync, that is exactly what Graph reports since then; without one
 * (the first resync), the round lists what exists, and items modified before the last notification
 * the receiver got are left out (their changes were notified). Pure: no `vscode`.
 */
import { DELTA_OVERVIEW, firstDeltaRequest, type DeltaQuery } from '../catalog/deltaQueries';
import { isGraphRequestError } from '../graph/errors';
import type { GetJsonOptions } from '../graph/types';

export interface DeltaReader {
  getJson(pathOrLink: string, options?: GetJsonOptions): Promise<unknown>;
}

/**
 * - created / updated / deleted: what Graph's response shows;
 * - changed: created or updated (the item carries no creation time to tell which);
 * - current: listed by a first round with nothing to compare against (no modification time).
 */
export type ResyncChangeKind = 'created' | 'updated' | 'deleted' | 'changed' | 'current';

export interface ResyncChange {
  id: string;
  kind: ResyncChangeKind;
  /** subject, displayName, name or title, when the item has one. */
  label?: string;
  /** lastModifiedDateTime when present. */
  modified?: string;
  /** `@removed.reason` (`deleted`, `changed`: restorable from deleted items). */
  reason?: string;
}

export interface ResyncResult {
  /** The first request: the kept deltaLink, or the delta path with its query. */
  request: string;
  fromDeltaLink: boolean;
  /** On a first round: the time of the last notification received, items modified before it left out. */
  since?: string;
  /** When the kept deltaLink was made (created vs updated is decided against it). */
  previousAt?: string;
  changes: ResyncChange[];
  /** Items the first round listed that were not modified since `since`. */
  unchanged: number;
  pages: number;
  deltaLink: string;
  /** Why the kept deltaLink was given up (Graph no longer had its state) and a first round ran. */
  restarted?: string;
  scopeNote?: string;
  source: string;
}

export interface ResyncInput {
  query: DeltaQuery;
  /** The deltaLink kept from the last resync, and when it was made. */
  kept?: { deltaLink: string; at: string };
  /** When the last change notification for the subscription arrived. */
  lastNotificationAt?: string;
  now: Date;
  signal?: AbortSignal;
  /** Stops a runaway round (default 2,000 pages). */
  maxPages?: number;
  onPage?: (pages: number, items: number) => void;
}

const DEFAULT_MAX_PAGES = 2000;

export async function runResync(reader: DeltaReader, input: ResyncInput): Promise<ResyncResult> {
  if (input.kept) {
    try {
      return await round(reader, input, input.kept.deltaLink, true);
    } catch (error) {
      // Graph answers 410 Gone when it no longer has the token's sync state
      // (https://learn.microsoft.com/en-us/graph/api/driveitem-delta): start a new round.
      if (!(isGraphRequestError(error) && error.status === 410)) throw error;
      const result = await round(reader, input, firstDeltaRequest(input.query, input.now), false);
      return { ...result, restarted: `Graph no longer had the state of the kept deltaLink (410 ${error.code ?? 'Gone'}), so a new round ran.` };
    }
  }
  return round(reader, input, firstDeltaRequest(input.query, input.now), false);
}

async function round(reader: DeltaReader, input: ResyncInput, start: string, fromDeltaLink: boolean): Promise<ResyncResult> {
  const maxPages = input.maxPages ?? DEFAULT_MAX_PAGES;
  // "A single entity may be contained multiple times in the response": the last one wins.
  const items = new Map<string, Record<string, unknown>>();
  let next: string | undefined = start;
  let pages = 0;
  let deltaLink: string | undefined;
  while (next) {
    if (pages >= maxPages) throw new Error(`The delta query did not end after ${maxPages} pages (no @odata.deltaLink); stopped.`);
    const body = await reader.getJson(next, { signal: input.signal });
    pages++;
    const page = asPage(body);
    for (const item of page.value) {
      const id = typeof item.id === 'string' ? item.id : undefined;
      if (id) {
        items.delete(id);
        items.set(id, item);
      }
    }
    input.onPage?.(pages, items.size);
    deltaLink = page.deltaLink;
    next = page.deltaLink ? undefined : page.nextLink;
    if (!next && !deltaLink) throw new Error(`The delta query's page ${pages} has neither @odata.nextLink nor @odata.deltaLink (${DELTA_OVERVIEW}).`);
  }
  const since = fromDeltaLink ? undefined : input.lastNotificationAt;
  const previousAt = fromDeltaLink ? input.kept?.at : undefined;
  const changes: ResyncChange[] = [];
  let unchanged = 0;
  for (const item of items.values()) {
    const change = classify(item, { fromDeltaLink, since, previousAt });
    if (change) changes.push(change);
    else unchanged++;
  }
  return {
    request: start,
    fromDeltaLink,
    ...(since ? { since } : {}),
    ...(previousAt ? { previousAt } : {}),
    changes,
    unchanged,
    pages,
    deltaLink: deltaLink!,
    ...(input.query.scopeNote ? { scopeNote: input.query.scopeNote } : {}),
    source: input.query.source,
  };
}

function asPage(body: unknown): { value: Record<string, unknown>[]; nextLink?: string; deltaLink?: string } {
  const o = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!Array.isArray(o.value)) throw new Error('The delta query answered without a "value" array.');
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return { value: o.value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null), nextLink: str(o['@odata.nextLink']), deltaLink: str(o['@odata.deltaLink']) };
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

/** What one item of the round means, or undefined when a first round's item predates the last notification. */
export function classify(item: Record<string, unknown>, context: { fromDeltaLink: boolean; since?: string; previousAt?: string }): ResyncChange | undefined {
  const id = String(item.id);
  const label = text(item.subject) ?? text(item.displayName) ?? text(item.name) ?? text(item.title);
  const modified = text(item.lastModifiedDateTime);
  const base = { id, ...(label ? { label } : {}), ...(modified ? { modified } : {}) };
  const removed = item['@removed'];
  if (removed !== undefined) {
    const reason = typeof removed === 'object' && removed !== null ? text((removed as Record<string, unknown>).reason) : undefined;
    return { ...base, kind: 'deleted', ...(reason ? { reason } : {}) };
  }
  if (item.deleted !== undefined && item.deleted !== null) return { ...base, kind: 'deleted' };
  const created = text(item.createdDateTime);
  const after = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && Date.parse(a) >= Date.parse(b);
  if (context.fromDeltaLink) {
    if (!created || !context.previousAt) return { ...base, kind: 'changed' };
    return { ...base, kind: after(created, context.previousAt) ? 'created' : 'updated' };
  }
  if (!context.since) return { ...base, kind: 'current' };
  if (!modified) return { ...base, kind: 'current' };
  // At or after the last notification: a change the receiver may not have heard of.
  if (!after(modified, context.since)) return undefined;
  if (!created) return { ...base, kind: 'changed' };
  return { ...base, kind: after(created, context.since) ? 'created' : 'updated' };
}

const HEADINGS: Record<ResyncChangeKind, string> = {
  created: 'Created',
  updated: 'Updated',
  deleted: 'Deleted',
  changed: 'Created or updated',
  current: 'Current state (nothing to compare against)',
};

/** Counts per kind, in a fixed order, e.g. "2 created, 1 deleted". */
export function summarizeChanges(changes: readonly ResyncChange[]): string {
  if (changes.length === 0) return 'no changes';
  const parts: string[] = [];
  for (const kind of Object.keys(HEADINGS) as ResyncChangeKind[]) {
    const n = changes.filter((c) => c.kind === kind).length;
    if (n > 0) parts.push(`${n} ${kind === 'current' ? 'listed' : kind === 'changed' ? 'created or updated' : kind}`);
  }
  return parts.join(', ');
}

function cell(value: string | undefined): string {
  if (!value) return '—';
  const shown = value.length > 100 ? `${value.slice(0, 97)}…` : value;
  return shown.replace(/[\r\n]+/g, ' ').replace(/([\\`*_{}[\]()#+\-!|<>])/g, '\\$1');
}

/** The read-only report: what was asked, what changed, grouped by kind. */
export function formatResyncMarkdown(result: ResyncResult, about: { subscriptionId: string; resource: string; account: string; at: Date }): string {
  const lines: string[] = [];
  lines.push(`# Resync of ${cell(about.resource)}`, '');
  lines.push(`Subscription \`${about.subscriptionId}\` · ${cell(about.account)} · ${about.at.toISOString()}`, '');
  if (result.fromDeltaLink) {
    lines.push(`Changes Graph reports since the last resync${result.previousAt ? ` (${result.previousAt})` : ''}, read with the kept deltaLink.`);
  } else if (result.since) {
    lines.push(`First resync: the delta query listed what exists; shown are the items modified at or after the last notification received (${result.since}). ${result.unchanged} older item(s) are not shown. Deletions made before a first resync cannot be listed: Graph's first round returns only what exists.`);
  } else {
    lines.push('First resync, and no notification was received for this subscription: the list is the current state of the resource.');
  }
  if (result.restarted) lines.push('', `⚠ ${result.restarted}`);
  if (result.scopeNote) lines.push('', `Scope: ${result.scopeNote}`);
  lines.push('', `**${summarizeChanges(result.changes)}** (${result.pages} page${result.pages === 1 ? '' : 's'}). The new deltaLink is kept: the next resync lists only what changes after this one.`, '');
  for (const kind of Object.keys(HEADINGS) as ResyncChangeKind[]) {
    const group = result.changes.filter((c) => c.kind === kind);
    if (group.length === 0) continue;
    lines.push(`## ${HEADINGS[kind]} (${group.length})`, '', '| Item | id | Last modified |', '| --- | --- | --- |');
    for (const c of group) lines.push(`| ${cell(c.label)}${c.reason ? ` (${cell(c.reason)})` : ''} | \`${c.id}\` | ${cell(c.modified)} |`);
    lines.push('');
  }
  lines.push(`Delta query: \`GET ${cell(result.request.split('?')[0])}\` — ${result.source}`, '');
  return lines.join('\n');
}
