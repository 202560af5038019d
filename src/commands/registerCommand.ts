import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { isCancellation, UserFacingError } from '../util/errors';
import type { Logger } from '../util/logger';

/** Any handler; arguments come from VS Code (tree item, URI…) and are checked by the handler. */
export type CommandHandler = (...args: never[]) => unknown;

/**
 * The one place that calls `vscode.commands.registerCommand`. Handlers throw; the wrapper stays
 * silent on cancellation, logs the full error, and shows a one-line message with next steps.
 */
export function registerCommand(
  context: vscode.ExtensionContext,
  log: Logger,
  id: CommandId,
  handler: CommandHandler,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await (handler as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        if (isCancellation(error)) return undefined;
        await reportCommandError(log, id, error);
        return undefined;
      }
    }),
  );
}

export async function reportCommandError(log: Logger, id: string, error: unknown): Promise<void> {
  log.error(`${id} failed`, error);
  const steps = error instanceof UserFacingError ? error.nextSteps : [];
  const message = error instanceof Error ? error.message : String(error);
  const buttons = [...steps.map((s) => s.title), 'Show Log'];
  const choice = await vscode.window.showErrorMessage(message, ...buttons);
  if (choice === 'Show Log') {
    await vscode.commands.executeCommand(CommandId.showLog);
    return;
  }
  const step = steps.find((s) => s.title === choice);
  if (step) await vscode.commands.executeCommand(step.command, ...(step.args ?? []));
}
