/**
 * Sends a draft to Graph (create or update). Errors block submission unless the user chooses
 * "Send Anyway"; a Graph rejection becomes a diagnostic on the property it concerns and the draft
 * text is never touched; on success the tree gets the subscription and the draft shows the
 * server's response (one undoable edit, skipped if the user typed meanwhile).
 */
import type { JsonViews } from './jsonViews';
import * as vscode from 'vscode';
import { withGraphProgress } from '../commands/graphProgress';
import { describeGraphError, GraphRequestError } from '../graph/errors';
import type { Subscription, SubscriptionDraft } from '../graph/types';
import type { Account, Services } from '../services';
import { CancelledError, UserFacingError } from '../util/errors';
import { CommandId } from '../constants';
import { createdDraftText, updatedDraftText, updateShapeText } from './applyServerResponse';
import type { DraftDiagnostics } from './diagnostics';
import { propertyOrder, propertySpans, readDraftObject, rootSpan } from './draftJson';
import { isDraftDocument, type DraftRegistry } from './draftRegistry';
import { placeGraphError } from './graphErrorPlacement';
import { updatePatch } from './updateDraft';
import { friendlyExpiry } from '../util/friendly';
import { draftPreferences, splitDraftRequest, validateDraft } from '../validation/index';
import { matchResource } from '../catalog/index';
import { sandboxIdentityFor } from './createSubscriptionCommand';

export interface SubmitOptions {
  /** Send even when the draft has errors, without asking. */
  force?: boolean;
  /** `false`: never show a modal (refuse instead of asking); for tests and automation. */
  confirm?: boolean;
  /** Only choose the account the draft targets (the CodeLens "Account: …"), do not send. */
  chooseAccount?: boolean;
  /** Target this account first (a create draft), then send: e.g. "Send as Sandbox (app-only)". */
  accountId?: string;
}

export interface DraftEditorContext {
  services: Services;
  registry: DraftRegistry;
  diagnostics: DraftDiagnostics;
  /** Read-only JSON views (Show Subscription JSON). */
  jsonViews: JsonViews;
}

/** Server-assigned properties that are not sent on create. */
const READ_ONLY = new Set(['id', 'applicationId', 'creatorId']);

export async function resolveDraftDocument(uri: vscode.Uri | undefined): Promise<vscode.TextDocument> {
  const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || !isDraftDocument(document)) {
    throw new UserFacingError('Open a subscription draft (*.subscription.json) first.', [
      { title: 'Create Subscription…', command: CommandId.createSubscription },
    ]);
  }
  return document;
}

/** Quick pick of the accounts; the chosen one becomes the draft's target. */
export async function chooseDraftAccount(ctx: DraftEditorContext, uri: vscode.Uri): Promise<Account | undefined> {
  const accounts = ctx.services.accounts.list();
  if (accounts.length === 0) {
    throw new UserFacingError('No Microsoft Graph account is connected.', [
      { title: 'Open Sandbox', command: CommandId.openSandbox },
      { title: 'Sign In', command: CommandId.signIn },
    ]);
  }
  const current = ctx.registry.resolve(uri).account;
  const picked = await vscode.window.showQuickPick(
    accounts.map((a) => ({ label: a.label, description: a.id === current?.id ? 'current' : undefined, detail: a.isSandbox ? 'Local Graph emulator' : kindLabel(a), account: a })),
    { title: 'Account the draft targets', placeHolder: 'Choose the account to create the subscription in' },
  );
  if (!picked) return undefined;
  const previous = ctx.registry.get(uri);
  ctx.registry.set(uri, { ...previous, accountId: picked.account.id });
  return picked.account;
}

function kindLabel(a: Account): string {
  return a.kind === 'application' ? 'Application permissions' : a.kind === 'delegatedPersonal' ? 'Personal Microsoft account' : 'Work or school account';
}

