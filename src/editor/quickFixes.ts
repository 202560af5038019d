/**
 * Quick fixes of draft findings. `edit` fixes from the validator are applied as they are;
 * `setProperty` fixes get their value here: a random clientState, the receiver's lifecycle URL
 * (starting the receiver if needed) or a new certificate from the receiver — the last two in
 * `resolveCodeAction`, so nothing slow happens while the light bulb is computed.
 * Plus a rewrite between `me/…` and `users/{id}/…` on the `resource` value.
 */
import * as vscode from 'vscode';
import { modify } from 'jsonc-parser';
import { swapMe } from '../catalog/index';
import type { Services } from '../services';
import type { Finding, FixData } from '../validation/types';
import { formattingFor } from '../validation/jsonEdits';
import { DIAGNOSTIC_SOURCE, spanToRange, type DraftDiagnostics } from './diagnostics';
import type { DraftRegistry } from './draftRegistry';
import { randomClientState } from './draftTemplate';
import { readDraftObject, stringValueAt } from './draftJson';
import { lifecycleUrlFor } from './endpoints';

type SetPropertyFix = Extract<FixData, { kind: 'setProperty' }>;

class DeferredFixAction extends vscode.CodeAction {
  constructor(
    title: string,
    readonly document: vscode.TextDocument,
    readonly fix: SetPropertyFix,
  ) {
    super(title, vscode.CodeActionKind.QuickFix);
  }
}

/** A WorkspaceEdit setting top-level properties of the draft (added when missing). */
export function setPropertiesEdit(document: vscode.TextDocument, values: Record<string, unknown>): vscode.WorkspaceEdit {
  let text = document.getText();
  // Apply one property at a time on the evolving text, then replace the whole object once.
  for (const [key, value] of Object.entries(values)) {
    const edits = modify(text, [key], value, { formattingOptions: formattingFor(text) });
    for (const e of [...edits].sort((a, b) => b.offset - a.offset)) {
      text = text.slice(0, e.offset) + e.content + text.slice(e.offset + e.length);
    }
  }
  const edit = new vscode.WorkspaceEdit();
  const all = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  edit.replace(document.uri, all, text);
  return edit;
}

function draftNotificationUrl(document: vscode.TextDocument): unknown {
  const parsed = readDraftObject(document.getText());
  return parsed.ok ? parsed.value.notificationUrl : undefined;
}

function sameRange(a: vscode.Range, b: vscode.Range): boolean {
  return a.start.isEqual(b.start) && a.end.isEqual(b.end);
}

export class DraftQuickFixProvider implements vscode.CodeActionProvider<vscode.CodeAction> {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite],
  };

  constructor(
    private readonly services: Services,
    private readonly registry: DraftRegistry,
    private readonly diagnostics: DraftDiagnostics,
  ) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    // Two findings at one place can carry the same fix (a certificate adds both properties): offer it once.
    const titles = new Set<string>();
    for (const finding of this.diagnostics.findings(document)) {
      const findingRange = spanToRange(document, finding.span);
      if (!findingRange.intersection(range) && !findingRange.contains(range)) continue;
      const diagnostic = context.diagnostics.find(
        (d) => d.source === DIAGNOSTIC_SOURCE && d.code === finding.code && sameRange(d.range, findingRange),
      );
      const fixes = finding.fixes ?? [];
      for (const fix of fixes) {
        if (titles.has(fix.title)) continue;
        const action = this.toAction(document, finding, fix);
        if (!action) continue;
        titles.add(fix.title);
        if (diagnostic) action.diagnostics = [diagnostic];
        if (fixes.length === 1) action.isPreferred = true;
        actions.push(action);
      }
    }
    actions.push(...this.rewriteResource(document, range, actions));
    return actions;
  }

  async resolveCodeAction(action: vscode.CodeAction): Promise<vscode.CodeAction> {
    if (!(action instanceof DeferredFixAction) || action.edit) return action;
    const { document, fix } = action;
    if (fix.valueHint === 'certificate') {
      const cert = await this.services.receiver.generateCertificate();
      action.edit = setPropertiesEdit(document, { encryptionCertificate: cert.encryptionCertificate, encryptionCertificateId: cert.encryptionCertificateId });
    } else if (fix.valueHint === 'lifecycleUrl') {
      const account = this.registry.resolve(document.uri).account;
      let endpoints = this.services.receiver.endpoints();
      if (!endpoints && account?.isSandbox) endpoints = await this.services.receiver.ensureStarted();
      action.edit = setPropertiesEdit(document, { [fix.property]: lifecycleUrlFor(endpoints, account, draftNotificationUrl(document)) });
    }
    return action;
  }

  private toAction(document: vscode.TextDocument, finding: Finding, fix: FixData): vscode.CodeAction | undefined {
    if (fix.kind === 'edit') {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      for (const e of fix.edits) edit.replace(document.uri, spanToRange(document, { offset: e.offset, length: e.length }), e.newText);
      action.edit = edit;
      return action;
    }
    if (fix.kind === 'setProperty') {
      if (fix.valueHint === 'clientState') {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = setPropertiesEdit(document, { [fix.property]: randomClientState() });
        return action;
      }
      const action = new DeferredFixAction(fix.title, document, fix);
      if (fix.valueHint === 'lifecycleUrl') {
        const endpoints = this.services.receiver.endpoints();
        const account = this.registry.resolve(document.uri).account;
        if (endpoints || !account?.isSandbox) {
          action.edit = setPropertiesEdit(document, { [fix.property]: lifecycleUrlFor(endpoints, account, draftNotificationUrl(document)) });
        }
      }
      return action;
    }
    void finding;
    return undefined;
  }

  /** `me/…` ⇄ `users/{id}/…` on the resource value, unless the validator already offers it. */
  private rewriteResource(document: vscode.TextDocument, range: vscode.Range, existing: vscode.CodeAction[]): vscode.CodeAction[] {
    const text = document.getText();
    const at = stringValueAt(text, document.offsetAt(range.start));
    if (!at || at.property !== 'resource') return [];
    const toUsers = swapMe(at.value, false);
    const toMe = swapMe(at.value, true);
    const next = toUsers ?? toMe;
    if (!next) return [];
    const title = toUsers ? 'Switch to users/{userId}/… (any user; needed for application permissions)' : 'Switch to me/… (the signed-in user)';
    if (existing.some((a) => a.edit?.get(document.uri).some((e) => e.newText.includes(next)))) return [];
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.RefactorRewrite);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(document.uri, spanToRange(document, at.span), JSON.stringify(next));
    return [action];
  }
}
