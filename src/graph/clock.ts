/**
 * The extension's notion of "now". Real time, plus an offset that only integration tests move
 * (`GS_TEST=1`), so auto-renew and the sandbox emulator can be driven to an expiry without waiting.
 */
export class Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }
  /** Tests only: moves "now" forward (or back) by `ms` relative to real time. */
  setOffsetForTests(ms: number): void {
    this.offsetMs = ms;
  }
}
