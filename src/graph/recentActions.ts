/**
 * Remembers when a PATCH (renew) or a reauthorize was sent for each subscription, so that nobody
 * sends the other one within 10 minutes: "Do not send a reauthorize and a PATCH for the same
 * subscription within 10 minutes; use a single PATCH to do both" (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events).
 * Pure; one instance shared by the tree commands, auto-renew and lifecycle handling.
 */
import type { SubscriptionsClient } from './types';

export type SubscriptionAction = 'renew' | 'reauthorize';

export const CONFLICT_WINDOW_MS = 10 * 60_000;

export interface RecentActionRecord {
  action: SubscriptionAction;
  at: number;
}

export class RecentActions {
  private readonly records = new Map<string, RecentActionRecord[]>();

  /** `onDidChange` is called after every change (the extension persists the record then). */
  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly onDidChange: () => void = () => undefined,
  ) {}

  record(subscriptionId: string, action: SubscriptionAction, at = this.now()): void {
    const list = (this.records.get(subscriptionId) ?? []).filter((r) => at - r.at < CONFLICT_WINDOW_MS);
    list.push({ action, at });
    this.records.set(subscriptionId, list);
    this.onDidChange();
  }

  /**
   * The earlier action that forbids `action` now, or undefined when it may be sent.
   * A renew conflicts with a recent reauthorize and vice versa; the same action twice is fine.
   */
  conflict(subscriptionId: string, action: SubscriptionAction, at = this.now()): (RecentActionRecord & { allowedAt: number }) | undefined {
    const other: SubscriptionAction = action === 'renew' ? 'reauthorize' : 'renew';
    const hits = (this.records.get(subscriptionId) ?? []).filter((r) => r.action === other && at - r.at < CONFLICT_WINDOW_MS && at >= r.at);
    if (hits.length === 0) return undefined;
    const last = hits.reduce((a, b) => (a.at > b.at ? a : b));
    return { ...last, allowedAt: last.at + CONFLICT_WINDOW_MS };
  }

  forget(subscriptionId: string): void {
    if (this.records.delete(subscriptionId)) this.onDidChange();
  }

  /** Serializable form (for persistence across reloads). */
  toJSON(): Record<string, RecentActionRecord[]> {
    return Object.fromEntries(this.records);
  }

  load(data: Record<string, RecentActionRecord[]> | undefined): void {
    if (!data) return;
    for (const [id, list] of Object.entries(data)) {
      if (Array.isArray(list)) this.records.set(id, list.filter((r) => (r.action === 'renew' || r.action === 'reauthorize') && typeof r.at === 'number'));
    }
  }
}

/**
 * Wraps a client so that every successful renewal (PATCH with a new expiration) and reauthorize is
 * recorded, whoever sends it: tree commands, auto-renew, lifecycle handling or the editor.
 */
export function withRecentActions(client: SubscriptionsClient, recent: RecentActions): SubscriptionsClient {
  return {
    listAll: (signal) => client.listAll(signal),
    get: (id) => client.get(id),
    create: (draft, options) => client.create(draft, options),
    delete: async (id) => {
      await client.delete(id);
      recent.forget(id);
    },
    update: async (id, patch) => {
      const updated = await client.update(id, patch);
      // Any PATCH reauthorizes too (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events), not only one that moves the expiration.
      recent.record(id, 'renew');
      return updated;
    },
    reauthorize: async (id) => {
      await client.reauthorize(id);
      recent.record(id, 'reauthorize');
    },
    getJson: (pathOrLink, options) => client.getJson(pathOrLink, options),
  };
}
