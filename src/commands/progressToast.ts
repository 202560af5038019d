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
 * message the caller shows next (success or failure) stands alone with its buttons. A failure of
 * `task` is thrown after that wait, like its result is returned.
 */
export async function withProgressToast<T>(title: string, task: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async (): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> => {
    try {
      return { ok: true, value: await task() };
    } catch (error) {
      return { ok: false, error };
    }
  });
  const wait = PROGRESS_TOAST_MIN_MS + MARGIN_MS - (Date.now() - started);
  if (wait > 0) await delay(wait);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
