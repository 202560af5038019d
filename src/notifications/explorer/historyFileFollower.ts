/**
 * Follows the receiver's history files (JSON Lines that NotificationHistory writes and rotates:
 * `history.N.jsonl` … `history.1.jsonl`, then `history.jsonl`) and hands each complete line to
 * the index with where it stands (file, byte offset, byte length), so the line can be read back on
 * demand instead of being kept. Files are known by inode, not by name: a rotation renames them,
 * and the rest of a renamed file is still read before the new one. Split from historyIndex.ts,
 * which turns the lines into rows. No `vscode` import.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HISTORY_FILE } from '../history';

/** Receives one complete, non-blank line: `file` is a position in the follower's file list. */
export type LineSink = (line: string, file: number, offset: number, length: number) => void;

interface TrackedFile {
  path: string;
  /** Identity across renames: inode, plus birth time where the file system keeps it (inodes are reused). */
  ino: string;
  /** Bytes read so far (always at a line boundary). */
  offset: number;
}

export class HistoryFileFollower {
  /** Files in reading order; a line's `file` is a position here. */
  private readonly files: TrackedFile[] = [];

  constructor(
    readonly dir: string,
    private readonly chunkBytes: number,
    private readonly onLine: LineSink,
  ) {}

  /** Reads every history file in the folder, oldest first. A missing folder is an empty history. */
  async readAll(): Promise<void> {
    for (const file of historyFiles(this.dir)) await this.follow(file);
  }

  /**
   * Reads what was appended since the last call. When the current file was rotated, the rest of
   * the old one is read first (found by inode), then the new one.
   */
  async readAppended(): Promise<void> {
    const currentPath = path.join(this.dir, HISTORY_FILE);
    const ino = inodeOf(currentPath);
    const tracked = this.files.find((f) => f.path === currentPath && f.ino === ino);
    if (tracked) {
      await this.readFrom(tracked);
      return;
    }
    // Rotated (or created): finish every file we followed, wherever it went, then the new ones.
    for (const f of this.files) {
      const moved = this.locate(f);
      if (moved) {
        f.path = moved;
        await this.readFrom(f);
      }
    }
    for (const file of historyFiles(this.dir)) {
      const fileIno = inodeOf(file);
      if (fileIno !== undefined && !this.files.some((f) => f.ino === fileIno)) await this.follow(file);
    }
  }

  /** One line back, where it is now; undefined when rotation deleted its file since. */
  readLine(file: number, offset: number, length: number): string | undefined {
    const f = this.files[file];
    if (!f) return undefined;
    const where = this.locate(f);
    if (!where) return undefined;
    f.path = where;
    let fd: number;
    try {
      fd = fs.openSync(where, 'r');
    } catch {
      return undefined;
    }
    try {
      const buf = Buffer.alloc(length);
      const n = fs.readSync(fd, buf, 0, length, offset);
      return buf.toString('utf8', 0, n);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Where a followed file is now: its path, or the history file that has its inode (rotated). */
  private locate(f: TrackedFile): string | undefined {
    if (inodeOf(f.path) === f.ino) return f.path;
    for (const file of historyFiles(this.dir)) if (inodeOf(file) === f.ino) return file;
    return undefined;
  }

  private async follow(file: string): Promise<void> {
    const ino = inodeOf(file);
    if (ino === undefined) return;
    const tracked: TrackedFile = { path: file, ino, offset: 0 };
    this.files.push(tracked);
    await this.readFrom(tracked);
  }

  /** Reads complete lines from `f.offset` to the end of the file, in chunks. */
  private async readFrom(f: TrackedFile): Promise<void> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(f.path, 'r');
    } catch {
      return;
    }
    const fileIndex = this.files.indexOf(f);
    try {
      let buf = Buffer.allocUnsafe(this.chunkBytes);
      let carry = 0; // bytes of an incomplete line at the start of buf
      for (;;) {
        if (carry === buf.length) {
          // One line longer than the buffer: grow it.
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, carry);
          buf = bigger;
        }
        const { bytesRead } = await handle.read(buf, carry, buf.length - carry, f.offset + carry);
        if (bytesRead === 0) break;
        const end = carry + bytesRead;
        const lastNl = buf.lastIndexOf(0x0a, end - 1);
        if (lastNl < 0) {
          carry = end;
          continue;
        }
        this.splitLines(buf, lastNl + 1, f.offset, fileIndex);
        f.offset += lastNl + 1;
        carry = end - (lastNl + 1);
        buf.copy(buf, 0, lastNl + 1, end);
      }
    } finally {
      await handle.close();
    }
  }

  /** Hands on the complete lines in buf[0, end); `base` is buf[0]'s offset in the file. */
  private splitLines(buf: Buffer, end: number, base: number, file: number): void {
    const text = buf.toString('utf8', 0, end);
    // All-ASCII chunks (the usual case) map string positions to byte offsets one to one.
    const ascii = text.length === end;
    let start = 0;
    let byteStart = 0;
    while (start < text.length) {
      let nl = text.indexOf('\n', start);
      if (nl < 0) nl = text.length;
      const line = text.slice(start, nl);
      const byteLength = ascii ? nl - start : Buffer.byteLength(line);
      if (line.trim()) this.onLine(line, file, base + byteStart, byteLength);
      byteStart += byteLength + 1;
      start = nl + 1;
    }
  }
}

function inodeOf(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    return `${st.ino}:${st.birthtimeMs}`;
  } catch {
    return undefined;
  }
}

/** The history files of a folder, oldest first: `history.N.jsonl` … `history.1.jsonl`, `history.jsonl`. */
export function historyFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const rotated = names
    .map((n) => /^history\.(\d+)\.jsonl$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .map((m) => path.join(dir, m[0]));
  return names.includes(HISTORY_FILE) ? [...rotated, path.join(dir, HISTORY_FILE)] : rotated;
}
