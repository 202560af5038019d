/**
 * Keeps refused requests bounded. Anyone who learns the public URL can send thousands of junk
 * requests a second; writing each to the history (paths up to ~15 KB) rotated real notifications
 * out of every file. The first `perWindow` refusals of each window are kept in full (history,
 * output, log); the rest are only counted, and one summary per window says how many and which
 * statuses. No `vscode` import.
 */
export interface RefusalSummary {
  /** Refusals counted but not recorded one by one in this window. */
  count: number;
  /** Status → how many of those. */
  byStatus: Map<number, number>;
  windowMs: number;
}

export const MAX_RECORDED_PATH = 256;

/** A path short enough to store and print: long junk paths are cut, saying how long they were. */
export function truncatePath(path: string): string {
  return path.length <= MAX_RECORDED_PATH ? path : `${path.slice(0, MAX_RECORDED_PATH - 24)}…(${path.length} chars)`;
}

export class RefusalSampler {
  private recorded = 0;
  private suppressed = 0;
  private byStatus = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly perWindow: number;
  private readonly windowMs: number;

  constructor(
    private readonly onSummary: (summary: RefusalSummary) => void,
    options: { perWindow?: number; windowMs?: number } = {},
  ) {
    this.perWindow = options.perWindow ?? 20;
    this.windowMs = options.windowMs ?? 60_000;
    this.timer = setInterval(() => this.endWindow(), this.windowMs);
    this.timer.unref();
  }

  /** True when this refusal is to be recorded in full; false when it is only counted. */
  admit(status: number): boolean {
    if (this.recorded < this.perWindow) {
      this.recorded++;
      return true;
    }
    this.suppressed++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    return false;
  }

  /** Reports what was only counted so far and starts a new window. */
  endWindow(): void {
    const count = this.suppressed;
    const byStatus = this.byStatus;
    this.recorded = 0;
    this.suppressed = 0;
    this.byStatus = new Map();
    if (count > 0) this.onSummary({ count, byStatus, windowMs: this.windowMs });
  }

  dispose(): void {
    clearInterval(this.timer);
    this.endWindow();
  }
}

/** "2,890 more requests refused in the last 60 s (405 ×2,000, 404 ×890)". */
export function describeSummary(summary: RefusalSummary): string {
  const parts = [...summary.byStatus].sort((a, b) => b[1] - a[1]).map(([status, n]) => `${status} ×${n.toLocaleString('en-US')}`);
  return `${summary.count.toLocaleString('en-US')} more requests refused in the last ${Math.round(summary.windowMs / 1000)} s (${parts.join(', ')}); not recorded one by one`;
}
