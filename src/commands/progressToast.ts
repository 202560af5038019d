import * as vscode from 'vscode';

/**
 * VS Code keeps a notification progress on screen for at least 800 ms after it appeared, even when
 * its task ended sooner: it closes the toast after `Promise.all([timeout(800), task])`
 * (https://github.com/microsoft/vscode/blob/main/src/vs/workbench/services/progress/browser/progressService.ts,
 * `withNotificationProgress`), while `withProgress` resolves as soon as the task does. A message
 * shown right after it (ngrok offline: Retry / Use a Custom URL / Open Settings) then appears while
 * the progress toast still stands and covers its buttons. The margin covers the message's trip from
 * the extension host to the window.
 */
export const PROGRESS_TOAST_MIN_MS = 800;
const MARGIN_MS = 250;

/**
 * `withProgress` in a notification that settles only once the progress toast is gone, so the
 * message the caller shows next stands alone with its buttons. A failure of `task` is thrown after
 * that wait, like its result is returned. `onlyOnFailure`: a success goes on at once (its next
 * message, if any, carries no next step that could be hidden), a failure waits (its error message
 * names the next step in buttons).
 */
export async function withProgressToast<T>(
  title: string,
  task: (progress: vscode.Progress<{ message?: string }>) => Promise<T>,
  options: { onlyOnFailure?: boolean } = {},
): Promise<T> {
  const started = Date.now();
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async (progress): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> => {
    try {
      return { ok: true, value: await task(progress) };
    } catch (error) {
      return { ok: false, error };
    }
  });
  const wait = PROGRESS_TOAST_MIN_MS + MARGIN_MS - (Date.now() - started);
  if (wait > 0 && !(outcome.ok && options.onlyOnFailure)) await delay(wait);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
