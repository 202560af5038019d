/**
 * The explorer index's storage: one typed array per column, grown by doubling, and interned
 * strings for the few distinct subscription ids and change types. About 80 bytes per row plus the
 * resource path, instead of a parsed payload object per notification. No `vscode` import.
 */

/** Distinct strings numbered in order of first appearance. */
export class Interner {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** The id of a name already seen, or -1. */
  find(name: string): number {
    return this.ids.get(name) ?? -1;
  }

  name(id: number): string {
    return this.names[id] ?? '';
  }

  get size(): number {
    return this.names.length;
  }
}

export interface NewRow {
  time: number;
  subscription: string;
  changeType: string;
  resource?: string;
  check: number;
  file: number;
  offset: number;
  length: number;
  item: number;
}

export class RowColumns {
  /** Rows stored. */
  count = 0;
  readonly subscriptions = new Interner();
  readonly changeTypes = new Interner();
  time = new Float64Array(0);
  subscription = new Int32Array(0);
  changeType = new Int32Array(0);
  check = new Uint8Array(0);
  /** ms between the stated change and the arrival; NaN when unknown. */
  latency = new Float64Array(0);
  /** Leader row of the row's duplicate group, -1 when none. */
  groupLeader = new Int32Array(0);
  /** Next member of the group (a linked list from the leader), -1 at the end. */
  groupNext = new Int32Array(0);
  /** Members of the group, on the leader. */
  groupSize = new Int32Array(0);
  /** Where the `received` line is: file (position in the index's file list), byte offset, length. */
  file = new Uint16Array(0);
  offset = new Float64Array(0);
  lineLength = new Int32Array(0);
  /** Position of the row in the POST's `value` array. */
  item = new Int32Array(0);
  /** Where the `processed` line is (length 0: none yet). */
  processedFile = new Uint16Array(0);
  processedOffset = new Float64Array(0);
  processedLength = new Int32Array(0);
  resource: (string | undefined)[] = [];
  /** Rows the receiver recognised as a re-delivery (same subscription and notification id as an earlier one). */
  readonly redelivered = new Set<number>();
  /** Sampled refusals: rows standing for more than one refused request. */
  readonly refusedCount = new Map<number, number>();

  push(r: NewRow): number {
    if (this.count === this.time.length) this.grow(Math.max(1024, this.count * 2));
    const i = this.count++;
    this.time[i] = r.time;
    this.subscription[i] = this.subscriptions.id(r.subscription);
    this.changeType[i] = this.changeTypes.id(r.changeType);
    this.check[i] = r.check;
    this.latency[i] = NaN;
    this.groupLeader[i] = -1;
    this.groupNext[i] = -1;
    this.groupSize[i] = 0;
    this.file[i] = r.file;
    this.offset[i] = r.offset;
    this.lineLength[i] = r.length;
    this.item[i] = r.item;
    this.processedLength[i] = 0;
    this.resource[i] = r.resource;
    return i;
  }

  private grow(capacity: number): void {
    const grow = <T extends Float64Array | Int32Array | Uint8Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.time = grow(this.time, (n) => new Float64Array(n));
    this.subscription = grow(this.subscription, (n) => new Int32Array(n));
    this.changeType = grow(this.changeType, (n) => new Int32Array(n));
    this.check = grow(this.check, (n) => new Uint8Array(n));
    this.latency = grow(this.latency, (n) => new Float64Array(n));
    this.groupLeader = grow(this.groupLeader, (n) => new Int32Array(n));
    this.groupNext = grow(this.groupNext, (n) => new Int32Array(n));
    this.groupSize = grow(this.groupSize, (n) => new Int32Array(n));
    this.file = grow(this.file, (n) => new Uint16Array(n));
    this.offset = grow(this.offset, (n) => new Float64Array(n));
    this.lineLength = grow(this.lineLength, (n) => new Int32Array(n));
    this.item = grow(this.item, (n) => new Int32Array(n));
    this.processedFile = grow(this.processedFile, (n) => new Uint16Array(n));
    this.processedOffset = grow(this.processedOffset, (n) => new Float64Array(n));
    this.processedLength = grow(this.processedLength, (n) => new Int32Array(n));
  }
}
