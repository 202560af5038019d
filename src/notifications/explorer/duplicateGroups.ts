/**
 * Duplicate grouping for the explorer: notifications about the same resource of the same
 * subscription, arriving within a short window of the first one, with the same change type, or a
 * `created` followed by `updated`. Graph retries a delivery it believes failed (for up to 4 hours,
 * https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks), so the same
 * change can arrive twice; and one action of a user often yields several notifications (Outlook
 * writes an item in stages: `created` then `updated`; a new call record also fires `updated`,
 * https://learn.microsoft.com/en-us/graph/changenotifications-for-callrecords). Receivers must
 * be idempotent; grouping shows the pattern instead of a wall of look-alike rows.
 * No `vscode` import.
 */

export const DEFAULT_DUPLICATE_WINDOW_MS = 60_000;

interface Open {
  leader: number;
  leaderTime: number;
  changeTypes: Set<string>;
}

/** Assigns rows, in arrival order, to groups; `add` returns the group's first row or -1 (no group key). */
export class DuplicateGrouper {
  private readonly open = new Map<string, Open>();
  private lastPrune = 0;

  constructor(readonly windowMs = DEFAULT_DUPLICATE_WINDOW_MS) {}

  /**
   * `row` arrived at `time` about `resource` of `subscriptionId` with `changeType` (lifecycle
   * events and rows without a resource are never grouped: pass undefined). Returns the row that
   * leads its group (itself when it starts one), or -1.
   */
  add(row: number, time: number, subscriptionId: string, resource: string | undefined, changeType: string | undefined): number {
    if (!resource || !changeType) return -1;
    const key = `${subscriptionId}\n${resource}`;
    const found = this.open.get(key);
    if (found && time - found.leaderTime <= this.windowMs && time >= found.leaderTime && joins(found.changeTypes, changeType)) {
      found.changeTypes.add(changeType);
      return found.leader;
    }
    this.open.set(key, { leader: row, leaderTime: time, changeTypes: new Set([changeType]) });
    this.prune(time);
    return row;
  }

  /** Drops groups whose window closed, so the map stays small on a long history. */
  private prune(time: number): void {
    if (this.open.size < 4096 || time - this.lastPrune < this.windowMs) return;
    this.lastPrune = time;
    for (const [key, g] of this.open) if (time - g.leaderTime > this.windowMs) this.open.delete(key);
  }
}

/** Same change type again, or `updated` after `created` (the pair Graph often sends for one new item). */
function joins(seen: Set<string>, changeType: string): boolean {
  if (seen.has(changeType)) return true;
  return changeType === 'updated' && seen.has('created');
}

/** "3 × updated", "created + 2 × updated": what a group holds, from its members' change types. */
export function describeGroup(changeTypes: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const t of changeTypes) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([t, n]) => (n === 1 ? t : `${n} × ${t}`)).join(' + ');
}
