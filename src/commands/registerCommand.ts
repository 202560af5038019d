import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { isCancellation, UserFacingError } from '../util/errors';
import type { Logger } from '../util/logger';
import { publicText } from '../util/publicText';
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
  const steps = error instanceof UserFacingError ? error.nextSteps : [];
  // Graph's and the emulator's messages may carry internal source tags; the user reads plain words.
  const message = publicText(error instanceof Error ? error.message : String(error));
  const severity = error instanceof UserFacingError ? error.severity : 'error';
  let choice: string | undefined;
  if (severity === 'error') {
    log.error(`${id} failed`, error);
    choice = await vscode.window.showErrorMessage(message, ...steps.map((s) => s.title), 'Show Log');
  } else {
    // An expected condition (the 10-minute rule, tunnel mode "none"), not a failure: one log
    // line without a stack trace, a warning or information message with the next steps.
    log.info(`${id}: ${message}`);
    const show = severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    choice = await show(message, ...steps.map((s) => s.title));
  }
  if (choice === 'Show Log') {
    await vscode.commands.executeCommand(CommandId.showLog);
    return;
  }
  const step = steps.find((s) => s.title === choice);
  if (step) await vscode.commands.executeCommand(step.command, ...(step.args ?? []));
}
