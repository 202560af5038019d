import type * as vscode from 'vscode';
import { submitDraft as sendDraft, type SubmitOptions } from '../editor/submitDraft';
import { withoutWaitingOnErrorMessage, type CommandDeps } from './types';

/**
 * Sends a draft to Graph (create or update); resolves to the subscription, or to undefined when
 * nothing was sent or Graph refused. Failures do not hold the caller (CodeLens, tests) until the
 * message is dismissed.
 */
export const submitDraft = (deps: CommandDeps) => withoutWaitingOnErrorMessage((uri?: vscode.Uri, options?: SubmitOptions) => sendDraft(deps.editor, uri, options));
