/**
 * Sends notification POSTs the way Graph does
 * (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#receive-notifications): `application/json`, success = 2xx
 * within the first-try timeout (3 s), otherwise retries with exponential backoff and a longer
 * per-try timeout (10 s). Every attempt is logged and counted.
 */
import type { ChangeNotificationCollection } from '../graph/types';
import { maskValue, type Logger } from '../util/logger';
import { memoise } from '../util/memo';
import { HttpPoster, TimeoutError } from './httpClient';

export type AttemptKind = 'validation' | 'change' | 'lifecycle';

export interface DeliveryAttempt {
  /** Emulator clock, ISO. */
  time: string;
  kind: AttemptKind;
  /** Target URL; a validationToken in it is masked. */
  url: string;
  subscriptionIds: string[];
  /** Notification items in this POST (0 for a validation request). */
  notifications: number;
  /** 1 for the first try, 2.. for retries. */
  attempt: number;
  status?: number;
  durationMs: number;
  ok: boolean;
  error?: string;
  /** Endpoint throttling: sent late ('delayed'), as a test while throttled ('probe'), or not at all ('dropped'). */
  throttle?: 'delayed' | 'probe' | 'dropped';
}

export interface DeliveryCounters {
  /** Notification POSTs sent, retries included. */
  posts: number;
  /** Notification items acknowledged with 2xx in time. */
  delivered: number;
  /** POST attempts that failed (non-2xx, timeout, connection error). */
  failed: number;
  /** Retry attempts made. */
  retried: number;
  /** Notification items given up on after the last attempt. */
  dropped: number;
  /** Validation handshakes run (create / notificationUrl change). */
  validations: number;
  /** Resets on reused idle sockets retried at once on a fresh connection (not failures, not retries). */
  staleSocketRetries: number;
}

export interface DeliveryReport {
  subscriptionId: string;
  kind: 'change' | 'lifecycle';
  url: string;
  /** Notification items generated. */
  notifications: number;
  posts: number;
  delivered: number;
  dropped: number;
  /** Items held back by endpoint throttling, sent after the delay. */
  delayed?: number;
  /** The subscription's delivery delay (Emulator.setDeliveryDelay) these items waited before their first POST. */
  deliveryDelayMs?: number;
  /** Items Graph does not send at all: the Teams evaluation-mode quota is used up (https://learn.microsoft.com/en-us/graph/teams-licenses). */
  withheld?: number;
  /** What the active chaos profile did to this burst (absent when chaos is off). */
  chaos?: ChaosDeliverySummary;
  attempts: DeliveryAttempt[];
}

export interface ChaosDeliverySummary {
  profile: string;
  seed: number;
  /** Notifications sent a second time (same id). */
  duplicates: number;
  /** `updated` notifications added after a `created` for the same item. */
  updatedPairs: number;
  shuffled: boolean;
  /** Real milliseconds the POSTs were held back in total. */
  delayedMs: number;
  /** Graph removed the subscription afterwards (subscriptionRemoved). */
  removed: boolean;
}

export interface RetryPolicy {
  firstTimeoutMs: number;
  retryTimeoutMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
}

const MAX_LOG = 2000;

export function maskUrl(url: string): string {
  // A notification URL is masked on every delivery: remember the (token-free) ones.
  return url.includes('validationToken=') ? maskTokens(url) : maskedUrls(url);
}

function maskTokens(url: string): string {
  return url.replace(/(validationToken=)([^&]+)/g, (_m, p: string, v: string) => `${p}${maskValue(decodeURIComponent(v))}`);
}

const maskedUrls = memoise(maskTokens);

export class DeliveryEngine {
  private readonly log: DeliveryAttempt[] = [];
  private readonly counts: Omit<DeliveryCounters, 'staleSocketRetries'> = { posts: 0, delivered: 0, failed: 0, retried: 0, dropped: 0, validations: 0 };
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private closed = false;
  private readonly targets = new Map<string, { target: URL; masked: string }>();

