import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { isCancellation, UserFacingError } from '../util/errors';
import type { Logger } from '../util/logger';
import type { Handler } from './types';

/**
 * The one command wrapper, used by every command through `registerCommands`. Handlers throw; the
 * wrapper stays silent on cancellation, logs the full error, and shows a one-line message with the
 * next steps as buttons (plus "Show Log"). The command then resolves to undefined.
 */
export function wrapCommand(log: Logger, id: CommandId, handler: Handler): (...args: unknown[]) => Promise<unknown> {
  const run = (typeof handler === 'function' ? handler : handler.run) as (...a: unknown[]) => unknown;
  const awaitErrorMessage = typeof handler === 'function' || handler.awaitErrorMessage;
  return async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (error) {
      if (isCancellation(error)) return undefined;
      const shown = reportCommandError(log, id, error);
      if (awaitErrorMessage) await shown;
      else void shown;
      return undefined;
    }
  };
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
