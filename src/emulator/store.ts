/**
 * The emulator's state: subscriptions (with who owns them), the tenant id and the signing key.
 * In memory, or mirrored to a JSON file (written atomically after every change) so a restart
 * keeps it.
 */
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PreferenceId } from '../catalog/preferHeaders';
import type { AccountKind } from '../catalog/types';
import type { Subscription } from '../graph/types';
import type { SerializedKey } from './tokens';

export interface StoredSubscription {
  subscription: Subscription;
  /** Tenant the subscription lives in (the caller's `tid`). */
  tenantId: string;
  /** The creating account kind, for permission checks on later operations. */
  accountKind: AccountKind;
  /** Creation order, for stable paging. */
  seq: number;
  /**
   * `Prefer` preferences of the create request that apply to the resource (Graph reads them on
   * create only and never returns them): src/emulator/preferences.ts.
   */
  preferences?: PreferenceId[];
}

export interface StateFile {
  version: 1;
  tenantId: string;
  key?: SerializedKey;
  seq: number;
  subscriptions: StoredSubscription[];
}

export class SubscriptionStore {
  private readonly byId = new Map<string, StoredSubscription>();
  /** The earliest expiry, or undefined when it must be computed again: every Graph call and every
   * simulated notification purges first, and scanning all subscriptions each time is wasted when none is due. */
  private earliestExpiry: number | undefined;
  private seq = 0;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    readonly tenantId: string,
    readonly key: SerializedKey | undefined,
    private readonly statePath: string | undefined,
    private readonly onWriteError: (error: unknown) => void = () => undefined,
  ) {}

  /** Reads the state file; undefined when there is none yet. Throws on a corrupt file. */
  static readState(statePath: string): StateFile | undefined {
    let text: string;
    try {
      text = readFileSync(statePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = JSON.parse(text) as StateFile;
    if (parsed.version !== 1 || typeof parsed.tenantId !== 'string' || !Array.isArray(parsed.subscriptions)) {
      throw new Error(`${statePath} is not a Graph emulator state file.`);
    }
    return parsed;
  }

  load(state: StateFile): void {
    this.seq = state.seq;
    for (const s of state.subscriptions) this.byId.set(s.subscription.id, s);
    this.earliestExpiry = undefined;
  }

  get(id: string): StoredSubscription | undefined {
    return this.byId.get(id);
  }

  all(): StoredSubscription[] {
    return [...this.byId.values()].sort((a, b) => a.seq - b.seq);
  }

  add(entry: Omit<StoredSubscription, 'seq'>): StoredSubscription {
    const stored = { ...entry, seq: ++this.seq };
    this.byId.set(entry.subscription.id, stored);
    this.earliestExpiry = undefined;
    this.save();
    return stored;
  }

  replace(id: string, subscription: Subscription): void {
    const s = this.byId.get(id);
    if (!s) return;
    s.subscription = subscription;
    this.earliestExpiry = undefined;
    this.save();
  }

  delete(id: string): boolean {
    const had = this.byId.delete(id);
    if (had) this.save();
    return had;
  }

  /** Removes subscriptions whose expirationDateTime has passed; returns their ids. */
  purgeExpired(now: Date): string[] {
    this.earliestExpiry ??= this.nextExpiry() ?? Infinity;
    if (now.getTime() < this.earliestExpiry) return [];
    this.earliestExpiry = undefined;
    const gone: string[] = [];
    for (const [id, s] of this.byId) {
      if (Date.parse(s.subscription.expirationDateTime) <= now.getTime()) {
        this.byId.delete(id);
        gone.push(id);
      }
    }
    if (gone.length > 0) this.save();
    return gone;
  }

  /** Earliest expiry, for the purge timer. */
  nextExpiry(): number | undefined {
    let min: number | undefined;
    for (const s of this.byId.values()) {
      const t = Date.parse(s.subscription.expirationDateTime);
      if (min === undefined || t < min) min = t;
    }
    return min;
  }

  private snapshot(): StateFile {
    return { version: 1, tenantId: this.tenantId, key: this.key, seq: this.seq, subscriptions: this.all() };
  }

  /** Schedules a write; writes are serialised and coalesced. */
  save(): void {
    if (!this.statePath) return;
    this.dirty = true;
    const file = this.statePath;
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.mkdir(path.dirname(file), { recursive: true });
      // The file holds the emulator's private signing key: owner-only permissions.
      await fs.writeFile(tmp, JSON.stringify(this.snapshot(), null, 2), { encoding: 'utf8', mode: 0o600 });
      await fs.rename(tmp, file);
    }).catch((error: unknown) => this.onWriteError(error));
  }

  /** Resolves once pending writes are on disk. */
  flush(): Promise<void> {
    return this.writing;
  }
}
