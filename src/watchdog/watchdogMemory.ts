/**
 * What the watchdog remembers across window reloads (the extension keeps it in globalState):
 * - the user's expected activity per subscription ("at least one notification every N minutes");
 * - lifecycle events received and not answered yet
 *   (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events):
 *   `reauthorizationRequired` until a reauthorize or a renewal (a PATCH reauthorizes too),
 *   `subscriptionRemoved` until the subscription is recreated, `missed` until a resync;
 * - every base URL this receiver served (local port, tunnel URLs), to tell "moved away" from
 *   "someone else's endpoint".
 * Pure: `onDidChange` is called after each change so the owner persists it. No `vscode` import.
 */
import type { LifecycleEventName } from './watchState';
import { normalizeBase, type KnownBase } from './endpoint';

export interface Expectation {
  /** At least one notification every this many minutes. */
  readonly minutes: number;
  /** When it was set (ms): the silence of a subscription that never received anything counts from here. */
  readonly setAt: number;
}

export interface PendingLifecycle {
  readonly event: LifecycleEventName;
  /** When it arrived (ms, extension clock). */
  readonly at: number;
  /** For subscriptionRemoved: where it lived, so the removed row can offer Recreate. */
  readonly accountId?: string;
  readonly resource?: string;
}

/** How a lifecycle event was answered. */
export type LifecycleAnswer = 'renew' | 'reauthorize' | 'recreate' | 'resync' | 'delete' | 'dismiss';

/** Which answers settle which event. */
const SETTLES: Record<LifecycleAnswer, readonly LifecycleEventName[]> = {
  renew: ['reauthorizationRequired'],
  reauthorize: ['reauthorizationRequired'],
  recreate: ['reauthorizationRequired', 'subscriptionRemoved', 'missed'],
  resync: ['missed', 'subscriptionRemoved'],
  delete: ['reauthorizationRequired', 'subscriptionRemoved', 'missed'],
  dismiss: ['reauthorizationRequired', 'subscriptionRemoved', 'missed'],
};

export interface WatchdogMemoryJson {
  expectations?: Record<string, Expectation>;
  pending?: Record<string, PendingLifecycle[]>;
  bases?: KnownBase[];
}

const MAX_BASES = 20;

export class WatchdogMemory {
  private readonly expectations = new Map<string, Expectation>();
  private readonly pending = new Map<string, PendingLifecycle[]>();
  private bases: KnownBase[] = [];

  constructor(private readonly onDidChange: () => void = () => undefined) {}

  expectation(subscriptionId: string): Expectation | undefined {
    return this.expectations.get(subscriptionId);
  }

  /** `minutes` 0 or undefined clears it. */
  setExpectation(subscriptionId: string, minutes: number | undefined, at: number): void {
    if (minutes === undefined || !(minutes > 0)) this.expectations.delete(subscriptionId);
    else this.expectations.set(subscriptionId, { minutes, setAt: at });
    this.onDidChange();
  }

  pendingOf(subscriptionId: string): readonly PendingLifecycle[] {
    return this.pending.get(subscriptionId) ?? [];
  }

  /** Every subscription with an unanswered subscriptionRemoved (it left the store). */
  removed(): { subscriptionId: string; pending: PendingLifecycle }[] {
    const out: { subscriptionId: string; pending: PendingLifecycle }[] = [];
    for (const [id, list] of this.pending) for (const p of list) if (p.event === 'subscriptionRemoved') out.push({ subscriptionId: id, pending: p });
    return out;
  }

  /** A newer event of the same kind replaces the older one. */
  lifecycleReceived(subscriptionId: string, pending: PendingLifecycle): void {
    const list = (this.pending.get(subscriptionId) ?? []).filter((p) => p.event !== pending.event);
    list.push(pending);
    this.pending.set(subscriptionId, list);
    this.onDidChange();
  }

  /** Settles what `answer` answers; returns whether anything was pending. */
  answered(subscriptionId: string, answer: LifecycleAnswer): boolean {
    const list = this.pending.get(subscriptionId);
    if (!list) return false;
    const left = list.filter((p) => !SETTLES[answer].includes(p.event));
    if (left.length === list.length) return false;
    if (left.length === 0) this.pending.delete(subscriptionId);
    else this.pending.set(subscriptionId, left);
    this.onDidChange();
    return true;
  }

  /** A recreated subscription keeps its expectation; its predecessor's events are answered. */
  recreated(oldId: string, newId: string, at: number): void {
    const e = this.expectations.get(oldId);
    if (e) {
      this.expectations.delete(oldId);
      this.expectations.set(newId, { minutes: e.minutes, setAt: at });
    }
    this.pending.delete(oldId);
    this.onDidChange();
  }

  /** A deleted subscription leaves no trace. */
  forget(subscriptionId: string): void {
    const hadExpectation = this.expectations.delete(subscriptionId);
    const hadPending = this.pending.delete(subscriptionId);
    if (hadExpectation || hadPending) this.onDidChange();
  }

  knownBases(): readonly KnownBase[] {
    return this.bases;
  }

  /** Remembers a base this receiver served; returns whether it was new. */
  rememberBase(base: string | undefined, kind: KnownBase['kind']): boolean {
    if (!base) return false;
    const b = normalizeBase(base);
    if (this.bases.some((k) => k.base === b && k.kind === kind)) return false;
    this.bases = [...this.bases.filter((k) => k.base !== b), { base: b, kind }].slice(-MAX_BASES);
    this.onDidChange();
    return true;
  }

  toJSON(): WatchdogMemoryJson {
    return { expectations: Object.fromEntries(this.expectations), pending: Object.fromEntries(this.pending), bases: this.bases };
  }

  load(data: WatchdogMemoryJson | undefined): void {
    if (!data || typeof data !== 'object') return;
    for (const [id, e] of Object.entries(data.expectations ?? {})) {
      if (e && Number.isFinite(e.minutes) && e.minutes > 0 && Number.isFinite(e.setAt)) this.expectations.set(id, { minutes: e.minutes, setAt: e.setAt });
    }
    for (const [id, list] of Object.entries(data.pending ?? {})) {
      if (!Array.isArray(list)) continue;
      const ok = list.filter((p) => p && typeof p.event === 'string' && Number.isFinite(p.at));
      if (ok.length > 0) this.pending.set(id, ok);
    }
    if (Array.isArray(data.bases)) this.bases = data.bases.filter((b) => b && typeof b.base === 'string' && (b.kind === 'local' || b.kind === 'public')).slice(-MAX_BASES);
  }
}
