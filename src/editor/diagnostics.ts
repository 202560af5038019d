/**
 * Live diagnostics of subscription drafts: the validator's findings for the draft's account
 * (kind, granted permissions, existing subscriptions), debounced per document, plus the last
 * Graph rejection placed on the property it concerns (cleared by the next edit).
 */
import * as vscode from 'vscode';
import { getConfig } from '../util/config';
import { ConfigKey } from '../constants';
import type { Services } from '../services';
import { validateDraft } from '../validation/index';
import type { Finding, Severity, TextSpan, ValidationContext } from '../validation/types';
import { isDraftDocument, type DraftRegistry } from './draftRegistry';
import { DisposableStore } from '../util/disposable';

export const DIAGNOSTIC_SOURCE = 'Graph Subscriptions';
export const GRAPH_DIAGNOSTIC_SOURCE = 'Microsoft Graph';

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function spanToRange(document: vscode.TextDocument, span: TextSpan): vscode.Range {
  return new vscode.Range(document.positionAt(span.offset), document.positionAt(span.offset + span.length));
}

interface DocumentState {
  version: number;
  findings: Finding[];
  graphError?: vscode.Diagnostic;
}

export class DraftDiagnostics extends DisposableStore {
  private readonly collection = vscode.languages.createDiagnosticCollection('graphSubscriptions');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly states = new Map<string, DocumentState>();
  /** Granted permissions per account: undefined while unknown (the permission check is skipped). */
  private readonly granted = new Map<string, readonly string[] | undefined>();

  constructor(
    private readonly services: Services,
    private readonly registry: DraftRegistry,
  ) {
    super();
    this.registerAll(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const state = this.states.get(e.document.uri.toString());
        if (state) state.graphError = undefined;
        this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      registry.onDidChange((uri) => this.revalidateUri(uri)),
      services.store.onDidChange(() => this.revalidateAll()),
      services.accounts.onDidChangeAccounts(() => {
        this.granted.clear();
        this.revalidateAll();
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Findings of the last validation of this exact document version, if current. */
  findings(document: vscode.TextDocument): Finding[] {
    const state = this.states.get(document.uri.toString());
    if (state && state.version === document.version) return state.findings;
    return this.validateNow(document);
  }

  /** Validates at once (used before submission and by the code-action provider). */
  validateNow(document: vscode.TextDocument): Finding[] {
    if (!isDraftDocument(document)) return [];
    const key = document.uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    const text = document.getText();
    // A new, still empty draft (the template is being inserted) is not an error yet.
    let findings: Finding[] = [];
    if (text.trim() !== '') {
      try {
        findings = validateDraft(text, this.context(document));
      } catch (error) {
        // A validator bug must not break typing; Graph still has the last word on submit.
        this.services.log.error(`Validating ${document.uri.toString(true)} failed`, error);
      }
    }
    const previous = this.states.get(key);
    const graphError = previous && previous.version === document.version ? previous.graphError : undefined;
    this.states.set(key, { version: document.version, findings, graphError });
    this.publish(document);
    return findings;
  }

  /** Shows a Graph rejection on the draft until its next edit. */
  setGraphError(document: vscode.TextDocument, span: TextSpan, message: string, code: string | undefined): void {
    const diagnostic = new vscode.Diagnostic(spanToRange(document, span), message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = GRAPH_DIAGNOSTIC_SOURCE;
    if (code) diagnostic.code = code;
    const key = document.uri.toString();
    const state = this.states.get(key) ?? { version: document.version, findings: [] };
    state.graphError = diagnostic;
    this.states.set(key, state);
    this.publish(document);
  }

  clearGraphError(document: vscode.TextDocument): void {
    const state = this.states.get(document.uri.toString());
    if (state?.graphError) {
      state.graphError = undefined;
      this.publish(document);
    }
  }

  private context(document: vscode.TextDocument): ValidationContext {
    const target = this.registry.resolve(document.uri);
    const account = target.account;
    let grantedPermissions: readonly string[] | undefined;
    if (account) {
      if (this.granted.has(account.id)) {
        grantedPermissions = this.granted.get(account.id);
      } else {
        this.granted.set(account.id, undefined);
        account.grantedPermissions().then(
          (p) => {
            this.granted.set(account.id, p);
            if (p) this.revalidateAll();
          },
          () => undefined, // unknown permissions: the check is skipped, Graph will tell
        );
      }
    }
    return {
      operation: target.operation,
      accountKind: account?.kind ?? 'delegatedWork',
      grantedPermissions,
      existing: account ? this.services.store.subscriptions(account.id) : undefined,
      original: target.original,
      now: new Date(),
      allowLoopbackHttp: account?.isSandbox ?? false,
    };
  }

  private publish(document: vscode.TextDocument): void {
    const state = this.states.get(document.uri.toString());
    if (!state) return;
    const diagnostics = state.findings.map((f) => toDiagnostic(document, f));
    if (state.graphError) diagnostics.push(state.graphError);
    this.collection.set(document.uri, diagnostics);
  }

  private schedule(document: vscode.TextDocument, delay?: number): void {
    if (!isDraftDocument(document)) return;
    const key = document.uri.toString();
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    const ms = delay ?? getConfig(ConfigKey.validationDebounceMs);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) this.validateNow(document);
      }, ms),
    );
  }

  private revalidateUri(uri: vscode.Uri): void {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document) this.schedule(document, 0);
  }

  private revalidateAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    this.states.delete(key);
    this.collection.delete(uri);
  }

  override dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    super.dispose();
  }
}

export function toDiagnostic(document: vscode.TextDocument, finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(spanToRange(document, finding.span), finding.message, SEVERITIES[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.code;
  return diagnostic;
}
