import { describeGraphRetry, reportingGraphRetries } from '../graph/retryReporter';
import { withProgressToast } from './progressToast';

/**
 * Runs a Graph call behind a progress notification titled `title`. When Graph throttles (429) or is
 * unavailable (503/504) and the client waits out its Retry-After, the notification says so
 * ("Graph answered 429 Too Many Requests: retrying in 2.1 s as it asked (Retry-After) (retry 1 of 3)").
 */
export function withGraphProgress<T>(title: string, run: () => Promise<T>): Promise<T> {
  // A call that fails fast rejects only once the progress toast is gone: its error message names
  // the next step in buttons, which the progress toast would otherwise cover.
  return withProgressToast(title, (progress) => reportingGraphRetries((retry) => progress.report({ message: describeGraphRetry(retry) }), run), { onlyOnFailure: true });
}
