/**
 * Auto-renew decisions, free of `vscode` and of real time: which subscription to renew when
 * (`leadMinutes` before expiry), never within 10 minutes of a reauthorize of the same subscription
 * (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events), with a schedule that serializes to `globalState` so a window reload keeps it.
 */
import type { Subscription } from '../graph/types';
import type { RecentActions } from '../graph/recentActions';
import type { Logger } from '../util/logger';

export interface ScheduleEntry {
  accountId: string;
  subscriptionId: string;
  resource: string;
  expiresAt: number;
  /** When auto-renew acts (expiry − lead, or later after a conflict or failure). */
  dueAt: number;
  /** Why dueAt was pushed back, if it was. */
  deferredBecause?: string;
}

export type AutoRenewOutcome =
  | { kind: 'renewed'; entry: ScheduleEntry; newExpiration: string }
  | { kind: 'deferred'; entry: ScheduleEntry; until: number; reason: string }
  | { kind: 'failed'; entry: ScheduleEntry; error: string; retryAt?: number }
  | { kind: 'gone'; entry: ScheduleEntry };

export interface AutoRenewDeps {
  now: () => number;
  leadMinutes: () => number;
  recent: RecentActions;
  /** PATCHes the subscription to its resource maximum; rejects with the Graph error. */
  renew: (accountId: string, subscriptionId: string) => Promise<Subscription>;
  /** Persists the schedule (globalState in the extension). */
  save: (entries: ScheduleEntry[]) => void;
  log: Logger;
}

const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

function key(accountId: string, subscriptionId: string): string {
  return `${accountId}/${subscriptionId}`;
}

export class AutoRenewScheduler {
  private readonly entries = new Map<string, ScheduleEntry>();
  private running: Promise<AutoRenewOutcome[]> | undefined;

  constructor(private readonly deps: AutoRenewDeps) {}

  load(entries: readonly ScheduleEntry[] | undefined): void {
    for (const e of entries ?? []) {
      if (e && typeof e.accountId === 'string' && typeof e.subscriptionId === 'string' && Number.isFinite(e.dueAt)) this.entries.set(key(e.accountId, e.subscriptionId), { ...e });
    }
  }

  schedule(): ScheduleEntry[] {
    return [...this.entries.values()].sort((a, b) => a.dueAt - b.dueAt);
  }

  /** Replaces the schedule of one account with its current subscriptions. */
  update(accountId: string, subscriptions: readonly Subscription[]): void {
    const lead = this.deps.leadMinutes() * 60_000;
    const seen = new Set<string>();
    for (const s of subscriptions) {
      const expiresAt = Date.parse(s.expirationDateTime);
      if (!Number.isFinite(expiresAt)) continue;
      const k = key(accountId, s.id);
      seen.add(k);
      const previous = this.entries.get(k);
      const natural = expiresAt - lead;
      // Keep a deferral (conflict, failure) computed for the same expiry; a later dueAt that only
      // came from a shorter lead time before is no deferral (a new leadMinutes applies at once).
      const deferred = previous !== undefined && previous.deferredBecause !== undefined && previous.expiresAt === expiresAt && previous.dueAt > natural;
      const dueAt = deferred ? previous.dueAt : natural;
      this.entries.set(k, { accountId, subscriptionId: s.id, resource: s.resource, expiresAt, dueAt, deferredBecause: dueAt === natural ? undefined : previous?.deferredBecause });
    }
    for (const [k, e] of this.entries) if (e.accountId === accountId && !seen.has(k)) this.entries.delete(k);
    this.deps.save(this.schedule());
  }

  removeAccount(accountId: string): void {
    for (const [k, e] of this.entries) if (e.accountId === accountId) this.entries.delete(k);
    this.deps.save(this.schedule());
  }

  /** The next time `tick` has something to do. */
  nextDueAt(): number | undefined {
    const first = this.schedule()[0];
    return first?.dueAt;
  }

  /** Renews every due subscription once; concurrent calls share one run. */
  tick(): Promise<AutoRenewOutcome[]> {
    this.running ??= this.runDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runDue(): Promise<AutoRenewOutcome[]> {
    const now = this.deps.now();
    const outcomes: AutoRenewOutcome[] = [];
    for (const entry of this.schedule()) {
      if (entry.dueAt > now) break;
      const k = key(entry.accountId, entry.subscriptionId);
      if (entry.expiresAt <= now) {
        this.entries.delete(k);
        this.deps.log.warn(`Auto-renew: ${entry.subscriptionId} (${entry.resource}) already expired; not renewed`);
        outcomes.push({ kind: 'gone', entry });
        continue;
      }
      const conflict = this.deps.recent.conflict(entry.subscriptionId, 'renew', now);
      if (conflict) {
        const reason = `a reauthorize was sent at ${new Date(conflict.at).toISOString()}; Graph asks for 10 minutes between a reauthorize and a PATCH`;
        const updated = { ...entry, dueAt: conflict.allowedAt, deferredBecause: reason };
        this.entries.set(k, updated);
        this.deps.log.info(`Auto-renew: ${entry.subscriptionId} deferred until ${new Date(conflict.allowedAt).toISOString()}: ${reason}`);
        outcomes.push({ kind: 'deferred', entry: updated, until: conflict.allowedAt, reason });
        continue;
      }
      try {
        const renewed = await this.deps.renew(entry.accountId, entry.subscriptionId);
        // Usually recorded already by the account's client; recording again is harmless.
        this.deps.recent.record(entry.subscriptionId, 'renew', this.deps.now());
        const expiresAt = Date.parse(renewed.expirationDateTime);
        this.entries.set(k, { ...entry, expiresAt, dueAt: expiresAt - this.deps.leadMinutes() * 60_000, deferredBecause: undefined });
        this.deps.log.info(`Auto-renew: renewed ${entry.subscriptionId} (${entry.resource}) until ${renewed.expirationDateTime}`);
        outcomes.push({ kind: 'renewed', entry, newExpiration: renewed.expirationDateTime });
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        const message = error instanceof Error ? error.message : String(error);
        if (status === 404) {
          this.entries.delete(k);
          this.deps.log.warn(`Auto-renew: ${entry.subscriptionId} no longer exists (404); removed from the schedule`);
          outcomes.push({ kind: 'gone', entry });
          continue;
        }
        const retryAt = Math.min(now + RETRY_AFTER_FAILURE_MS, entry.expiresAt - 60_000);
        const canRetry = retryAt > now;
        this.entries.set(k, { ...entry, dueAt: canRetry ? retryAt : entry.expiresAt, deferredBecause: `renewal failed: ${message}` });
        this.deps.log.error(`Auto-renew: renewing ${entry.subscriptionId} failed${canRetry ? `; retrying at ${new Date(retryAt).toISOString()}` : ''}`, error);
        outcomes.push({ kind: 'failed', entry, error: message, retryAt: canRetry ? retryAt : undefined });
      }
    }
    this.deps.save(this.schedule());
    return outcomes;
  }
}
