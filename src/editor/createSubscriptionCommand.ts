/**
 * "Create Subscription…": pick a resource type (grouped, with the permission the account needs and
 * the ones its kind cannot use marked), then a path; opens an untitled `*.subscription.json` draft
 * filled through a snippet (tab stops for ids, receiver URLs, expiration at the maximum, a fresh
 * clientState). A third pick chooses the delivery channel: webhook, Event Hubs or Event Grid.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  CATALOG, licensingFor, maxExpiration, MODEL_DESCRIPTIONS, REQUEST_HEADERS_PROPERTY, requiredPermissions, swapMe, type PaymentModel,
} from '../catalog/index';
import { ACCOUNT_KIND_LABELS, type PathPattern, type ResourceEntry } from '../catalog/types';
import { CommandId, DRAFT_FILE_SUFFIX } from '../constants';
import type { Account } from '../services';
import { CancelledError, UserFacingError } from '../util/errors';
import { pathPickRows, permissionSummary, resourcePickRows, type PermissionsOf } from './catalogText';
import { buildDraftSnippet, PUBLIC_LIFECYCLE_PLACEHOLDER, randomClientState } from './draftTemplate';
import { lifecycleUrlFor, notificationUrlFor } from './endpoints';
import { draftKey, openDraftUris, type DraftRegistry } from './draftRegistry';
import type { DraftEditorContext } from './submitDraft';
import { channelUrlSnippet, DELIVERY_CHOICES } from './channelText';
import type { DeliveryChannelKind } from '../validation/deliveryChannel';

/** Programmatic arguments (tests, walkthrough links) that skip the quick picks. */
export interface CreateSubscriptionArgs {
  accountId?: string;
  resourceId?: string;
  pathPattern?: string;
  /** Delivery channel; asked when absent. */
  delivery?: DeliveryChannelKind;
  /** Teams licensed paths: `A`, `B` or `evaluation` (no model=); asked when absent and the resource was picked. */
  model?: PaymentModel | 'evaluation';
  /** `Prefer` preferences for the draft's `@requestHeaders`; asked when absent and some apply. */
  preferences?: string[];
}

/** Tree items and programmatic callers: find an account id in whatever was passed. */
export function accountIdFromArg(arg: unknown): string | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as Record<string, unknown>;
  if (typeof o.accountId === 'string') return o.accountId;
  const account = o.account as Record<string, unknown> | undefined;
  if (account && typeof account.id === 'string') return account.id;
  return undefined;
}

type EntryItem = vscode.QuickPickItem & { entry?: ResourceEntry };
type PathItem = vscode.QuickPickItem & { path: PathPattern };

const createPermissions: PermissionsOf = (entry, path, kind) => requiredPermissions(entry, path, kind, 'create');

/**
 * The other Sandbox identity that can create on `entry` (at `path`, else at any of its paths) when
 * `account` (a Sandbox identity) cannot: the Sandbox acts as a user and as an app, so every
 * resource in the catalog can be tried offline.
 */
export function sandboxIdentityFor(accounts: readonly Account[], account: Account, entry: ResourceEntry, path?: PathPattern): Account | undefined {
  if (!account.isSandbox) return undefined;
  const can = (a: Account) => (path ? [path] : entry.paths).some((p) => createPermissions(entry, p, a.kind).supported);
  if (can(account)) return undefined;
  return accounts.find((a) => a.isSandbox && a.id !== account.id && can(a));
}

async function pickEntry(account: Account, others: readonly Account[]): Promise<ResourceEntry> {
  const items: EntryItem[] = resourcePickRows(CATALOG, account.kind, createPermissions).map((row) => {
    if ('separator' in row) return { label: row.separator, kind: vscode.QuickPickItemKind.Separator };
    const alternate = row.usable ? undefined : sandboxIdentityFor(others, account, row.entry);
    if (alternate) {
      const p = row.entry.paths.find((x) => createPermissions(row.entry, x, alternate.kind).supported) ?? row.entry.paths[0];
      return {
        label: row.entry.displayName,
        description: `${permissionSummary(createPermissions(row.entry, p, alternate.kind), alternate.kind)} · as ${alternate.label}`,
        detail: `${ACCOUNT_KIND_LABELS[account.kind]} accounts cannot subscribe to ${row.entry.displayName}: the draft targets ${alternate.label}, the Sandbox's app identity.`,
        entry: row.entry,
      };
    }
    return { label: row.label, description: row.description, detail: row.detail, entry: row.entry };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Create Subscription in ${account.label} (1/2): resource type`,
    placeHolder: 'Type to filter: message, chat, user, driveItem…',
    matchOnDescription: true,
  });
  if (!picked?.entry) throw new CancelledError();
  return picked.entry;
}

async function pickPath(entry: ResourceEntry, account: Account, others: readonly Account[]): Promise<PathPattern> {
  if (entry.paths.length === 1) return entry.paths[0];
  const items: PathItem[] = pathPickRows(entry, account.kind, createPermissions).map((row) => {
    const alternate = sandboxIdentityFor(others, account, entry, row.path);
    if (!alternate) return row;
    return { ...row, label: row.path.pattern, description: `${permissionSummary(createPermissions(entry, row.path, alternate.kind), alternate.kind)} · as ${alternate.label}` };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Create Subscription in ${account.label} (2/2): ${entry.displayName} path`,
    matchOnDetail: true,
  });
  if (!picked) throw new CancelledError();
  return picked.path;
}

