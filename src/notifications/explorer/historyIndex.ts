/**
 * A compact, streaming index of the receiver's notification history (the same JSON Lines files
 * NotificationHistory writes: `history.N.jsonl` … `history.1.jsonl`, then `history.jsonl`), for
 * the notifications explorer. One row per notification item (a POST carries several), held in
 * typed columns: arrival time, subscription, change type, resource, check result, latency,
 * duplicate group, and where its line is in which file. Payloads are never kept: `readEntry`
 * reads one line back on demand. `refresh()` reads what was appended since (also across a
 * rotation: HistoryFileFollower in historyFileFollower.ts follows the files by inode and hands
 * over their lines). No `vscode` import.
 */
import { trustOf, type HistoryEntry, type ItemSummary } from '../history';
import { HistoryFileFollower } from './historyFileFollower';
import { DuplicateGrouper, DEFAULT_DUPLICATE_WINDOW_MS } from './duplicateGroups';
import { changeTimeOf } from './latency';
import { RowColumns } from './rowColumns';

/** What the explorer filters on: the checks' verdict, a refused request, or not checked yet. */
export type CheckResult = 'verified' | 'unverified' | 'untrusted' | 'rejected' | 'pending';
export const CHECK_RESULTS: readonly CheckResult[] = ['verified', 'unverified', 'untrusted', 'rejected', 'pending'];

/** One row as the list shows it. */
export interface IndexedRow {
  row: number;
  receivedAt: number;
  subscriptionId: string;
  /** changeType (lower case), lifecycle event, or the HTTP status of a refused request. */
  changeType: string;
  resource?: string;
  check: CheckResult;
  /** ms between the change the payload states and the arrival; undefined when it states none. */
  latencyMs?: number;
  /** The row leading this row's duplicate group (itself for the first), or undefined. */
  groupLeader?: number;
  /** Rows in the group (on the leader only). */
  groupSize?: number;
  /** A refused-request row standing for this many sampled refusals. */
  refusedCount?: number;
  /** Graph delivered this very notification (same id) before, at this time (ISO). */
  redeliveryOf?: string;
}

export interface HistoryIndexOptions {
  /** Duplicate window in ms (default 60 s). */
  duplicateWindowMs?: number;
  /** Read chunk size in bytes (default 1 MiB). */
  chunkBytes?: number;
}

const NO_ITEMS = '(no items)';

export class HistoryIndex {
  private readonly cols = new RowColumns();
  private readonly grouper: DuplicateGrouper;
  /** The history files; a row's `file` is a position in its list. */
  private readonly follower: HistoryFileFollower;
  /** Received entries waiting for their `processed` record: id → first row and item count. */
  private readonly pending = new Map<string, { first: number; count: number }>();
  /** Groups' member lists are linked: leader → … → last member; `groupTail` finds the end fast. */
  private readonly groupTail = new Map<number, number>();
  /** When the first delivery of a re-delivered row arrived (rare: a map, not a column). */
  private readonly redeliveryTimes = new Map<number, string>();

  private constructor(
    readonly dir: string,
    options: HistoryIndexOptions,
  ) {
    this.grouper = new DuplicateGrouper(options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS);
    const chunkBytes = Math.max(4096, options.chunkBytes ?? 1024 * 1024);
    this.follower = new HistoryFileFollower(dir, chunkBytes, (line, file, offset, length) => this.indexLine(line, file, offset, length));
  }

  /** Indexes every history file in `dir`, oldest first. A missing folder is an empty history. */
  static async open(dir: string, options: HistoryIndexOptions = {}): Promise<HistoryIndex> {
    const index = new HistoryIndex(dir, options);
    await index.follower.readAll();
    return index;
  }

  /** Rows indexed. */
  get size(): number {
    return this.cols.count;
  }

  get columns(): Readonly<RowColumns> {
    return this.cols;
  }

  /** Subscription ids, change types: the interned names the columns refer to. */
  subscriptionName(id: number): string {
    return this.cols.subscriptions.name(id);
  }

  changeTypeName(id: number): string {
    return this.cols.changeTypes.name(id);
  }

  row(row: number): IndexedRow {
    const c = this.cols;
    const latency = c.latency[row];
    const leader = c.groupLeader[row];
    const refused = c.refusedCount.get(row);
    return {
      row,
      receivedAt: c.time[row],
      subscriptionId: c.subscriptions.name(c.subscription[row]),
      changeType: c.changeTypes.name(c.changeType[row]),
      ...(c.resource[row] !== undefined ? { resource: c.resource[row] } : {}),
      check: CHECK_RESULTS[c.check[row]],
      ...(Number.isNaN(latency) ? {} : { latencyMs: latency }),
      ...(leader >= 0 ? { groupLeader: leader } : {}),
      ...(leader === row ? { groupSize: c.groupSize[row] } : {}),
      ...(refused !== undefined ? { refusedCount: refused } : {}),
      ...(c.redelivered.has(row) ? { redeliveryOf: this.redeliveryTimes.get(row) ?? '' } : {}),
    };
  }

  /** The rows of a duplicate group in arrival order (just `row` when it is in none). */
  groupMembers(leader: number): number[] {
    const out: number[] = [];
    if (this.cols.groupLeader[leader] !== leader) return [leader];
    for (let r = leader; r >= 0; r = this.cols.groupNext[r]) out.push(r);
    return out;
  }

  /**
   * Reads what was appended since the last call (or open). When the current file was rotated,
   * the rest of the old one is read first (found by inode), then the new one. Returns how many
   * rows were added.
   */
  async refresh(): Promise<number> {
    const before = this.cols.count;
    await this.follower.readAppended();
    return this.cols.count - before;
  }

