/**
 * Notification history: JSON Lines in the extension's global storage, size-capped with rotation
 * (`history.jsonl` → `history.1.jsonl` → … `history.{keep}.jsonl`), read back newest first.
 *
 * Two record types share the file:
 * - `received`: written by the receiver *before* it answers 202 (the body as received, except that
 *   whole validation-token JWTs and clientState values are replaced by masked prefixes — a JWT is
 *   a bearer credential, the clientState a shared secret);
 * - `processed`: appended once the checks ran, with the verdicts (✓/✗ and reasons, never
 *   decrypted data keys or decrypted content). Readers merge the two by id, so verdicts survive a
 *   reload without rewriting the file.
 *
 * Appends are batched: every line queued during one event-loop turn goes out in one write, and
 * each caller's promise resolves when its line is in the file. No `vscode` import.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { maskValue } from '../util/logger';

export type HistoryKind = 'change' | 'lifecycle' | 'rejected';

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** One check of one item, as persisted and shown. */
export interface CheckVerdict {
  status: CheckStatus;
  /** Why it failed or was skipped, e.g. "mismatch", "badSignature", "expired". */
  reason?: string;
}

/** The persisted verdicts of one item of a POST. */
export interface ItemSummary {
  subscriptionId: string;
  changeType?: string;
  lifecycleEvent?: string;
  resource?: string;
  trusted: boolean;
  checks: { clientState: CheckVerdict; validationTokens: CheckVerdict; decryption: CheckVerdict };
}

export interface HistoryEntry {
  id: string;
  receivedAt: string;
  kind: HistoryKind;
  /** Request path, e.g. `/notifications` or `/lifecycle`. */
  path: string;
  /** The body as received, with `validationTokens` masked; absent for rejected requests that had no JSON. */
  body?: unknown;
  /** Number of validation tokens the POST carried (the tokens themselves are never persisted). */
  validationTokenCount?: number;
  /** For `rejected`: the HTTP status sent and why. */
  rejection?: { status: number; reason: string };
  /** Merged from the `processed` record when present. */
  processed?: { processedAt: string; items: ItemSummary[] };
}

type Record =
  | ({ type: 'received' } & Omit<HistoryEntry, 'processed'>)
  | { type: 'processed'; id: string; processedAt: string; items: ItemSummary[] };

export interface NotificationHistoryOptions {
  /** Folder holding `history.jsonl` (created if missing). */
  dir: string;
  /** Rotate when the current file would grow past this many bytes. */
  maxBytes?: number;
  /** How many rotated files to keep besides the current one. */
  keep?: number;
}

export const HISTORY_FILE = 'history.jsonl';
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Replaces whole JWTs and the items' `clientState` values (a shared secret, §6.3) by masked
 * prefixes; returns the token count. Leaves the input untouched. The checks run on the body as
 * received, before this; Replay puts the clientState back from Secret Storage.
 */
export function sanitizeBody(body: unknown): { body: unknown; tokenCount: number } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { body, tokenCount: 0 };
  const obj = body as { [key: string]: unknown };
  const out: { [key: string]: unknown } = { ...obj };
  if (Array.isArray(obj.value)) {
    out.value = obj.value.map((item: unknown) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
      const record = item as { [key: string]: unknown };
      return typeof record.clientState === 'string' ? { ...record, clientState: maskValue(record.clientState) } : item;
    });
  }
  const tokens = obj.validationTokens;
  if (!Array.isArray(tokens)) return { body: out, tokenCount: 0 };
  out.validationTokens = tokens.map((t) => (typeof t === 'string' ? maskValue(t) : t));
  return { body: out, tokenCount: tokens.length };
}