type ModelItem = vscode.QuickPickItem & { model: PaymentModel | 'evaluation' };

/**
 * Teams licensed paths take `model=A` / `model=B`; no model means evaluation mode
 * (https://learn.microsoft.com/en-us/graph/teams-licenses). Resolves to undefined for other paths.
 */
async function pickModel(path: PathPattern, account: Account): Promise<PaymentModel | 'evaluation' | undefined> {
  const licensing = licensingFor(path);
  if (!licensing) return undefined;
  const items: ModelItem[] = [
    ...licensing.models.map((m): ModelItem => ({ label: `model=${m}`, description: MODEL_DESCRIPTIONS[m].summary, detail: MODEL_DESCRIPTIONS[m].requires, model: m })),
    { label: 'No model (evaluation mode)', description: `${licensing.evaluationQuota}`, detail: MODEL_DESCRIPTIONS.evaluation.requires, model: 'evaluation' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Create Subscription in ${account.label}: Teams payment model for ${path.pattern}`,
    placeHolder: `${path.pattern} is a licensed Teams API: choose how it is paid for`,
    matchOnDetail: true,
  });
  if (!picked) throw new CancelledError();
  return picked.model;
}

type DeliveryItem = vscode.QuickPickItem & { channel: DeliveryChannelKind };

/** Webhook, Event Hubs or Event Grid (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-event-hubs). */
async function pickDelivery(account: Account): Promise<DeliveryChannelKind> {
  const items: DeliveryItem[] = DELIVERY_CHOICES.map((c) => ({ label: c.label, detail: c.detail, channel: c.kind }));
  const picked = await vscode.window.showQuickPick(items, { title: `Create Subscription in ${account.label}: delivery`, matchOnDetail: true });
  if (!picked) throw new CancelledError();
  return picked.channel;
}

function resolveAccount(ctx: DraftEditorContext, arg: unknown): Account {
  const id = accountIdFromArg(arg);
  const account = id ? ctx.services.accounts.get(id) : ctx.services.accounts.defaultAccount();
  if (!account) {
    throw new UserFacingError(id ? `Account ${id} is no longer connected.` : 'Connect an account before creating a subscription.', [
      { title: 'Open Sandbox', command: CommandId.openSandbox },
      { title: 'Sign In', command: CommandId.signIn },
    ]);
  }
  return account;
}

/**
 * A fresh untitled URI ending in `.subscription.json`, beside the workspace (or the home folder).
 * Fresh means no open document, no editor tab and no submitted draft's target holds the name,
 * compared by `draftKey`: a window reload restores untitled drafts with the remote authority in
 * their URI and opens the documents of background tabs only when shown, so a name match on
 * `textDocuments` alone would hand out a restored draft's name (and overwrite its target).
 */
function untitledDraftUri(slug: string, registry: Pick<DraftRegistry, 'isUpdateTarget'>, skip: ReadonlySet<string>): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.path ?? vscode.Uri.file(os.homedir()).path;
  const taken = new Set([...openDraftUris().map(draftKey), ...skip]);
  for (let i = 1; ; i++) {
    const name = `${slug}${i === 1 ? '' : `-${i}`}${DRAFT_FILE_SUFFIX}`;
    const uri = vscode.Uri.from({ scheme: 'untitled', path: `${folder.replace(/\/$/, '')}/${name}` });
    if (!taken.has(draftKey(uri)) && !registry.isUpdateTarget(uri)) return uri;
  }
}

/**
 * Opens an empty untitled draft document (language json) at a fresh `*.subscription.json` URI.
 * A name whose document comes back with text (VS Code restored a backup under it) is skipped: a
 * new draft never writes into another one.
 */
export async function openUntitledDraft(slug: string, registry: Pick<DraftRegistry, 'isUpdateTarget'>): Promise<vscode.TextEditor> {
  const skip = new Set<string>();
  for (let attempt = 0; attempt < 20; attempt++) {
    const uri = untitledDraftUri(slug, registry, skip);
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.getText() !== '') {
      skip.add(draftKey(uri));
      continue;
    }
    if (document.languageId !== 'json' && document.languageId !== 'jsonc') document = await vscode.languages.setTextDocumentLanguage(document, 'json');
    return vscode.window.showTextDocument(document);
  }
  throw new Error(`No free name for a new ${slug} draft.`);
}

/**
 * The resource of a new draft: the example where the path needs a query (presence `$filter`), and
 * for delegated accounts `me/…` (their own mailbox or drive needs no id).
 */
export function templatePattern(path: PathPattern, account: Pick<Account, 'kind'>): string {
  if (path.requiredQuery?.length && path.example) return path.example.replace(/^\//, '');
  return account.kind === 'application' ? path.pattern : (swapMe(path.pattern, true) ?? path.pattern);
}

/** A placeholder lifecycle URL becomes a tab stop in the template rather than literal text. */
function lifecycleOrUndefined(url: string): string | undefined {
  return url === PUBLIC_LIFECYCLE_PLACEHOLDER ? undefined : url;
}

function slugOf(entry: ResourceEntry): string {
  return `new-${entry.id.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'subscription'}`;
}

export async function createSubscription(ctx: DraftEditorContext, arg?: unknown): Promise<vscode.Uri> {
  let account = resolveAccount(ctx, arg);
  const others = ctx.services.accounts.list();
  const args = (arg && typeof arg === 'object' ? arg : {}) as CreateSubscriptionArgs;
  let entry: ResourceEntry;
  if (args.resourceId) {
    const found = CATALOG.find((e: ResourceEntry) => e.id === args.resourceId);
    if (!found) throw new UserFacingError(`Unknown resource type "${args.resourceId}".`);
    entry = found;
  } else {
    entry = await pickEntry(account, others);
  }
  let path: PathPattern;
  if (args.pathPattern) {
    const found = entry.paths.find((p) => p.pattern === args.pathPattern);
    if (!found) throw new UserFacingError(`${entry.displayName} has no path "${args.pathPattern}".`);
    path = found;
  } else {
    path = await pickPath(entry, account, others);
  }
  // An app-only resource picked in the Sandbox: the draft targets the Sandbox's app identity.
  const alternate = sandboxIdentityFor(others, account, entry, path);
  if (alternate) {
    account = alternate;
    void vscode.window.setStatusBarMessage(`${entry.displayName} on ${path.pattern} needs application permissions: the draft targets ${alternate.label}.`, 6000);
  }

  // Programmatic callers that name the resource choose the model and headers (default: none).
  const model = args.model ?? (args.resourceId ? undefined : await pickModel(path, account));
  // Prefer headers are offered by completion and quick fixes in the draft, not by another pick.
  const preferences = args.preferences ?? [];
  // Programmatic callers that name the resource get a webhook unless they ask for another channel.
  const delivery = args.delivery ?? (args.resourceId ? 'webhook' : await pickDelivery(account));

  let endpoints = ctx.services.receiver.endpoints();
  if (!endpoints) {
    try {
      endpoints = await ctx.services.receiver.ensureStarted();
    } catch (error) {
      ctx.services.log.warn(`Receiver not started; the draft gets placeholder URLs: ${String(error)}`);
    }
  }
  const now = new Date();
  const expiration = maxExpiration(entry, false, now) as Date | string;
  const snippet = buildDraftSnippet({
    pattern: model === 'A' || model === 'B' ? `${templatePattern(path, account)}?model=${model}` : templatePattern(path, account),
    changeTypes: path.changeTypes ?? entry.changeTypes,
    expirationDateTime: typeof expiration === 'string' ? expiration : expiration.toISOString(),
    notificationUrl: notificationUrlFor(endpoints, account),
    lifecycleRequired: entry.lifecycleUrlRequiredOverOneHour && entry.maxLifetimeMinutes > 60,
    lifecycleNotificationUrl: lifecycleOrUndefined(lifecycleUrlFor(endpoints, account)),
    clientState: randomClientState(),
    ...(preferences.length > 0 ? { extra: { [REQUEST_HEADERS_PROPERTY]: { Prefer: preferences } } } : {}),
    ...(delivery === 'webhook' ? {} : { channelUrl: (first: number) => channelUrlSnippet(delivery, first, account.isSandbox ? 'sandbox.onmicrosoft.com' : undefined) }),
  });
  const editor = await openUntitledDraft(slugOf(entry), ctx.registry);
  ctx.registry.set(editor.document.uri, { accountId: account.id });
  const inserted = await editor.insertSnippet(new vscode.SnippetString(snippet), new vscode.Position(0, 0));
  if (!inserted) throw new Error('Could not insert the draft template.');
  return editor.document.uri;
}