  /**
   * The history entry a row belongs to (its `received` line merged with its `processed` one) and
   * the row's position in `body.value`; undefined when the file was deleted by rotation since.
   */
  async readEntry(row: number): Promise<{ entry: HistoryEntry; itemIndex: number } | undefined> {
    const c = this.cols;
    const received = this.follower.readLine(c.file[row], c.offset[row], c.lineLength[row]);
    if (!received) return undefined;
    let record: { type?: string; receivedAt?: string } & HistoryEntry;
    try {
      record = JSON.parse(received) as typeof record;
    } catch {
      return undefined;
    }
    if (record.type !== 'received' || Date.parse(record.receivedAt) !== c.time[row]) return undefined;
    const { type: _type, ...entry } = record;
    if (c.processedLength[row] > 0) {
      const line = this.follower.readLine(c.processedFile[row], c.processedOffset[row], c.processedLength[row]);
      try {
        const p = line ? (JSON.parse(line) as { type: string; id: string; processedAt: string; items: ItemSummary[] }) : undefined;
        if (p?.type === 'processed' && p.id === entry.id) entry.processed = { processedAt: p.processedAt, items: p.items };
      } catch {
        // verdicts unreadable: the entry is shown without them
      }
    }
    return { entry, itemIndex: c.item[row] };
  }

  private indexLine(line: string, file: number, offset: number, length: number): void {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return; // a torn line after a crash must not hide the rest (as NotificationHistory.read)
    }
    if (!record || typeof record !== 'object') return;
    const r = record as { [key: string]: unknown };
    if (r.type === 'received') this.indexReceived(r, file, offset, length);
    else if (r.type === 'processed') this.indexProcessed(r, file, offset, length);
  }

  private indexReceived(r: { [key: string]: unknown }, file: number, offset: number, length: number): void {
    const time = typeof r.receivedAt === 'string' ? Date.parse(r.receivedAt) : NaN;
    if (!Number.isFinite(time)) return;
    const body = r.body as { value?: unknown } | undefined;
    const items = body && typeof body === 'object' && Array.isArray(body.value) ? (body.value as unknown[]) : [];
    const c = this.cols;
    if (r.kind === 'rejected') {
      const rejection = r.rejection as { status?: number; count?: number } | undefined;
      const first = items[0] as { subscriptionId?: unknown } | undefined;
      const row = c.push({ time, subscription: str(first?.subscriptionId) ?? '', changeType: String(rejection?.status ?? 'refused'), check: CHECK_RESULTS.indexOf('rejected'), file, offset, length, item: 0 });
      if (rejection?.count && rejection.count > 1) c.refusedCount.set(row, rejection.count);
      return;
    }
    const first = c.count;
    const count = Math.max(1, items.length);
    for (let i = 0; i < count; i++) {
      const item = (items[i] ?? {}) as { [key: string]: unknown };
      const changeType = str(item.changeType)?.toLowerCase();
      const lifecycleEvent = str(item.lifecycleEvent);
      const subscription = str(item.subscriptionId) ?? (items.length ? '(none)' : '');
      const resource = str(item.resource);
      const row = c.push({
        time,
        subscription,
        changeType: lifecycleEvent ?? changeType ?? NO_ITEMS,
        resource,
        check: CHECK_RESULTS.indexOf('pending'),
        file,
        offset,
        length,
        item: i,
      });
      const stated = changeTimeOf(item.resourceData, changeType);
      if (stated !== undefined) c.latency[row] = time - stated;
      this.group(row, time, subscription, lifecycleEvent ? undefined : resource, changeType);
    }
    if (typeof r.id === 'string') this.pending.set(r.id, { first, count });
  }

  private indexProcessed(r: { [key: string]: unknown }, file: number, offset: number, length: number): void {
    if (typeof r.id !== 'string') return;
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    const items = Array.isArray(r.items) ? (r.items as ItemSummary[]) : [];
    const c = this.cols;
    for (let i = 0; i < p.count; i++) {
      const row = p.first + i;
      c.processedFile[row] = file;
      c.processedOffset[row] = offset;
      c.processedLength[row] = length;
      const item = items[i];
      if (!item || typeof item !== 'object') {
        // A POST with no items was still checked: nothing failed, nothing proved the sender.
        if (items.length === 0) c.check[row] = CHECK_RESULTS.indexOf('unverified');
        continue;
      }
      c.check[row] = CHECK_RESULTS.indexOf(trustOf(item));
      if (item.duplicateOf && typeof item.duplicateOf.receivedAt === 'string') {
        c.redelivered.add(row);
        this.redeliveryTimes.set(row, item.duplicateOf.receivedAt);
      }
      if (typeof item.changedAt === 'string') {
        const stated = Date.parse(item.changedAt);
        if (Number.isFinite(stated)) c.latency[row] = c.time[row] - stated;
      }
    }
  }

  private group(row: number, time: number, subscription: string, resource: string | undefined, changeType: string | undefined): void {
    const leader = this.grouper.add(row, time, subscription, resource, changeType);
    if (leader < 0) return;
    const c = this.cols;
    c.groupLeader[row] = leader;
    if (leader === row) {
      c.groupSize[row] = 1;
      return;
    }
    c.groupSize[leader]++;
    const tail = this.groupTail.get(leader) ?? leader;
    c.groupNext[tail] = row;
    this.groupTail.set(leader, row);
    if (this.groupTail.size > 8192) this.pruneTails(time);
  }

  /** Forgets the tails of groups whose window closed (they can take no more members). */
  private pruneTails(time: number): void {
    for (const leader of this.groupTail.keys()) if (time - this.cols.time[leader] > this.grouper.windowMs) this.groupTail.delete(leader);
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