/**
 * The draft after a create: the server's full response when it is a valid update draft (the
 * validator accepts unchanged read-only properties), else its update shape.
 */
function afterCreateText(text: string, created: Subscription, account: Account): string {
  const full = createdDraftText(text, created);
  const errors = validateDraft(full, { operation: 'update', accountKind: account.kind, original: created, now: new Date(), allowLoopbackHttp: account.isSandbox }).filter(
    (f) => f.severity === 'error',
  );
  return errors.length === 0 ? full : updateShapeText(text, created);
}

/**
 * A 403 from one Sandbox identity for a resource the other one can use (an app-only resource sent
 * as the Sandbox's user): the next step sends the draft as that identity, never "Sign In" (the
 * Sandbox has no sign-in; its tokens carry every permission the catalog names).
 */
function sandboxIdentityStep(described: UserFacingError, error: unknown, accounts: readonly Account[], account: Account, draft: Record<string, unknown>, uri: vscode.Uri): UserFacingError | undefined {
  if (!account.isSandbox || !(error instanceof GraphRequestError) || error.status !== 403 || typeof draft.resource !== 'string') return undefined;
  const m = matchResource(draft.resource);
  if (!m.ok) return undefined;
  const other = sandboxIdentityFor(accounts, account, m.entry, m.pattern);
  if (!other) return undefined;
  const needs = other.kind === 'application' ? 'application permissions' : 'a signed-in user';
  return new UserFacingError(
    `${m.entry.displayName} on ${m.pattern.pattern} needs ${needs}, and ${account.label} acts as ${account.kind === 'application' ? 'an app' : 'a signed-in user'}. Send it as ${other.label}.`,
    [{ title: `Send as ${other.label}`, command: CommandId.submitDraft, args: [uri, { accountId: other.id }] }],
    described.detail,
    { cause: error },
  );
}

/**
 * Sends the draft: resolves to the subscription, or to undefined when only the account was chosen.
 * Throws what the user should see; the command wrapper reports it (without holding the caller).
 */
