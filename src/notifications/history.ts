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
 * each caller's promise resolves when its line is in the file and reads back. Several windows may
 * append to the same folder (it lives in `globalStorageUri`): each append and rotation runs under
 * a folder lock and reopens the current file, and a torn tail left by a failed write (disk full)
 * is cut back to the last complete line first. Files are 0600 in a 0700 folder: they hold what
 * strangers sent and the masked secrets. No `vscode` import.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { maskValue } from '../util/logger';
import { FolderLock } from './historyLock';

export type HistoryKind = 'change' | 'lifecycle' | 'rejected';

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** One check of one item, as persisted and shown. */
export interface CheckVerdict {
  status: CheckStatus;
  /** Why it failed or was skipped, e.g. "mismatch", "badSignature", "expired". */
  reason?: string;
}

/**
 * - verified: at least one check that proves the sender (clientState or validation tokens) passed,
 *   and none failed;
 * - unverified: nothing failed, but nothing proved the sender either (no clientState recorded, no
 *   tokens) — anyone who knows the URL can send that;
 * - untrusted: a check failed.
 */
export type Trust = 'verified' | 'unverified' | 'untrusted';

/** The persisted verdicts of one item of a POST. */
export interface ItemSummary {
  subscriptionId: string;
  changeType?: string;
  lifecycleEvent?: string;
  resource?: string;
  /** `trust === 'verified'` (kept for readers of older history lines, which have no `trust`). */
  trusted: boolean;
  /** Absent in lines written before 0.1.1: read it with `trustOf`. */
  trust?: Trust;
  checks: { clientState: CheckVerdict; validationTokens: CheckVerdict; decryption: CheckVerdict };
  /** The change notification's own `id` (absent on lifecycle notifications and older lines). */
  notificationId?: string;
  /** Set when the same notification (same subscription and id) arrived before: when that first one arrived. */
  duplicateOf?: { receivedAt: string };
  /**
   * When the change happened, as the (decrypted) resource states it (`lastModifiedDateTime`,
   * `createdDateTime`…): only this timestamp is kept of the content, for the explorer's latency.
   */
  changedAt?: string;
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
  /**
   * For `rejected`: the HTTP status sent and why. Refusals are sampled (see RefusalSampler):
   * `count` > 1 means this entry stands for that many refused requests.
   */
  rejection?: { status: number; reason: string; count?: number };
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
/** Held by whichever window appends or rotates (see FolderLock). */
export const HISTORY_LOCK_FILE = 'history.lock';
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Replaces whole JWTs and the items' `clientState` values (a shared secret, https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks) by masked
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
      // The check reads clientState case-insensitively, so every spelling is the secret.
      const keys = clientStateKeys(record);
      if (keys.length === 0) return item;
      const masked = { ...record };
      for (const key of keys) if (typeof masked[key] === 'string') masked[key] = maskValue(masked[key] as string);
      return masked;
    });
  }
  const tokens = obj.validationTokens;
  if (!Array.isArray(tokens)) return { body: out, tokenCount: 0 };
  out.validationTokens = tokens.map((t) => (typeof t === 'string' ? maskValue(t) : t));
  return { body: out, tokenCount: tokens.length };
}

/** The trust of a persisted item, also for lines written before `trust` existed. */
export function trustOf(item: Pick<ItemSummary, 'trusted' | 'trust'>): Trust {
  return item.trust ?? (item.trusted ? 'verified' : 'untrusted');
}

