/**
 * CodeLenses on a draft, worded like the Submit command they run: "Submit: Create subscription in
 * <account>" / "Submit: Update subscription in <account>" (with the error count when there are
 * errors), "Change Account…" to switch the target (the account is named once, not twice), and
 * "Export…" (Export Subscription As…).
 */
import * as vscode from 'vscode';
import { CommandId } from '../constants';
import type { DraftEditorContext, SubmitOptions } from './submitDraft';
import { rootSpan } from './draftJson';
import { isDraftUri } from './draftRegistry';
import { DIAGNOSTIC_SOURCE, spanToRange } from './diagnostics';
import { DisposableStore } from '../util/disposable';

export class DraftCodeLensProvider extends DisposableStore implements vscode.CodeLensProvider {
  private readonly _onDidChangeCodeLenses = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this._onDidChangeCodeLenses.event;

  constructor(private readonly ctx: DraftEditorContext) {
    super();
    const fire = () => this._onDidChangeCodeLenses.fire();
    this.registerAll(
      this._onDidChangeCodeLenses,
      ctx.registry.onDidChange(fire),
      ctx.services.accounts.onDidChangeAccounts(fire),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some(isDraftUri)) fire();
      }),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const range = spanToRange(document, rootSpan(document.getText()));
    const target = this.ctx.registry.resolve(document.uri);
    const account = target.account;
    // The errors that block submission: the validator's (not the JSON schema's, not Graph's last answer).
    const errors = vscode.languages
      .getDiagnostics(document.uri)
      .filter((d) => d.severity === vscode.DiagnosticSeverity.Error && d.source === DIAGNOSTIC_SOURCE).length;
    const verb = target.operation === 'update' ? 'Update subscription' : 'Create subscription';
    const where = account ? ` in ${account.label}` : '';
    const problems = errors > 0 ? ` (${errors} error${errors === 1 ? '' : 's'})` : '';
    const lenses = [
      new vscode.CodeLens(range, {
        title: `${errors > 0 ? '$(error)' : '$(cloud-upload)'} Submit: ${verb}${where}${problems}`,
        tooltip: errors > 0 ? 'Fix the errors first, or send anyway to see Graph’s answer' : `Send this draft to Microsoft Graph${where}`,
        command: CommandId.submitDraft,
        arguments: [document.uri],
      }),
    ];
    if (target.operation === 'update') {
      const o = target.original;
      lenses.push(
        new vscode.CodeLens(range, {
          title: `Subscription ${target.subscriptionId ?? ''}${o ? ` · ${o.resource} (${o.changeType})` : ''}`,
          tooltip: 'Only expirationDateTime, notificationUrl and the encryption certificate can be changed',
          command: '',
        }),
      );
    } else {
      const options: SubmitOptions = { chooseAccount: true };
      lenses.push(
        new vscode.CodeLens(range, {
          title: account ? '$(arrow-swap) Change Account…' : '$(account) Choose Account…',
          tooltip: 'Choose the account this draft is created in',
          command: CommandId.submitDraft,
          arguments: [document.uri, options],
        }),
      );
    }
    lenses.push(
      new vscode.CodeLens(range, {
        title: '$(export) Export…',
        tooltip: 'Export as a .http request, curl, PowerShell, CLI for Microsoft 365 or a Graph SDK snippet',
        command: CommandId.exportSubscription,
        arguments: [document.uri],
      }),
    );
    return lenses;
  }
}
