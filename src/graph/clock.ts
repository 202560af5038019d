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
  /**
   * Tests only (the test hosts set `GS_TEST=1`): moves "now" by `ms` relative to real time. Refused
   * otherwise, so no other extension can shift auto-renew through our API.
   */
  setOffsetForTests(ms: number): void {
    if (process.env.GS_TEST !== '1') throw new Error('The test clock is available only when GS_TEST=1.');
    this.offsetMs = ms;
  }
}
