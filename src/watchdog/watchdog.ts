/**
 * The watchdog over every account's subscriptions (Sandbox included): evaluates each with the
 * pure state machine (watchState.ts) from what the services know, keeps the last verdicts for the
 * tree and the status bar, and tells listeners only when a verdict changed (a repaint every few
 * seconds would close hovers and flicker). Re-evaluated on a timer and on events by its adapter
 * (registerWatchdog.ts). No `vscode` import.
 */
import type { Subscription } from '../graph/types';
import type { ActivityLog } from './activity';
import { sandboxDeliveryHealth, type DeliveryLogEntry } from './sandboxDeliveries';
import { endpointVerdict, type ReceiverBases } from './endpoint';
import type { Expectation, WatchdogMemory } from './watchdogMemory';
import { evaluateWatch, LIFECYCLE_NEXT_STEP, PRIORITY, type WatchProblem, type WatchVerdict } from './watchState';

export interface WatchdogDeps {
  now(): number;
  accounts(): readonly { readonly id: string; readonly label: string; readonly isSandbox: boolean }[];
  subscriptions(accountId: string): readonly Subscription[] | undefined;
  /** What the receiver serves now; undefined while it is stopped. */
  receiverBases(): ReceiverBases | undefined;
  expiringSoonMinutes(): number;
  autoRenew(accountId: string, subscriptionId: string): { enabled: boolean; failure?: string };
  /** The user's expected activity (the subscription's own, else the default setting). */
  expectation(subscriptionId: string): Expectation | undefined;
  /** The Sandbox's endpoint throttling of a subscription (undefined for other accounts). */
  throttle(accountId: string, subscriptionId: string): 'normal' | 'slow' | 'drop' | undefined;
  /** The Sandbox's delivery log (undefined for other accounts, or while it is not running). */
  deliveryLog?(accountId: string): readonly DeliveryLogEntry[] | undefined;
  readonly memory: WatchdogMemory;
  readonly activity: ActivityLog;
}

export interface WatchEntry {
  readonly accountId: string;
  readonly accountLabel: string;
  readonly subscriptionId: string;
  readonly resource: string;
  readonly verdict: WatchVerdict;
}

/** A subscription Graph removed and nobody recreated: it left the store, so the tree shows a row for it. */
export interface RemovedEntry {
  readonly accountId: string;
  readonly accountLabel: string;
  readonly subscriptionId: string;
  readonly resource: string;
  readonly problem: WatchProblem;
}

export interface WatchReport {
  readonly entries: readonly WatchEntry[];
  readonly removed: readonly RemovedEntry[];
}

/** Subscriptions needing attention, for the status bar: each with its most urgent problem. */
export interface AttentionItem {
  readonly accountId: string;
  readonly accountLabel: string;
  readonly subscriptionId: string;
  readonly resource: string;
  readonly problem: WatchProblem;
  /** How many problems it has in all. */
  readonly count: number;
}

export class SubscriptionWatchdog {
  private report: WatchReport = { entries: [], removed: [] };
  private signature = '';
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: WatchdogDeps) {}

  /** Re-evaluates everything; notifies listeners (and returns true) when anything shown changed. */
  refresh(): boolean {
    const next = this.evaluate();
    const signature = JSON.stringify(next);
    this.report = next;
    if (signature === this.signature) return false;
    this.signature = signature;
    for (const l of [...this.listeners]) l();
    return true;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  current(): WatchReport {
    return this.report;
  }

  verdict(accountId: string, subscriptionId: string): WatchVerdict | undefined {
    return this.report.entries.find((e) => e.accountId === accountId && e.subscriptionId === subscriptionId)?.verdict;
  }

  /** Every subscription with a problem (removed ones included), most urgent first. */
  attention(): AttentionItem[] {
    const items: AttentionItem[] = [
      ...this.report.removed.map((r) => ({ accountId: r.accountId, accountLabel: r.accountLabel, subscriptionId: r.subscriptionId, resource: r.resource, problem: r.problem, count: 1 })),
      ...this.report.entries.filter((e) => e.verdict.problems.length > 0).map((e) => ({ accountId: e.accountId, accountLabel: e.accountLabel, subscriptionId: e.subscriptionId, resource: e.resource, problem: e.verdict.problems[0], count: e.verdict.problems.length })),
    ];
    return items.sort((a, b) => PRIORITY.indexOf(a.problem.kind) - PRIORITY.indexOf(b.problem.kind));
  }

  private evaluate(): WatchReport {
    const d = this.deps;
    const now = d.now();
    const bases = d.receiverBases();
    const known = d.memory.knownBases();
    const soon = d.expiringSoonMinutes();
    const entries: WatchEntry[] = [];
    const listed = new Set<string>();
    for (const account of d.accounts()) {
      const deliveries = account.isSandbox ? d.deliveryLog?.(account.id) : undefined;
      for (const sub of d.subscriptions(account.id) ?? []) {
        listed.add(sub.id);
        const verdict = evaluateWatch({
          now,
          accountId: account.id,
          subscription: sub,
          activity: d.activity.snapshot(sub.id, now),
          expectation: d.expectation(sub.id),
          expiringSoonMinutes: soon,
          autoRenew: d.autoRenew(account.id, sub.id),
          endpoint: endpointVerdict(sub.notificationUrl ?? '', bases, known),
          // A removal answered by the tree still listing it (a refresh found it) is no removal.
          pending: d.memory.pendingOf(sub.id).filter((p) => p.event !== 'subscriptionRemoved'),
          throttle: account.isSandbox ? d.throttle(account.id, sub.id) : undefined,
          delivery: deliveries ? sandboxDeliveryHealth(deliveries, sub.id, now) : undefined,
        });
        entries.push({ accountId: account.id, accountLabel: account.label, subscriptionId: sub.id, resource: sub.resource, verdict });
      }
    }
    const removed: RemovedEntry[] = [];
    for (const { subscriptionId, pending } of d.memory.removed()) {
      if (listed.has(subscriptionId) || !pending.accountId) continue;
      const account = d.accounts().find((a) => a.id === pending.accountId);
      if (!account) continue;
      const target = { accountId: account.id, subscriptionId };
      removed.push({
        accountId: account.id,
        accountLabel: account.label,
        subscriptionId,
        resource: pending.resource ?? subscriptionId,
        problem: {
          kind: 'lifecycle',
          short: 'removed by Graph',
          detail: 'Graph removed this subscription (subscriptionRemoved): it delivers nothing until it is recreated, and changes meanwhile must be fetched separately.',
          nextStep: LIFECYCLE_NEXT_STEP.subscriptionRemoved(target),
        },
      });
    }
    return { entries, removed };
  }
}
