/**
 * A cross-process lock for the history folder, held for microseconds around each append and
 * rotation: every VS Code window runs its own extension host, and all of them share the history in
 * `globalStorageUri`. The lock is a file created with O_EXCL (`wx`) holding the owner's pid; a lock
 * whose owner is gone (crash, kill -9) or that is older than `staleMs` is taken over. Waiting is
 * synchronous (Atomics.wait, 1 ms steps), because the append that needs it is synchronous too: a
 * holder only ever keeps it for one write. No `vscode` import.
 */
import * as fs from 'node:fs';

const SLEEP = new Int32Array(new SharedArrayBuffer(4));

function sleepMs(ms: number): void {
  Atomics.wait(SLEEP, 0, 0, ms);
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class HistoryLockTimeout extends Error {
  constructor(lockPath: string, owner: string) {
    super(`The history is locked by another window (${owner}); ${lockPath}`);
  }
}

export class FolderLock {
  constructor(
    readonly lockPath: string,
    private readonly options: { waitMs?: number; staleMs?: number } = {},
  ) {}

  /** Runs `fn` while holding the lock. Throws HistoryLockTimeout when it stays taken. */
  withLock<T>(fn: () => T): T {
    this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  private acquire(): void {
    const deadline = Date.now() + (this.options.waitMs ?? 5_000);
    const staleMs = this.options.staleMs ?? 30_000;
    for (;;) {
      try {
        const fd = fs.openSync(this.lockPath, 'wx', 0o600);
        try {
          fs.writeSync(fd, `${process.pid}\n`);
        } finally {
          fs.closeSync(fd);
        }
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = this.owner();
      if (owner && (!processAlive(owner.pid) || Date.now() - owner.mtimeMs > staleMs)) {
        // Left behind by a process that died while holding it.
        fs.rmSync(this.lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new HistoryLockTimeout(this.lockPath, owner ? `pid ${owner.pid}` : 'unknown owner');
      sleepMs(1);
    }
  }

  private owner(): { pid: number; mtimeMs: number } | undefined {
    try {
      const text = fs.readFileSync(this.lockPath, 'utf8');
      const mtimeMs = fs.statSync(this.lockPath).mtimeMs;
      // An empty file is a lock being written right now: treat it as alive.
      return text.trim() === '' ? { pid: process.pid, mtimeMs } : { pid: Number(text.trim()), mtimeMs };
    } catch {
      return undefined; // released meanwhile
    }
  }

  private release(): void {
    try {
      fs.rmSync(this.lockPath, { force: true });
    } catch {
      // the folder went away; nothing to release
    }
  }
}
