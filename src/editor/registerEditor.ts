/**
 * The subscription editor: drafts (`*.subscription.json`) with live diagnostics, completions,
 * hover, quick fixes and CodeLens. Its commands (create / edit / submit) are in src/commands/.
 */
import { JsonViews } from './jsonViews';
import * as vscode from 'vscode';
import { ContextKey } from '../constants';
import type { Services } from '../services';
import { DraftCodeLensProvider } from './codeLens';
import { DraftCompletionProvider } from './completions';
import { DraftDiagnostics } from './diagnostics';
import { DRAFT_SELECTOR, DraftRegistry, isDraftDocument, type DraftTarget } from './draftRegistry';
import { DraftHoverProvider } from './hover';
import { DraftQuickFixProvider } from './quickFixes';
import type { DraftEditorContext } from './submitDraft';

export function registerEditor(services: Services): DraftEditorContext {
  const { context } = services;
  const log = services.log.child('editor');
  const registry = new DraftRegistry(services);
  const diagnostics = new DraftDiagnostics(services, registry);
  const jsonViews = new JsonViews();
  const ctx: DraftEditorContext = { services: { ...services, log }, registry, diagnostics, jsonViews };
  const codeLens = new DraftCodeLensProvider(ctx);

  const updateContextKey = (editor: vscode.TextEditor | undefined) =>
    void vscode.commands.executeCommand('setContext', ContextKey.draftActive, !!editor && isDraftDocument(editor.document));
  updateContextKey(vscode.window.activeTextEditor);

  // Saving an untitled draft closes it and opens the file: carry its target over (matched by text).
  let lastClosedUntitled: { text: string; target: DraftTarget; uri: vscode.Uri } | undefined;

  context.subscriptions.push(
    registry,
    diagnostics,
    jsonViews,
    codeLens,
    vscode.languages.registerCodeLensProvider(DRAFT_SELECTOR, codeLens),
    vscode.languages.registerCodeActionsProvider(DRAFT_SELECTOR, new DraftQuickFixProvider(ctx.services, registry, diagnostics), DraftQuickFixProvider.metadata),
    vscode.languages.registerCompletionItemProvider(DRAFT_SELECTOR, new DraftCompletionProvider(registry), ...DraftCompletionProvider.triggerCharacters),
    vscode.languages.registerHoverProvider(DRAFT_SELECTOR, new DraftHoverProvider(registry)),
    vscode.window.onDidChangeActiveTextEditor(updateContextKey),
    vscode.workspace.onDidCloseTextDocument((d) => {
      const target = registry.get(d.uri);
      if (d.uri.scheme === 'untitled' && isDraftDocument(d) && target) lastClosedUntitled = { text: d.getText(), target, uri: d.uri };
    }),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.uri.scheme === 'untitled' || !isDraftDocument(d) || registry.get(d.uri)) return;
      // The untitled document may still be open (open/close order is not guaranteed).
      const text = d.getText();
      const source =
        vscode.workspace.textDocuments.find((u) => u.uri.scheme === 'untitled' && isDraftDocument(u) && registry.get(u.uri) && u.getText() === text)?.uri ??
        (lastClosedUntitled?.text === text ? lastClosedUntitled.uri : undefined);
      if (source) {
        registry.move(source, d.uri);
        lastClosedUntitled = undefined;
      }
    }),
  );

  return ctx;
}
