/**
 * The event store of the emulated Event Hubs namespace: hubs with partitions, each an append-only
 * log with sequence numbers, offsets and enqueued times as Event Hubs assigns them, and the
 * selector filters the Event Hubs client sends when it attaches a receiver
 * (`amqp.annotation.x-opt-offset > '…'`, `x-opt-sequence-number`, `x-opt-enqueued-time`).
 * Pure: no sockets. https://learn.microsoft.com/en-us/azure/event-hubs/event-hubs-features#event-consumers
 */

export interface StoredEvent {
  sequenceNumber: number;
  /** Event Hubs offsets are opaque strings; here the sequence number's decimal form. */
  offset: string;
  enqueuedTime: Date;
  body: Buffer;
  contentType: string;
  properties: Record<string, string>;
}

export interface PartitionInfo {
  beginSequenceNumber: number;
  lastSequenceNumber: number;
  lastOffset: string;
  lastEnqueuedTime: Date;
  isEmpty: boolean;
}

/** Where a receiver starts: the index of the first event it gets. */
export type StartFilter =
  | { kind: 'offset'; value: string; inclusive: boolean }
  | { kind: 'sequence'; value: number; inclusive: boolean }
  | { kind: 'enqueued'; value: number };

export class Partition {
  readonly events: StoredEvent[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(readonly id: string, private readonly now: () => Date) {}

  append(body: Buffer, contentType: string, properties: Record<string, string> = {}): StoredEvent {
    const sequenceNumber = this.events.length;
    const event: StoredEvent = { sequenceNumber, offset: String(sequenceNumber), enqueuedTime: this.now(), body, contentType, properties };
    this.events.push(event);
    for (const l of [...this.listeners]) l();
    return event;
  }

  /** Called after every append (receivers pump on it). */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  info(createdAt: Date): PartitionInfo {
    const last = this.events[this.events.length - 1];
    return {
      beginSequenceNumber: 0,
      lastSequenceNumber: last ? last.sequenceNumber : -1,
      lastOffset: last ? last.offset : '-1',
      lastEnqueuedTime: last ? last.enqueuedTime : createdAt,
      isEmpty: this.events.length === 0,
    };
  }

  /** Index of the first event a receiver with this filter gets. */
  startIndex(filter: StartFilter): number {
    if (filter.kind === 'offset') {
      if (filter.value === '@latest') return this.events.length;
      const n = Number(filter.value);
      if (!Number.isFinite(n) || n < 0) return 0; // '-1' = from the start
      return Math.min(this.events.length, filter.inclusive ? n : n + 1);
    }
    if (filter.kind === 'sequence') {
      const n = filter.value;
      if (n < 0) return 0;
      return Math.min(this.events.length, filter.inclusive ? n : n + 1);
    }
    const i = this.events.findIndex((e) => e.enqueuedTime.getTime() > filter.value);
    return i < 0 ? this.events.length : i;
  }
}

export class EventHub {
  readonly partitions: Partition[];
  readonly createdAt: Date;

  constructor(readonly name: string, partitionCount: number, now: () => Date) {
    this.createdAt = now();
    this.partitions = Array.from({ length: partitionCount }, (_, i) => new Partition(String(i), now));
  }

  partition(id: string): Partition | undefined {
    return this.partitions.find((p) => p.id === id);
  }

  /** A stable partition for a key (Event Hubs hashes the partition key; any stable hash keeps per-key order). */
  partitionFor(key: string): Partition {
    let h = 2166136261;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    return this.partitions[(h >>> 0) % this.partitions.length];
  }
}

/**
 * Parses the selector filter of a receiver link. Accepts what @azure/event-hubs sends
 * (`amqp.annotation.x-opt-offset >= '12'`, `> '-1'`, `> '@latest'`, sequence numbers, enqueued time
 * in ms); undefined for anything else.
 */
export function parseStartFilter(expression: string): StartFilter | undefined {
  const m = /^\s*amqp\.annotation\.(x-opt-offset|x-opt-sequence-number|x-opt-enqueued-time)\s*(>=|>)\s*'([^']*)'\s*$/i.exec(expression);
  if (!m) return undefined;
  const [, field, op, value] = m;
  const inclusive = op === '>=';
  switch (field.toLowerCase()) {
    case 'x-opt-offset':
      return { kind: 'offset', value, inclusive };
    case 'x-opt-sequence-number': {
      const n = Number(value);
      return Number.isFinite(n) ? { kind: 'sequence', value: n, inclusive } : undefined;
    }
    default: {
      const n = Number(value);
      return Number.isFinite(n) ? { kind: 'enqueued', value: n } : undefined;
    }
  }
}
