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
/** Workspace state keeps the targets of the most recent drafts only (each holds a subscription). */
const MAX_SAVED_TARGETS = 200;

/** Whether a document is a subscription draft (`*.subscription.json`, saved or untitled). */
export function isDraftDocument(document: vscode.TextDocument): boolean {
  return isDraftUri(document.uri);
}

export function isDraftUri(uri: vscode.Uri): boolean {
  return uri.path.toLowerCase().endsWith(DRAFT_FILE_SUFFIX) && (uri.scheme === 'file' || uri.scheme === 'untitled' || uri.scheme === 'vscode-remote' || uri.scheme === 'vscode-userdata');
}

/**
 * The registry's key for a draft URI. A window reload restores an untitled draft with the remote
 * authority added (`untitled:/w/a.subscription.json` comes back as
 * `untitled://127.0.0.1:8080/w/a.subscription.json` in code-server and remote windows), so
 * untitled drafts are keyed without it; saved files keep their full URI.
 */
export function draftKey(uri: vscode.Uri): string {
  return (uri.scheme === 'untitled' ? uri.with({ authority: '' }) : uri).toString();
}

/**
 * The drafts open in this window: loaded documents and editor tabs. After a window reload the
 * restored tabs that were not in front have no document yet, so the tabs are read too. One entry
 * per draft (by `draftKey`), the loaded document's URI preferred.
 */
export function openDraftUris(): vscode.Uri[] {
  const byKey = new Map<string, vscode.Uri>();
  for (const d of vscode.workspace.textDocuments) if (isDraftDocument(d) && !d.isClosed) byKey.set(draftKey(d.uri), d.uri);
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
      if (uri && isDraftUri(uri) && !byKey.has(draftKey(uri))) byKey.set(draftKey(uri), uri);
    }
  }
  return [...byKey.values()];
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
    return this.targets.get(draftKey(uri));
  }

  set(uri: vscode.Uri, target: DraftTarget): void {
    // Re-inserted, so the map's order is last use (persist keeps the most recent).
    const key = draftKey(uri);
    this.targets.delete(key);
    this.targets.set(key, target);
    this.persist();
    this._onDidChange.fire(uri);
  }

  /** Whether a draft at this URI was submitted (an update target), whether or not it is open now. */
  isUpdateTarget(uri: vscode.Uri): boolean {
    return this.get(uri)?.subscriptionId !== undefined;
  }

  /** A saved untitled draft keeps its target under the new URI. */
  move(from: vscode.Uri, to: vscode.Uri): void {
    const target = this.get(from);
    if (!target) return;
    this.targets.delete(draftKey(from));
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
    // Untitled drafts are kept too: a window reload restores them (see draftKey), and a created
    // draft must come back as an update draft. Create and Edit always set a fresh target,
    // so a stale entry for a reused untitled name is overwritten before it is read.
    // The original goes too (it is what an update draft is compared with, and the subscription
    // may be gone from Graph by the next window), but never its clientState: a secret.
    for (const [uri, target] of [...this.targets].slice(-MAX_SAVED_TARGETS)) {
      saved[uri] = { accountId: target.accountId, subscriptionId: target.subscriptionId, original: target.original && { ...target.original, clientState: null } };
    }
    void this.services.context.workspaceState.update(STATE_KEY, saved);
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}