/** The keys of an item that the clientState check may read (any letter case). */
export function clientStateKeys(item: object): string[] {
  return Object.keys(item).filter((k) => k.length === 11 && k.toLowerCase() === 'clientstate');
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
  private folderReady = false;
  private closed = false;
  private readonly lock: FolderLock;

  constructor(options: NotificationHistoryOptions) {
    this.dir = options.dir;
    this.filePath = path.join(options.dir, HISTORY_FILE);
    this.maxBytes = Math.max(1024, options.maxBytes ?? DEFAULT_MAX_BYTES);
    this.keep = Math.max(1, options.keep ?? 3);
    this.lock = new FolderLock(path.join(options.dir, HISTORY_LOCK_FILE));
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
        this.ensureFolder();
        this.lock.withLock(() => this.appendLocked(data));
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * One append under the folder lock. The file is opened for every batch ("append with reopen"):
   * another window's receiver may have rotated it since, and a handle kept open would then write
   * into a renamed or deleted file. Its size is read under the lock, never counted locally.
   */
  private appendLocked(data: Buffer): void {
    let fd = this.openCurrent();
    try {
      let size = repairTail(fd, fs.fstatSync(fd).size);
      if (size > 0 && size + data.length > this.maxBytes) {
        fs.closeSync(fd);
        fd = -1;
        this.rotate();
        fd = this.openCurrent();
        size = repairTail(fd, fs.fstatSync(fd).size);
      }
      try {
        let offset = 0;
        while (offset < data.length) offset += fs.writeSync(fd, data, offset, data.length - offset);
      } catch (error) {
        // Disk full or a size limit mid-write: drop the torn bytes now (truncating needs no free
        // space); if that fails too, the next append repairs the tail before writing.
        try {
          fs.ftruncateSync(fd, size);
        } catch {
          // left to repairTail
        }
        throw error;
      }
      verifyAppended(fd, size, data);
    } finally {
      if (fd >= 0) fs.closeSync(fd);
    }
  }

  /** Creates the folder (0700) once, and makes files an older version left 0644 private. */
  private ensureFolder(): void {
    if (this.folderReady && fs.existsSync(this.dir)) return;
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    tightenMode(this.dir, 0o700);
    for (const name of fs.readdirSync(this.dir)) {
      if (/^history(\.\d+)?\.jsonl$/.test(name)) tightenMode(path.join(this.dir, name), 0o600);
    }
    this.folderReady = true;
  }

  private openCurrent(): number {
    return fs.openSync(this.filePath, 'a+', 0o600);
  }

  private rotatedPath(i: number): string {
    return path.join(this.dir, `history.${i}.jsonl`);
  }

  /** Shifts `history.jsonl` → `history.1.jsonl` → …; called under the folder lock. */
  private rotate(): void {
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
  }
}

function tightenMode(file: string, mode: number): void {
  try {
    if ((fs.statSync(file).mode & 0o777) !== mode) fs.chmodSync(file, mode);
  } catch {
    // gone meanwhile, or a file system without POSIX modes
  }
}

/**
 * Truncates the file to its last complete line when a failed append left a torn one, so the next
 * line is not glued onto it (and lost to every reader). Returns the size afterwards.
 */
export function repairTail(fd: number, size: number): number {
  if (size === 0) return 0;
  const last = Buffer.alloc(1);
  fs.readSync(fd, last, 0, 1, size - 1);
  if (last[0] === 0x0a) return size;
  const chunk = Buffer.alloc(64 * 1024);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const n = fs.readSync(fd, chunk, 0, end - start, start);
    const nl = chunk.subarray(0, n).lastIndexOf(0x0a);
    if (nl >= 0) {
      fs.ftruncateSync(fd, start + nl + 1);
      return start + nl + 1;
    }
    end = start;
  }
  fs.ftruncateSync(fd, 0);
  return 0;
}

/** Reads the appended bytes back (and the newline before them): a 202 is only sent for a line that reads back. */
function verifyAppended(fd: number, start: number, data: Buffer): void {
  const from = start > 0 ? start - 1 : 0;
  const back = Buffer.alloc(start + data.length - from);
  let read = 0;
  while (read < back.length) {
    const n = fs.readSync(fd, back, read, back.length - read, from + read);
    if (n === 0) break;
    read += n;
  }
  const ok = read === back.length && (start === 0 || back[0] === 0x0a) && back.subarray(start - from).equals(data);
  if (!ok) throw new Error('History append did not read back: the line is not in the file');
}
