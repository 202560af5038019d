import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { expectedCondition } from '../util/errors';
import type { CommandDeps } from './types';

/**
 * Sends Graph's validation request and checks each rule Graph applies. `{ url }` (the next step of
 * a Graph 400 "validation failed") tests that URL — the one Graph rejected; without it, the
 * receiver's public URL (else its local one). Resolves to the result with the URL tested.
 */
export const handshakeSelfTest = (deps: CommandDeps) => async (arg?: { url?: unknown }) => {
  const url = typeof arg?.url === 'string' && arg.url.trim() !== '' ? arg.url.trim() : undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Sending a validation request like Graph does${url ? ` to ${url}` : ''}…` },
    () => deps.receiver.selfTest(url),
  );
  if (!result.ok) {
    // What the test found, not a failure of the extension: a warning, logged without a stack trace.
    throw expectedCondition(`Handshake self-test of ${result.url} failed (rule: ${result.failedRule ?? '?'}): ${result.message}`, [
      { title: 'Show Notifications', command: CommandId.showNotifications },
    ]);
  }
  void vscode.window.showInformationMessage(`Handshake self-test passed through ${result.url} in ${Math.round(result.durationMs)} ms (200, text/plain, exact echo).`);
  return result;
};
