/**
 * Collects changes that arrive in a burst (a user editing three settings, a settings.json save) and
 * hands them over once, after `delayMs` of quiet: one "restart to apply?" prompt instead of one per
 * change. While that prompt is open, further changes are covered by it (the restart applies every
 * current value) and do not open another. No `vscode` import.
 */
export interface BatcherTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: BatcherTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class ChangeBatcher<T> {
  private readonly pending = new Set<T>();
  private timer: unknown;
  private flushing = false;

  constructor(
    private readonly delayMs: number,
    /** Shows the prompt; the batcher waits for it before prompting again. */
    private readonly flush: (changes: T[]) => Promise<void>,
    private readonly timers: BatcherTimers = realTimers,
  ) {}

  add(change: T): void {
    // The open prompt's restart applies this change too.
    if (this.flushing) return;
    this.pending.add(change);
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => void this.run(), this.delayMs);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    const changes = [...this.pending];
    this.pending.clear();
    if (changes.length === 0) return;
    this.flushing = true;
    try {
      await this.flush(changes);
    } catch {
      // The prompt's own failures are reported by its caller; the batcher keeps working.
    } finally {
      this.flushing = false;
    }
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
