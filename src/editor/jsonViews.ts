import * as vscode from 'vscode';
import type { Subscription } from '../graph/types';
import { maskValue, SecretRedactor } from '../util/logger';

/** The scheme of the read-only subscription JSON views (Show Subscription JSON). */
export const JSON_VIEW_SCHEME = 'graphsub-json';

/**
 * What a subscription's JSON view shows: clientState masked like the tree's tooltip and the log do
 * (a recognisable prefix and its length), and whatever else the logger masks (JWTs, bearer tokens,
 * validation tokens, private keys) redacted.
 */
export function maskedSubscriptionJson(subscription: Subscription): string {
  const redactor = new SecretRedactor();
  redactor.add(subscription.clientState ?? undefined);
  const shown = subscription.clientState ? { ...subscription, clientState: maskValue(subscription.clientState) } : subscription;
  return redactor.redact(JSON.stringify(shown, null, 2)) + '\n';
}

/**
 * Read-only JSON views on a custom scheme: nothing to save, no untitled editor piling up, and one
 * view per subscription (showing it again refreshes the same document).
 */
export class JsonViews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(JSON_VIEW_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Shows (or refreshes and reveals) the masked JSON of a subscription; resolves to its editor. */
  async showSubscription(accountId: string, subscription: Subscription): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: JSON_VIEW_SCHEME, path: `/${subscription.id}.json`, query: `account=${encodeURIComponent(accountId)}` });
    const key = uri.toString();
    const text = maskedSubscriptionJson(subscription);
    const had = this.contents.has(key);
    this.contents.set(key, text);
    if (had) this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
    const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
    return vscode.window.showTextDocument(doc, { preview: true, viewColumn: open?.viewColumn });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
