/**
 * What every command file gets, and the shape of a handler. A command file exports
 * `(deps: CommandDeps) => handler`; src/commands/registerCommands.ts puts them in one map that the
 * compiler checks against `CommandId`.
 */
import type * as vscode from 'vscode';
import type { DraftEditorContext } from '../editor/submitDraft';
import type { Services } from '../services';
import type { TreeHandle } from '../tree/registerTree';

export interface CommandDeps extends Services {
  /** The Subscriptions view, its provider and auto-renew. */
  readonly tree: TreeHandle;
  /** Drafts, their diagnostics and targets. */
  readonly editor: DraftEditorContext;
  /** The extension's log channel ("Show Log"). */
  readonly logChannel: vscode.LogOutputChannel;
}

/** Any handler; arguments come from VS Code (tree item, URI…) or other code and are checked by it. */
export type CommandHandler = (...args: never[]) => unknown;

export interface CommandSpec {
  run: CommandHandler;
  /**
   * false: on failure, show the message but resolve the command at once instead of when the user
   * dismisses it (callers such as a CodeLens, or tests, must not be held by a toast).
   */
  awaitErrorMessage: boolean;
}

export type Handler = CommandHandler | CommandSpec;

/** Marks a handler whose failures must not hold its caller until the error message is dismissed. */
export function withoutWaitingOnErrorMessage(run: CommandHandler): CommandSpec {
  return { run, awaitErrorMessage: false };
}
