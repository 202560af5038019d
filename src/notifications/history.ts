/**
 * Notification history: JSON Lines in the extension's global storage, size-capped with rotation
 * (`history.jsonl` → `history.1.jsonl` → … `history.{keep}.jsonl`), read back newest first.
 *
 * Two record types share the file:
 * - `received`: written by the receiver *before* it answers 202 (the body as received, except that
 *   whole validation-token JWTs are replaced by masked prefixes — a JWT is a bearer credential);
 * - `processed`: appended once the checks ran, with the verdicts (✓/✗ and reasons, never
 *   decrypted data keys or decrypted content). Readers merge the two by id, so verdicts survive a
 *   reload without rewriting the file.
 *
 * Appends are batched: every line queued while a write is in flight goes out in the next single
 * write, and each caller's promise resolves when its line is in the file. No `vscode` import.
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

/** Replaces whole JWTs by masked prefixes; returns the count. Leaves the input untouched. */
export function sanitizeBody(body: unknown): { body: unknown; tokenCount: number } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { body, tokenCount: 0 };
  const obj = body as { [key: string]: unknown };
  const tokens = obj.validationTokens;
  if (!Array.isArray(tokens)) return { body, tokenCount: 0 };
  return {
    body: { ...obj, validationTokens: tokens.map((t) => (typeof t === 'string' ? maskValue(t) : t)) },
    tokenCount: tokens.length,
  };
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
  private draining: Promise<void> | undefined;
  private size = -1;
  private handle: fs.promises.FileHandle | undefined;
  private closed = false;

  constructor(options: NotificationHistoryOptions) {
    this.dir = options.dir;
    this.filePath = path.join(options.dir, HISTORY_FILE);
    this.maxBytes = Math.max(1024, options.maxBytes ?? DEFAULT_MAX_BYTES);
    this.keep = Math.max(1, options.keep ?? 3);
  }

  /** Appends a `received` record; resolves once the line is written to the file. */
  appendReceived(entry: Omit<HistoryEntry, 'processed'>): Promise<void> {
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
    while (this.draining) await this.draining;
  }

  async close(): Promise<void> {
    await this.flushed();
    this.closed = true;
    const h = this.handle;
    this.handle = undefined;
    await h?.close().catch(() => undefined);
  }

  private enqueue(record: Record): Promise<void> {
    if (this.closed) return Promise.reject(new Error('History is closed'));
    const line = JSON.stringify(record) + '\n';
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      if (!this.draining) this.draining = this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        const data = Buffer.from(batch.map((p) => p.line).join(''), 'utf8');
        try {
          await this.ensureOpen();
          if (this.size > 0 && this.size + data.length > this.maxBytes) await this.rotate();
          const h = this.handle!;
          let offset = 0;
          while (offset < data.length) {
            const { bytesWritten } = await h.write(data, offset, data.length - offset);
            offset += bytesWritten;
          }
          this.size += data.length;
          for (const p of batch) p.resolve();
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.draining = undefined;
    }
  }

  private async ensureOpen(): Promise<void> {
    if (this.handle) return;
    await fs.promises.mkdir(this.dir, { recursive: true });
    this.handle = await fs.promises.open(this.filePath, 'a');
    this.size = (await this.handle.stat()).size;
  }

  private rotatedPath(i: number): string {
    return path.join(this.dir, `history.${i}.jsonl`);
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    await fs.promises.rm(this.rotatedPath(this.keep), { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      await fs.promises.rename(this.rotatedPath(i), this.rotatedPath(i + 1)).catch(() => undefined);
    }
    await fs.promises.rename(this.filePath, this.rotatedPath(1)).catch(() => undefined);
    await this.ensureOpen();
  }
}
