/**
 * Which account (and, for update drafts, which subscription) each draft targets. Kept per URI;
 * saved drafts are remembered in workspace state so a reopened file still knows its target.
 */
import * as vscode from 'vscode';
import { DRAFT_FILE_SUFFIX } from '../constants';
import type { Subscription } from '../graph/types';
import type { Account, Services } from '../services';

export interface DraftTarget {
  accountId?: string;
  /** Set for update drafts. */
  subscriptionId?: string;
  /** The subscription as last seen, for update drafts (duplicate check, read-only context). */
  original?: Subscription;
}

export interface ResolvedTarget {
  account: Account | undefined;
  operation: 'create' | 'update';
  subscriptionId?: string;
  original?: Subscription;
}

const STATE_KEY = 'graphSubscriptions.draftTargets';

/** Whether a document is a subscription draft (`*.subscription.json`, saved or untitled). */
export function isDraftDocument(document: vscode.TextDocument): boolean {
  return isDraftUri(document.uri);
}

export function isDraftUri(uri: vscode.Uri): boolean {
  return uri.path.toLowerCase().endsWith(DRAFT_FILE_SUFFIX) && (uri.scheme === 'file' || uri.scheme === 'untitled' || uri.scheme === 'vscode-remote' || uri.scheme === 'vscode-userdata');
}

/** Document selector of drafts, for providers. */
export const DRAFT_SELECTOR: vscode.DocumentSelector = [{ pattern: `**/*${DRAFT_FILE_SUFFIX}` }];

export class DraftRegistry implements vscode.Disposable {
  private readonly targets = new Map<string, DraftTarget>();
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this._onDidChange.event;

  constructor(private readonly services: Services) {
    const saved = services.context.workspaceState.get<Record<string, DraftTarget>>(STATE_KEY) ?? {};
    for (const [uri, target] of Object.entries(saved)) this.targets.set(uri, target);
  }

  get(uri: vscode.Uri): DraftTarget | undefined {
    return this.targets.get(uri.toString());
  }

  set(uri: vscode.Uri, target: DraftTarget): void {
    this.targets.set(uri.toString(), target);
    this.persist();
    this._onDidChange.fire(uri);
  }

  /** A saved untitled draft keeps its target under the new URI. */
  move(from: vscode.Uri, to: vscode.Uri): void {
    const target = this.targets.get(from.toString());
    if (!target) return;
    this.targets.delete(from.toString());
    this.set(to, target);
  }

  /** The account and operation a draft targets; drafts written by hand target the default account. */
  resolve(uri: vscode.Uri): ResolvedTarget {
    const target = this.get(uri);
    const accounts = this.services.accounts;
    const account = (target?.accountId ? accounts.get(target.accountId) : undefined) ?? (target?.accountId ? undefined : accounts.defaultAccount());
    if (target?.subscriptionId) {
      const original =
        (account ? this.services.store.subscriptions(account.id)?.find((s) => s.id === target.subscriptionId) : undefined) ?? target.original;
      return { account, operation: 'update', subscriptionId: target.subscriptionId, original };
    }
    return { account, operation: 'create' };
  }

  private persist(): void {
    const saved: Record<string, DraftTarget> = {};
    // Untitled drafts are kept too: a window reload restores them under the same URI, and a
    // created draft must come back as an update draft. Create and Edit always set a fresh target,
    // so a stale entry for a reused untitled name is overwritten before it is read.
    for (const [uri, target] of this.targets) saved[uri] = { accountId: target.accountId, subscriptionId: target.subscriptionId };
    void this.services.context.workspaceState.update(STATE_KEY, saved);
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}