export async function submitDraft(ctx: DraftEditorContext, uri: vscode.Uri | undefined, options: SubmitOptions = {}): Promise<Subscription | undefined> {
  const document = await resolveDraftDocument(uri);
  if (options.chooseAccount) {
    await chooseDraftAccount(ctx, document.uri);
    return undefined;
  }
  const { services, registry, diagnostics } = ctx;
  if (options.accountId && !registry.isUpdateTarget(document.uri)) {
    if (!services.accounts.get(options.accountId)) throw new UserFacingError(`Account ${options.accountId} is no longer connected.`, [{ title: 'Choose Account…', command: CommandId.submitDraft, args: [document.uri, { chooseAccount: true }] }]);
    registry.set(document.uri, { ...registry.get(document.uri), accountId: options.accountId });
  }
  let target = registry.resolve(document.uri);
  let account = target.account;
  if (!account) {
    if (options.confirm === false) throw new UserFacingError('The draft targets no connected account.', [{ title: 'Open Sandbox', command: CommandId.openSandbox }]);
    account = await chooseDraftAccount(ctx, document.uri);
    if (!account) throw new CancelledError();
    target = registry.resolve(document.uri);
  }

  // Snapshot: what is sent is exactly what the user sees now.
  const text = document.getText();
  const version = document.version;
  const errors = diagnostics.validateNow(document).filter((f) => f.severity === 'error');
  if (errors.length > 0 && !options.force) {
    const summary = `The draft has ${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors[0].message}`;
    if (options.confirm === false) throw new UserFacingError(summary, [{ title: 'Show Problems', command: 'workbench.actions.view.problems' }]);
    const choice = await vscode.window.showWarningMessage(
      summary,
      { modal: true, detail: 'Microsoft Graph will most likely reject it. Fix the problems first, or send it anyway to see Graph’s answer.' },
      'Send Anyway',
    );
    if (choice !== 'Send Anyway') throw new CancelledError();
  }
  const parsed = readDraftObject(text);
  if (!parsed.ok) throw new UserFacingError(parsed.message);
  const draft = parsed.value;

  const operation = target.operation;
  const progressTitle =
    operation === 'create' ? `Creating subscription in ${account.label}… Graph is validating the notification URL` : `Updating subscription in ${account.label}…`;
  const client = account.client;
  let result: Subscription;
  diagnostics.clearGraphError(document);
  try {
    result = await withGraphProgress(progressTitle, () => {
      if (operation === 'update' && target.subscriptionId) {
        return client.update(target.subscriptionId, updatePatch(draft, target.original));
      }
      // `@requestHeaders` becomes real request headers (Prefer); it is never part of the body.
      const { body: fields, headers } = splitDraftRequest(draft);
      const body: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(fields)) if (!READ_ONLY.has(k) && !k.startsWith('@odata.')) body[k] = v;
      return client.create(body as unknown as SubscriptionDraft, headers ? { headers } : undefined);
    });
  } catch (error) {
    services.log.warn(`${operation} of draft ${document.uri.toString(true)} failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof GraphRequestError && document.version === version) {
      const property = placeGraphError({ status: error.status, code: error.code, message: error.graphMessage ?? error.message }, propertyOrder(text));
      const span = (property ? propertySpans(text, property)?.value : undefined) ?? rootSpan(text);
      const message = error.graphMessage ? `${error.code ?? `HTTP ${error.status}`}: ${error.graphMessage}` : error.message;
      diagnostics.setGraphError(document, span, `Microsoft Graph rejected the ${operation}: ${message}`, error.code);
    }
    const described = describeGraphError(error, {
      operation: operation === 'update' ? 'update' : 'create',
      subscription: {
        id: target.subscriptionId,
        resource: String(draft.resource ?? target.original?.resource ?? ''),
        changeType: String(draft.changeType ?? target.original?.changeType ?? ''),
        notificationUrl: String(draft.notificationUrl ?? ''),
        lifecycleNotificationUrl: typeof draft.lifecycleNotificationUrl === 'string' ? draft.lifecycleNotificationUrl : undefined,
      },
      account: { id: account.id, label: account.label, kind: account.kind, isSandbox: account.isSandbox },
      retry: { title: 'Retry', command: CommandId.submitDraft, args: [document.uri] },
    });
    throw sandboxIdentityStep(described, error, services.accounts.list(), account, draft, document.uri) ?? described;
  }

  if (operation === 'create') services.requestHeaders.remember(result.id, draftPreferences(draft));
  services.store.upsert(account.id, result);
  const clientState = typeof draft.clientState === 'string' ? draft.clientState : undefined;
  if (operation === 'create' && clientState) {
    services.log.addSecret(clientState);
    try {
      await services.receiver.rememberClientState(result.id, clientState);
    } catch (error) {
      services.log.warn(`Could not remember the clientState of ${result.id}: ${String(error)}`);
    }
  }
  // The server's response keeps what Graph returned (clientState is not always echoed).
  const shown: Subscription = operation === 'create' && clientState && !result.clientState ? { ...result, clientState } : result;
  registry.set(document.uri, { accountId: account.id, subscriptionId: result.id, original: shown });
  if (document.version === version) {
    const newText = operation === 'create' ? afterCreateText(text, shown, account) : updatedDraftText(text, shown, draft);
    if (newText !== text) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), newText);
      await vscode.workspace.applyEdit(edit);
    }
  } else {
    void vscode.window.showInformationMessage('The draft changed while Graph answered, so it was left as you wrote it.');
  }
  const verb = operation === 'create' ? 'created' : 'updated';
  void vscode.window.showInformationMessage(`Subscription ${verb} in ${account.label}: ${result.resource} (${result.changeType}), expires ${friendlyExpiry(result.expirationDateTime, new Date())}.`);
  return result;
}
