/** "Edit Subscription" (tree): opens the subscription as an update draft (updatable properties only). */
import * as vscode from 'vscode';
import type { Subscription } from '../graph/types';
import { UserFacingError } from '../util/errors';
import { accountIdFromArg, openUntitledDraft } from './createSubscriptionCommand';
import type { DraftEditorContext } from './submitDraft';
import { openDraftUris } from './draftRegistry';
import { updateDraftText } from './updateDraft';

/** The subscription a tree node (`{accountId, subscriptionId}`) or a caller (`{accountId, subscription}`) names. */
async function subscriptionFromArg(ctx: DraftEditorContext, accountId: string | undefined, arg: unknown): Promise<Subscription | undefined> {
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as Record<string, unknown>;
  const sub = o.subscription as Subscription | undefined;
  if (sub && typeof sub.id === 'string') return sub;
  const id = typeof o.subscriptionId === 'string' ? o.subscriptionId : undefined;
  if (!id || !accountId) return undefined;
  const cached = ctx.services.store.subscriptions(accountId)?.find((s) => s.id === id);
  if (cached) return cached;
  const account = ctx.services.accounts.get(accountId);
  return account ? account.client.get(id) : undefined;
}

/** The draft open in this window that targets this subscription (its Edit draft or the draft it was created from). */
function openDraftOf(ctx: DraftEditorContext, accountId: string, subscriptionId: string): vscode.Uri | undefined {
  return openDraftUris().find((uri) => {
    const target = ctx.registry.get(uri);
    return target?.subscriptionId === subscriptionId && (target.accountId === undefined || target.accountId === accountId);
  });
}

/**
 * Opens the subscription as an update draft; a draft already open for it is shown instead (as the
 * user left it), so Edit never opens a second one.
 */
export async function editSubscription(ctx: DraftEditorContext, arg?: unknown): Promise<vscode.Uri> {
  const accountId = accountIdFromArg(arg);
  const subscription = await subscriptionFromArg(ctx, accountId, arg);
  if (!accountId || !subscription) throw new UserFacingError('Choose a subscription in the Graph Subscriptions view to edit it.');
  const open = openDraftOf(ctx, accountId, subscription.id);
  if (open) {
    const document = await vscode.workspace.openTextDocument(open);
    await vscode.window.showTextDocument(document);
    return document.uri;
  }
  const editor = await openUntitledDraft(`update-${subscription.id.slice(0, 8)}`, ctx.registry);
  ctx.registry.set(editor.document.uri, { accountId, subscriptionId: subscription.id, original: subscription });
  const ok = await editor.edit((b) => b.insert(new vscode.Position(0, 0), updateDraftText(subscription)));
  if (!ok) throw new Error('Could not fill the update draft.');
  return editor.document.uri;
}
