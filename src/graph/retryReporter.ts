/**
 * Tells whoever is waiting on a Graph call that Graph throttled it (429) or was unavailable
 * (503/504) and that the call is being retried after Graph's `Retry-After`
 * (https://learn.microsoft.com/en-us/graph/throttling#best-practices-to-handle-throttling).
 * The client's retry middleware calls `notifyGraphRetry`; a command that shows progress wraps its
 * Graph calls in `reportingGraphRetries`, so each caller hears only about its own retries (async
 * context, not a global listener). No `vscode` import.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface GraphRetry {
  /** 429, 503 or 504. */
  status: number;
  /** What the client waits before retrying: Graph's Retry-After, or its own backoff. */
  waitSeconds: number;
  /** Whether Graph named the wait (Retry-After) or the client chose it. */
  fromRetryAfter: boolean;
  /** 1 for the first retry. */
  retry: number;
  maxRetries: number;
  method: string;
}

const listeners = new AsyncLocalStorage<(retry: GraphRetry) => void>();

/** Runs `run`; every Graph retry inside it (and only those) is reported to `listener`. */
export function reportingGraphRetries<T>(listener: (retry: GraphRetry) => void, run: () => Promise<T>): Promise<T> {
  return listeners.run(listener, run);
}

export function notifyGraphRetry(retry: GraphRetry): void {
  const listener = listeners.getStore();
  if (!listener) return;
  try {
    listener(retry);
  } catch {
    // A progress report that fails must not fail the Graph call.
  }
}

const REASON: Record<number, string> = { 429: '429 Too Many Requests', 503: '503 Service Unavailable', 504: '504 Gateway Timeout' };

/** "Graph answered 429 Too Many Requests: retrying in 2.2 s as it asked (retry 1 of 3)". */
export function describeGraphRetry(retry: GraphRetry): string {
  const seconds = retry.waitSeconds < 10 ? retry.waitSeconds.toFixed(1) : String(Math.round(retry.waitSeconds));
  return `Graph answered ${REASON[retry.status] ?? retry.status}: retrying in ${seconds} s${retry.fromRetryAfter ? ' as it asked (Retry-After)' : ''} (retry ${retry.retry} of ${retry.maxRetries})`;
}
