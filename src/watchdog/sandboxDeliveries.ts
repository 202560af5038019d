/**
 * What the Sandbox's delivery log says about one subscription: whether its notifications are
 * failing to arrive (the last delivery attempt failed) and how many were dropped lately — by
 * endpoint throttling or after Graph's retries ran out. Graph does not resend them
 * (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#throttling).
 * Pure: reads the emulator's log entries, judged on the extension's clock. No `vscode` import.
 */
import { DEFAULT_MAX_DELIVERY_ATTEMPTS } from '../emulator/emulator';

/** The fields of the emulator's DeliveryAttempt the watchdog reads. */
export interface DeliveryLogEntry {
  readonly time: string;
  readonly kind: string;
  readonly subscriptionIds: readonly string[];
  readonly notifications: number;
  readonly attempt: number;
  readonly ok: boolean;
  readonly status?: number;
  readonly error?: string;
  readonly throttle?: 'delayed' | 'probe' | 'dropped';
}

export interface SandboxDeliveryHealth {
  /** Notifications of this subscription dropped within the window (throttling, or every retry failed). */
  readonly dropped: number;
  /** Why the most recent attempt failed, when it did (within the window). */
  readonly lastFailure?: string;
}

export const DELIVERY_WINDOW_MS = 10 * 60_000;

/**
 * `maxAttempts`: the emulator's attempts per POST (the Sandbox runs with its default), so a failed
 * last attempt counts as a drop at once; a failed earlier one only once the next POST begins.
 */
export function sandboxDeliveryHealth(log: readonly DeliveryLogEntry[], subscriptionId: string, now: number, maxAttempts = DEFAULT_MAX_DELIVERY_ATTEMPTS, windowMs = DELIVERY_WINDOW_MS): SandboxDeliveryHealth {
  const mine = log.filter((a) => a.kind === 'change' && a.subscriptionIds.includes(subscriptionId) && Date.parse(a.time) > now - windowMs && Date.parse(a.time) <= now);
  let dropped = 0;
  for (let i = 0; i < mine.length; i++) {
    const a = mine[i];
    if (a.throttle === 'dropped') dropped += a.notifications;
    // A POST's attempts are numbered 1..n; it was dropped when its last attempt failed and no
    // later attempt continues it (the next one of this subscription starts again at 1).
    else if (!a.ok && a.throttle !== 'delayed' && a.attempt >= 1 && (a.attempt >= maxAttempts || (i < mine.length - 1 && mine[i + 1].attempt <= 1))) dropped += a.notifications;
  }
  const last = mine.filter((a) => a.throttle !== 'delayed').at(-1);
  const lastFailure = last && !last.ok ? (last.throttle === 'dropped' ? 'dropped while the endpoint is throttled' : last.error ?? (last.status ? `HTTP ${last.status}` : 'failed')) : undefined;
  return lastFailure ? { dropped, lastFailure } : { dropped };
}
