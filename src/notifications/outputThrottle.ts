/**
 * Keeps the "Graph Notifications" output readable under load. Graph delivers in bursts (a
 * mailbox import can mean thousands of notifications a second); printing every item with its JSON
 * floods the channel and costs the extension host an IPC round trip per line. Up to
 * `maxItemsPerSecond` items of each second are printed in full; the rest are counted, and when the
 * second ends one line per subscription says how many arrived ("1,234 notifications for sub … in
 * the last second — open history"). Every item is still in the history. No `vscode` import.
 */
import { escapeControl } from './formatNotification';
import type { Trust } from './history';

export interface SubscriptionCount {
  total: number;
  untrusted: number;
  unverified: number;
}

export const DEFAULT_MAX_ITEMS_PER_SECOND = 20;

export function summaryLine(subscriptionId: string, count: SubscriptionCount): string {
  const flags = [count.untrusted ? `${count.untrusted.toLocaleString('en-US')} untrusted` : '', count.unverified ? `${count.unverified.toLocaleString('en-US')} unverified` : ''].filter(Boolean);
  return `${count.total.toLocaleString('en-US')} notifications for sub ${escapeControl(subscriptionId)} in the last second${flags.length ? ` (${flags.join(', ')})` : ''} — open history`;
}

export class OutputThrottle {
  private windowStart: number;
  private printed = 0;
  private overflowing = false;
  /** Every item of the current second, per subscription (the summary counts them all). */
  private counts = new Map<string, SubscriptionCount>();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly max: number;
  private readonly now: () => number;

  constructor(
    private readonly onSummary: (lines: string[]) => void,
    options: { maxItemsPerSecond?: number; now?: () => number; timers?: boolean } = {},
  ) {
    this.max = options.maxItemsPerSecond ?? DEFAULT_MAX_ITEMS_PER_SECOND;
    this.now = options.now ?? Date.now;
    this.windowStart = this.now();
    if (options.timers !== false) {
      this.timer = setInterval(() => this.tick(), 1000);
      this.timer.unref();
    }
  }

  /** Counts one item; true when it is to be printed in full. */
  admit(subscriptionId: string, trust: Trust): boolean {
    if (this.now() - this.windowStart >= 1000) this.tick();
    let c = this.counts.get(subscriptionId);
    if (!c) this.counts.set(subscriptionId, (c = { total: 0, untrusted: 0, unverified: 0 }));
    c.total++;
    if (trust === 'untrusted') c.untrusted++;
    if (trust === 'unverified') c.unverified++;
    if (this.printed < this.max) {
      this.printed++;
      return true;
    }
    this.overflowing = true;
    return false;
  }

  /** Ends the current second: the summary lines when it went past the rate. */
  tick(): void {
    const counts = this.counts;
    const overflowed = this.overflowing;
    this.counts = new Map();
    this.printed = 0;
    this.overflowing = false;
    this.windowStart = this.now();
    if (overflowed) this.onSummary([...counts].map(([id, c]) => summaryLine(id, c)));
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.tick();
  }
}
