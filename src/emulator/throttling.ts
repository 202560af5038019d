/**
 * Endpoint throttling as Graph applies it to slow notification endpoints
 * (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#throttling):
 * - slow: more than 10% of responses in a 10-minute window exceed the 3 s first-try timeout →
 *   new notifications go out after a 10-minute delay; a few are sent every 10 minutes to test;
 * - drop: more than 15% exceed the 10 s retry timeout → notifications are dropped for 10 minutes
 *   (they cannot be recovered; Outlook subscriptions get a `missed` lifecycle event).
 * Driven by the response times the delivery engine measures, and by the emulator's clock, so
 * tests move the clock instead of waiting ten minutes. One state per notification URL host.
 */

export type EndpointState = 'normal' | 'slow' | 'drop';

export interface ThrottleState {
  /** host[:port] of the notification URL. */
  host: string;
  state: EndpointState;
  /** When the state began (emulator clock, ISO). */
  since: string;
  /** Responses measured in the current 10-minute window. */
  responses: number;
  /** Share of them over the first-try timeout / over the retry timeout, 0–100. */
  slowPercent: number;
  dropPercent: number;
}

export interface ThrottlePolicy {
  windowMs: number;
  /** Responses needed in the window before a verdict (Graph's older docs: 100). */
  minResponses: number;
  slowRatio: number;
  dropRatio: number;
  /** Delay of new notifications while slow. */
  delayMs: number;
  /** Length of a drop period. */
  dropMs: number;
  /** Notifications sent straight through as a test, every window, while slow or after a drop period. */
  probes: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  windowMs: 10 * 60_000,
  minResponses: 10,
  slowRatio: 0.1,
  dropRatio: 0.15,
  delayMs: 10 * 60_000,
  dropMs: 10 * 60_000,
  probes: 3,
};

export type ThrottleDecision = { action: 'send'; probe: boolean } | { action: 'delay'; untilMs: number } | { action: 'drop'; untilMs: number };

/** Responses counted together: one bucket per 1/600 of the window (a second of Graph's 10 minutes). */
interface Bucket {
  /** Start of the bucket (emulator clock, ms). */
  startMs: number;
  n: number;
  overFirst: number;
  overRetry: number;
}

/** Buckets per window: memory and work per response stay constant however fast the endpoint is fed. */
const BUCKETS_PER_WINDOW = 600;

interface HostState {
  /** The window's responses in time buckets (oldest at `head`); the totals are of those. */
  buckets: Bucket[];
  head: number;
  n: number;
  overFirst: number;
  overRetry: number;
  state: EndpointState;
  sinceMs: number;
  /** Start of the current probe window and probes sent in it. */
  probeWindowMs: number;
  probesSent: number;
}

const hosts = new Map<string, string>();

/** host[:port] of a notification URL, remembered per URL (asked on every delivery). */
export function hostOf(url: string): string {
  let host = hosts.get(url);
  if (host === undefined) {
    try {
      host = new URL(url).host.toLowerCase();
    } catch {
      host = url;
    }
    if (hosts.size >= 1000) hosts.clear();
    hosts.set(url, host);
  }
  return host;
}

export class EndpointThrottle {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly now: () => number,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
  ) {}

  /** One measured response (or timeout) of a notification POST to `host`. */
  record(host: string, sample: { overFirstTimeout: boolean; overRetryTimeout: boolean }): void {
    const h = this.host(host);
    const now = this.now();
    const width = Math.max(1, this.policy.windowMs / BUCKETS_PER_WINDOW);
    const startMs = now - (now % width);
    let last = h.buckets.length > h.head ? h.buckets[h.buckets.length - 1] : undefined;
    if (!last || last.startMs !== startMs) {
      last = { startMs, n: 0, overFirst: 0, overRetry: 0 };
      h.buckets.push(last);
    }
    last.n++;
    h.n++;
    if (sample.overFirstTimeout) {
      last.overFirst++;
      h.overFirst++;
    }
    if (sample.overRetryTimeout) {
      last.overRetry++;
      h.overRetry++;
    }
    this.evaluate(host, h);
  }

  /** What to do with a new notification POST to `host` now. */
  decide(host: string): ThrottleDecision {
    const h = this.host(host);
    this.evaluate(host, h);
    const now = this.now();
    if (h.state === 'normal') return { action: 'send', probe: false };
    if (h.state === 'drop' && now < h.sinceMs + this.policy.dropMs) return { action: 'drop', untilMs: h.sinceMs + this.policy.dropMs };
    // Slow, or a drop period that is over: a few go straight through as a test, the rest wait.
    if (now - h.probeWindowMs >= this.policy.windowMs) {
      h.probeWindowMs = now;
      h.probesSent = 0;
    }
    if (h.probesSent < this.policy.probes) {
      h.probesSent++;
      return { action: 'send', probe: true };
    }
    if (h.state === 'drop') return { action: 'drop', untilMs: now + this.policy.dropMs };
    return { action: 'delay', untilMs: now + this.policy.delayMs };
  }

  stateOf(host: string): EndpointState {
    const h = this.hosts.get(host);
    if (!h) return 'normal';
    this.evaluate(host, h);
    return h.state;
  }

  states(): ThrottleState[] {
    const out: ThrottleState[] = [];
    for (const [host, h] of this.hosts) {
      this.evaluate(host, h);
      const { slow, drop, n } = this.ratios(h);
      out.push({ host, state: h.state, since: new Date(h.sinceMs).toISOString(), responses: n, slowPercent: Math.round(slow * 100), dropPercent: Math.round(drop * 100) });
    }
    return out;
  }

  private host(host: string): HostState {
    let h = this.hosts.get(host);
    if (!h) {
      h = { buckets: [], head: 0, n: 0, overFirst: 0, overRetry: 0, state: 'normal', sinceMs: this.now(), probeWindowMs: -Infinity, probesSent: 0 };
      this.hosts.set(host, h);
    }
    return h;
  }

  private ratios(h: HostState): { slow: number; drop: number; n: number } {
    const from = this.now() - this.policy.windowMs;
    // A bucket leaves the window once its start is out of it (at most one bucket early).
    while (h.head < h.buckets.length && h.buckets[h.head].startMs < from) {
      const old = h.buckets[h.head++];
      h.n -= old.n;
      h.overFirst -= old.overFirst;
      h.overRetry -= old.overRetry;
    }
    // Drop the expired prefix now and then (amortised O(1)), not on every response.
    if (h.head > 64 && h.head * 2 > h.buckets.length) {
      h.buckets = h.buckets.slice(h.head);
      h.head = 0;
    }
    const n = h.n;
    if (n === 0) return { slow: 0, drop: 0, n };
    return { slow: h.overFirst / n, drop: h.overRetry / n, n };
  }

  private evaluate(_host: string, h: HostState): void {
    const { slow, drop, n } = this.ratios(h);
    const enough = n >= this.policy.minResponses;
    let next: EndpointState;
    if (h.state === 'drop' && this.now() < h.sinceMs + this.policy.dropMs) next = 'drop';
    else if (enough && drop > this.policy.dropRatio) next = 'drop';
    else if (enough && slow > this.policy.slowRatio) next = 'slow';
    // The state ends when the share falls under the threshold (or the window holds too few responses to say).
    else next = 'normal';
    if (next !== h.state) {
      h.state = next;
      h.sinceMs = this.now();
      h.probeWindowMs = h.sinceMs;
      h.probesSent = 0;
    }
  }
}
