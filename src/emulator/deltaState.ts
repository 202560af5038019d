/**
 * What the Sandbox's items look like after its simulated changes, per collection, so that
 * `GET …/delta` can answer the way Graph does (https://learn.microsoft.com/en-us/graph/delta-query-overview):
 * every simulated created/updated/deleted change is recorded on the item it touched, with a
 * sequence number. A delta round returns each item whose last change is newer than the round's
 * token, once, in its latest state (deleted ones as removed). Updates and deletions touch items
 * that exist (the least recently changed first), as Graph's notifications would.
 *
 * In memory: a delta token from an earlier run (another epoch) is answered with 410, as Graph
 * answers a token whose sync state it no longer has. Pure Node, no `vscode`.
 */
import { randomBytes } from 'node:crypto';
import { memoise } from '../util/memo';
import { deltaQueryFor, normaliseResourcePath, type DeltaQuery } from '../catalog/deltaQueries';

export interface ItemRecord {
  id: string;
  /** Sequence number of the item's last change (higher is newer). */
  seq: number;
  createdAt: string;
  modifiedAt: string;
  deleted: boolean;
  /** The subscription resource whose simulation made the item: its sample shape is rebuilt from it. */
  resource: string;
  userId: string;
  /** Properties the simulation was given (e.g. a subject), kept for the item's representation. */
  overrides?: Record<string, unknown>;
}

/** Most items kept per collection; the oldest are forgotten beyond it (their tokens then get 410). */
const MAX_ITEMS = 50_000;
/** Items forgotten at once when a collection outgrows MAX_ITEMS (it holds at most MAX_ITEMS + EVICT_CHUNK). */
const EVICT_CHUNK = 1024;

interface Collection {
  items: Map<string, ItemRecord>;
  /** Changes at or below this sequence number may have been forgotten. */
  horizon: number;
}

/**
 * The collection a delta path reads: lower case, no `/delta`, `me` as `users/{userId}`. A
 * subscription's changes are recorded under the key of its resource's delta path
 * (src/catalog/deltaQueries.ts), so both sides meet.
 */
export function collectionKey(deltaPath: string, userId: string): string {
  const path = normaliseResourcePath(deltaPath).replace(/\/(microsoft\.graph\.)?delta$/i, '');
  const withUser = path.replace(/^me(?=\/|$)/i, `users/${userId}`);
  return withUser.toLowerCase();
}

/** The collection key of the ImmutableId view of a collection (`Prefer: IdType="ImmutableId"`). */
export function immutableKey(key: string, immutable: boolean): string {
  return immutable ? `${key}#immutableid` : key;
}

/** The collection a subscription's simulated changes land in, when its resource has a delta query. */
export const subscriptionCollection = memoise((resource: string, userId: string): { key: string; query: DeltaQuery } | undefined => {
  const query = deltaQueryFor(resource);
  return query.ok ? { key: collectionKey(query.path, userId), query } : undefined;
});

export class DeltaState {
  /** Changes every run: tokens of another run are stale. */
  readonly epoch = randomBytes(6).toString('base64url');
  private seq = 0;
  private readonly collections = new Map<string, Collection>();

  currentSeq(): number {
    return this.seq;
  }

  private collection(tenantId: string, key: string): Collection {
    const id = `${tenantId}|${key}`;
    let c = this.collections.get(id);
    if (!c) {
      c = { items: new Map(), horizon: 0 };
      this.collections.set(id, c);
    }
    return c;
  }

  /** An item an update or deletion can touch: live, not in `exclude`, least recently changed first. */
  pickExisting(tenantId: string, key: string, exclude: ReadonlySet<string>): ItemRecord | undefined {
    // Map iteration is insertion order and a change re-inserts the item at the end, so the first
    // live one not excluded is the least recently changed.
    for (const item of this.collection(tenantId, key).items.values()) {
      if (!item.deleted && !exclude.has(item.id)) return item;
    }
    return undefined;
  }

  /** Records one change on item `id` (created, updated or deleted) at `at`. */
  record(tenantId: string, key: string, change: { id: string; changeType: string; at: Date; resource: string; userId: string; overrides?: Record<string, unknown> }): ItemRecord {
    const c = this.collection(tenantId, key);
    const at = change.at.toISOString();
    const previous = c.items.get(change.id);
    const kind = change.changeType.toLowerCase();
    const item: ItemRecord = {
      id: change.id,
      seq: ++this.seq,
      // An item first seen in an update or deletion existed before the Sandbox knew it.
      createdAt: previous?.createdAt ?? (kind === 'created' ? at : new Date(change.at.getTime() - 24 * 3_600_000).toISOString()),
      modifiedAt: at,
      deleted: kind === 'deleted',
      resource: change.resource,
      userId: change.userId,
      overrides: change.overrides ?? previous?.overrides,
    };
    c.items.delete(change.id);
    c.items.set(change.id, item);
    if (c.items.size > MAX_ITEMS + EVICT_CHUNK) {
      // Forget the oldest in one pass: finding the first key of a Map whose front was just deleted
      // walks every deleted slot again (V8 compacts only on rehash), so one eviction per change
      // made long simulations slower with every notification.
      let n = c.items.size - MAX_ITEMS;
      for (const [id, old] of c.items) {
        if (n-- <= 0) break;
        c.horizon = Math.max(c.horizon, old.seq);
        c.items.delete(id);
      }
    }
    return item;
  }

  /**
   * Items whose last change lies in (after, upTo], in change order. `initial`: the first round of
   * a sync, which lists what exists (no deleted items).
   */
  changes(tenantId: string, key: string, after: number, upTo: number, initial: boolean): ItemRecord[] {
    const out: ItemRecord[] = [];
    for (const item of this.collection(tenantId, key).items.values()) {
      if (item.seq <= after || item.seq > upTo) continue;
      if (initial && item.deleted) continue;
      out.push(item);
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  /** Whether changes after `since` may have been forgotten (the token is too old). */
  forgotten(tenantId: string, key: string, since: number): boolean {
    return since < this.collection(tenantId, key).horizon;
  }
}