  constructor(
    readonly poster: HttpPoster,
    private readonly policy: RetryPolicy,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  record(attempt: DeliveryAttempt): void {
    this.log.push(attempt);
    // Trimmed in chunks (amortised O(1) per attempt), not by one splice of 2000 entries per POST.
    if (this.log.length >= 2 * MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
    if (attempt.kind === 'validation') this.counts.validations++;
  }

  /** Logs items that throttling dropped (counted as dropped) or delayed. */
  recordThrottled(kind: 'change' | 'lifecycle', url: string, subscriptionIds: string[], items: number, action: 'delayed' | 'dropped', message: string): DeliveryAttempt {
    const entry: DeliveryAttempt = {
      time: this.now().toISOString(), kind, url: maskUrl(url), subscriptionIds, notifications: items, attempt: 0, durationMs: 0, ok: false, error: message, throttle: action,
    };
    this.record(entry);
    if (action === 'dropped') this.counts.dropped += items;
    return entry;
  }

  get timeouts(): { firstMs: number; retryMs: number } {
    return { firstMs: this.policy.firstTimeoutMs, retryMs: this.policy.retryTimeoutMs };
  }

  attempts(): readonly DeliveryAttempt[] {
    return this.log.slice(-MAX_LOG);
  }

  counters(): DeliveryCounters {
    return { ...this.counts, staleSocketRetries: this.poster.staleSocketRetries };
  }

  /** POSTs one collection, retrying until a 2xx or the attempts run out. */
  async send(kind: 'change' | 'lifecycle', url: string, body: ChangeNotificationCollection, subscriptionIds: string[], mark?: 'delayed' | 'probe'): Promise<DeliveryAttempt[]> {
    const json = JSON.stringify(body);
    const { target, masked } = this.targetOf(url);
    const items = body.value.length;
    const made: DeliveryAttempt[] = [];
    for (let attempt = 1; attempt <= this.policy.maxAttempts && !this.closed; attempt++) {
      if (attempt > 1) {
        this.counts.retried++;
        await this.sleep(this.policy.backoffBaseMs * 2 ** (attempt - 2));
        if (this.closed) break;
      }
      const timeoutMs = attempt === 1 ? this.policy.firstTimeoutMs : this.policy.retryTimeoutMs;
      const time = this.now().toISOString();
      const started = Date.now();
      this.counts.posts++;
      let entry: DeliveryAttempt;
      try {
        const res = await this.poster.post(target, json, 'application/json', timeoutMs, 64 * 1024);
        const ok = res.status >= 200 && res.status < 300;
        entry = { time, kind, url: masked, subscriptionIds, notifications: items, attempt, status: res.status, durationMs: Date.now() - started, ok };
        if (!ok) entry.error = `HTTP ${res.status}`;
      } catch (error) {
        entry = {
          time, kind, url: masked, subscriptionIds, notifications: items, attempt, durationMs: Date.now() - started, ok: false,
          error: error instanceof TimeoutError ? error.message : error instanceof Error ? error.message : String(error),
        };
      }
      if (mark) entry.throttle = mark;
      made.push(entry);
      this.record(entry);
      if (entry.ok) {
        this.counts.delivered += items;
        return made;
      }
      this.counts.failed++;
      this.logger.debug(`${kind} delivery to ${masked} failed (attempt ${attempt}): ${entry.error}`);
    }
    this.counts.dropped += items;
    this.logger.warn(`${kind} delivery to ${masked} dropped ${items} notification(s) after ${made.length} attempt(s)`);
    return made;
  }

  /** The parsed and the masked URL, remembered per URL: a delivery loop POSTs to the same one again and again. */
  private targetOf(url: string): { target: URL; masked: string } {
    let t = this.targets.get(url);
    if (!t) {
      t = { target: new URL(url), masked: maskUrl(url) };
      if (this.targets.size >= 1000) this.targets.clear();
      this.targets.set(url, t);
    }
    return t;
  }

  /** Waits `ms` real milliseconds; ends early when the engine closes (then `send` sends nothing). */
  wait(ms: number): Promise<void> {
    return this.closed ? Promise.resolve() : this.sleep(ms);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleeps.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.sleeps.add(entry);
    });
  }

  /** Ends pending backoff waits (their deliveries stop) and closes sockets. */
  close(): void {
    this.closed = true;
    for (const s of this.sleeps) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleeps.clear();
    this.poster.close();
  }
}
