/**
 * When notifications arrived, per subscription: the last arrival and the rate. Filled from the
 * receiver's history at start (the one store of notifications: src/notifications/history.ts) and
 * then from the receiver's processed-notification event; nothing is written anywhere. Lifecycle
 * events and items that failed their checks do not count as activity: a forged POST must not make
 * a silent subscription look alive. No `vscode` import.
 */
import type { HistoryEntry, ItemSummary } from '../notifications/history';
import { trustOf } from '../notifications/history';

/** Arrival times kept per subscription: enough for a rate over the last hour at a few per second. */
const KEEP = 512;
export const RATE_WINDOW_MS = 60 * 60_000;

/** The fields of a processed item the activity needs (history summaries and live items alike). */
export type ActivityItem = Pick<ItemSummary, 'subscriptionId' | 'lifecycleEvent' | 'trusted' | 'trust'>;

export function countsAsActivity(item: ActivityItem): boolean {
  return !item.lifecycleEvent && !!item.subscriptionId && trustOf(item) !== 'untrusted';
}

export interface ActivitySnapshot {
  /** Last arrival (ms), if any is known. */
  readonly lastAt?: number;
  /** Arrivals in the hour before `now`. */
  readonly lastHour: number;
}

export class ActivityLog {
  private readonly arrivals = new Map<string, number[]>();

  /** Records one arrival per counted item (a POST may carry several items of one subscription). */
  record(items: readonly ActivityItem[], at: number): string[] {
    const touched: string[] = [];
    for (const item of items) {
      if (!countsAsActivity(item)) continue;
      this.add(item.subscriptionId, at);
      touched.push(item.subscriptionId);
    }
    return touched;
  }

  /**
   * Seeds from history entries (newest first, as `NotificationHistory.read` returns them); an
   * entry without verdicts (processing never finished) counts when it is a change notification.
   */
  seed(entries: readonly HistoryEntry[]): void {
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i];
      if (entry.kind !== 'change') continue;
      const at = Date.parse(entry.receivedAt);
      if (!Number.isFinite(at)) continue;
      const items = entry.processed?.items ?? itemsOfBody(entry.body);
      this.record(items, at);
    }
  }

  snapshot(subscriptionId: string, now: number): ActivitySnapshot {
    const list = this.arrivals.get(subscriptionId);
    if (!list || list.length === 0) return { lastHour: 0 };
    let lastHour = 0;
    for (let i = list.length - 1; i >= 0 && list[i] > now - RATE_WINDOW_MS; i--) if (list[i] <= now) lastHour++;
    return { lastAt: list[list.length - 1], lastHour };
  }

  /** A recreated subscription keeps its predecessor's record. */
  rename(oldId: string, newId: string): void {
    const list = this.arrivals.get(oldId);
    if (!list) return;
    this.arrivals.delete(oldId);
    this.arrivals.set(newId, [...(this.arrivals.get(newId) ?? []), ...list].sort((a, b) => a - b));
  }

  private add(subscriptionId: string, at: number): void {
    let list = this.arrivals.get(subscriptionId);
    if (!list) this.arrivals.set(subscriptionId, (list = []));
    // Usually in order; a seeded entry older than a live one goes to its place.
    let i = list.length;
    while (i > 0 && list[i - 1] > at) i--;
    list.splice(i, 0, at);
    if (list.length > KEEP) list.splice(0, list.length - KEEP);
  }
}

/** Items of a body whose verdicts were never written: counted unverified. */
function itemsOfBody(body: unknown): ActivityItem[] {
  const value = (body as { value?: unknown } | undefined)?.value;
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is { subscriptionId: string; lifecycleEvent?: unknown } => !!v && typeof (v as { subscriptionId?: unknown }).subscriptionId === 'string')
    .map((v) => ({ subscriptionId: v.subscriptionId, lifecycleEvent: typeof v.lifecycleEvent === 'string' ? v.lifecycleEvent : undefined, trusted: false, trust: 'unverified' as const }));
}
