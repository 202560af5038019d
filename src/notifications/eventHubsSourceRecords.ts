/**
 * The Event Hubs sources a user is reading, remembered across window reloads (globalState): which
 * hub, consumer group and kind of sign-in — never the connection string, which stays in
 * SecretStorage — and the last sequence number persisted from each partition, so a resumed source
 * starts right after it (nothing lost, nothing shown twice). A source the user stopped is removed.
 * No `vscode` import.
 */
import type { PartitionStart, StartPosition } from './eventHubsSource';
import type { StateStore } from './receiverRun';

export const STATE_EVENT_HUBS_SOURCES = 'graphSubscriptions.eventHubs.sources';

export type SourceKind = 'sandbox' | 'connectionString' | 'entra';

export interface RememberedSource {
  /** `sandbox/<hub>/<group>` or `<namespace>/<hub>/<group>`. */
  key: string;
  kind: SourceKind;
  /** The namespace host (connection string or Entra); the Sandbox's changes with its port. */
  namespace: string;
  eventHubName: string;
  consumerGroup: string;
  startPosition: StartPosition;
  /** When reading started: a partition read nothing from since resumes at events enqueued after it. */
  startedAt: string;
  /** Last persisted sequence number per partition. */
  positions: Record<string, number>;
}

/** A 'latest' source's start time is the local clock's; the service's may be a little behind. */
const CLOCK_MARGIN_MS = 60_000;

export function sourceKey(kind: SourceKind, namespace: string, eventHubName: string, consumerGroup: string): string {
  return `${kind === 'sandbox' ? 'sandbox' : namespace.toLowerCase()}/${eventHubName.toLowerCase()}/${consumerGroup.toLowerCase()}`;
}

/**
 * Where a remembered source starts again: right after each partition's last persisted event; a
 * partition it had read nothing from at its start position (earliest), or — for 'latest' — at
 * events enqueued since it started (a little before: those were never shown either).
 */
export function resumeStart(source: RememberedSource): { resumeFrom: Record<string, PartitionStart>; resumeOthers: PartitionStart } {
  const resumeFrom: Record<string, PartitionStart> = {};
  for (const [id, n] of Object.entries(source.positions)) resumeFrom[id] = { afterSequenceNumber: n };
  const since = new Date(Date.parse(source.startedAt) - CLOCK_MARGIN_MS).toISOString();
  return { resumeFrom, resumeOthers: source.startPosition === 'earliest' ? 'earliest' : { enqueuedSince: since } };
}

/** "partition 0 after #41, partition 1 after #17" — or "from the start position" when none was read. */
export function describePositions(positions: Readonly<Record<string, number>>): string {
  const parts = Object.entries(positions).sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true })).map(([id, n]) => `partition ${id} after #${n}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing read before the reload';
}

export class EventHubsSourceRecords {
  constructor(private readonly state: StateStore) {}

  list(): RememberedSource[] {
    const all = this.state.get<RememberedSource[]>(STATE_EVENT_HUBS_SOURCES);
    return Array.isArray(all) ? all.filter((s) => s && typeof s.key === 'string' && typeof s.eventHubName === 'string') : [];
  }

  get(key: string): RememberedSource | undefined {
    return this.list().find((s) => s.key === key);
  }

  async upsert(source: RememberedSource): Promise<void> {
    await this.state.update(STATE_EVENT_HUBS_SOURCES, [...this.list().filter((s) => s.key !== source.key), source]);
  }

  /** Positions only move forward (a late write of an older batch must not move a resume back). */
  async setPositions(key: string, positions: Readonly<Record<string, number>>): Promise<void> {
    const source = this.get(key);
    if (!source) return;
    const merged = { ...source.positions };
    for (const [id, n] of Object.entries(positions)) merged[id] = Math.max(merged[id] ?? -1, n);
    await this.upsert({ ...source, positions: merged });
  }

  async remove(key: string): Promise<void> {
    await this.state.update(STATE_EVENT_HUBS_SOURCES, this.list().filter((s) => s.key !== key));
  }
}