interface Pending {
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class NotificationHistory {
  readonly dir: string;
  readonly filePath: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private queue: Pending[] = [];
  private flushScheduled = false;
  private flushWaiters: (() => void)[] = [];
  private size = -1;
  private fd: number | undefined;
  private closed = false;

  constructor(options: NotificationHistoryOptions) {
    this.dir = options.dir;
    this.filePath = path.join(options.dir, HISTORY_FILE);
    this.maxBytes = Math.max(1024, options.maxBytes ?? DEFAULT_MAX_BYTES);
    this.keep = Math.max(1, options.keep ?? 3);
  }

  /** Appends a `received` record; resolves once the line is written to the file. */
  appendReceived(entry: Omit<HistoryEntry, 'processed'>, rawBodyJson?: string): Promise<void> {
    if (rawBodyJson !== undefined) {
      // Fast path (the receiver's hot loop): the body is already-validated JSON text, spliced in
      // instead of re-serialised. Raw newlines can only be insignificant whitespace in JSON.
      const { body: _body, ...head } = entry;
      const headJson = JSON.stringify({ type: 'received', ...head });
      return this.enqueueLine(`${headJson.slice(0, -1)},"body":${rawBodyJson.replace(/[\r\n]+/g, ' ')}}\n`);
    }
    return this.enqueue({ type: 'received', ...entry });
  }

  /** Appends the verdicts of an earlier `received` record. */
  appendProcessed(id: string, items: ItemSummary[], processedAt = new Date().toISOString()): Promise<void> {
    return this.enqueue({ type: 'processed', id, processedAt, items });
  }

  /** Entries newest first (current file, then rotated ones), at most `limit`. */
  async read(limit = 100): Promise<HistoryEntry[]> {
    await this.flushed();
    const files = [this.filePath];
    for (let i = 1; i <= this.keep; i++) files.push(this.rotatedPath(i));
    const processed = new Map<string, { processedAt: string; items: ItemSummary[] }>();
    const out: HistoryEntry[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = await fs.promises.readFile(file, 'utf8');
      } catch {
        continue;
      }
      const lines = text.split('\n');
      for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
        const line = lines[i].trim();
        if (!line) continue;
        let record: Record;
        try {
          record = JSON.parse(line) as Record;
        } catch {
          continue; // a torn last line after a crash must not hide the rest
        }
        if (record.type === 'processed') {
          if (!processed.has(record.id)) processed.set(record.id, { processedAt: record.processedAt, items: record.items });
        } else if (record.type === 'received') {
          const { type: _type, ...entry } = record;
          const p = processed.get(entry.id);
          out.push(p ? { ...entry, processed: p } : entry);
        }
      }
      if (out.length >= limit) break;
    }
    return out;
  }

  async get(id: string): Promise<HistoryEntry | undefined> {
    return (await this.read(Number.MAX_SAFE_INTEGER)).find((e) => e.id === id);
  }

  /** Resolves when everything queued so far is written. */
  async flushed(): Promise<void> {
    if (!this.flushScheduled) return;
    await new Promise<void>((resolve) => this.flushWaiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.flushed();
    this.closed = true;
    if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = undefined;
    }
  }

  private enqueue(record: Record): Promise<void> {
    if (this.closed) return Promise.reject(new Error('History is closed'));
    let line: string;
    try {
      line = JSON.stringify(record) + '\n';
    } catch (error) {
      // e.g. a RangeError for absurdly deep input: a rejected append, never a synchronous throw
      return Promise.reject(error);
    }
    return this.enqueueLine(line);
  }

  private enqueueLine(line: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('History is closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // The check phase runs right after the poll phase: every request whose body completed in
        // this turn shares one write, and none waits longer than the rest of the turn.
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Writes every line queued during this event-loop turn with one synchronous append, then
   * resolves their promises. A small sequential append to a local file costs a few microseconds;
   * a round trip through the libuv thread pool per batch cost more than the whole request (see
   * test/bench/receiver.bench.ts), and the 202 must wait for the write anyway.
   */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0) {
      const data = Buffer.from(batch.length === 1 ? batch[0].line : batch.map((p) => p.line).join(''), 'utf8');
      try {
        this.ensureOpen();
        if (this.size > 0 && this.size + data.length > this.maxBytes) this.rotate();
        let offset = 0;
        while (offset < data.length) offset += fs.writeSync(this.fd!, data, offset, data.length - offset);
        this.size += data.length;
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const w of waiters) w();
  }

  private ensureOpen(): void {
    if (this.fd !== undefined) return;
    fs.mkdirSync(this.dir, { recursive: true });
    this.fd = fs.openSync(this.filePath, 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  private rotatedPath(i: number): string {
    return path.join(this.dir, `history.${i}.jsonl`);
  }

  private rotate(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    fs.rmSync(this.rotatedPath(this.keep), { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      try {
        fs.renameSync(this.rotatedPath(i), this.rotatedPath(i + 1));
      } catch {
        // that generation does not exist yet
      }
    }
    try {
      fs.renameSync(this.filePath, this.rotatedPath(1));
    } catch {
      // nothing to rotate
    }
    this.ensureOpen();
  }
}
