import * as vscode from 'vscode';
import { describeGraphRetry, reportingGraphRetries } from '../graph/retryReporter';

/**
 * Runs a Graph call behind a progress notification titled `title`. When Graph throttles (429) or is
 * unavailable (503/504) and the client waits out its Retry-After, the notification says so
 * ("Graph answered 429 Too Many Requests: retrying in 2.1 s as it asked (Retry-After) (retry 1 of 3)").
 */
export function withGraphProgress<T>(title: string, run: () => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, (progress) =>
      reportingGraphRetries((retry) => progress.report({ message: describeGraphRetry(retry) }), run),
    ),
  );
}
