/**
 * Recognises a change notification that arrives again: Graph may deliver the same notification more
 * than once (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks), so a
 * receiving app processes each (subscriptionId, id) once. The output and the history mark repeats
 * with when the first one arrived. Remembers the most recent ids only. No `vscode` import.
 */
import type { ProcessedNotification } from './processNotification';

export class DuplicateTracker {
  private readonly seen = new Map<string, string>();

  constructor(private readonly capacity = 10_000) {}

  /** Sets `duplicateOf` on each item seen before (lifecycle notifications carry no id and are never marked). */
  mark(processed: ProcessedNotification): void {
    for (const item of processed.items) {
      if (!item.notificationId || item.lifecycleEvent || item.validationEvent) continue;
      const key = `${item.subscriptionId}\u0000${item.notificationId}`;
      const first = this.seen.get(key);
      if (first !== undefined) {
        item.duplicateOf = { receivedAt: first };
        continue;
      }
      this.seen.set(key, processed.receivedAt);
      if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value as string);
    }
  }
}
