/**
 * The one implementation of each action on an existing subscription: renew to a time, renew to
 * the maximum, reauthorize, recreate, delete. Tree commands, auto-renew and lifecycle handling all
 * call these; nothing else sends these requests to Graph. The actions own the rules:
 * - never a renewal (PATCH) and a reauthorize of the same subscription within 10 minutes
 *   (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events#responding-to-reauthorizationrequired-notifications);
 * - "now" is the extension's Clock (tests move it), never `Date.now()`;
 * - the store learns every result, and a 404 removes the subscription from it;
 * - the clientState of a recreated subscription comes from SecretStorage, because list responses
 *   (and so the store after a reload) do not carry it.
 * No `vscode` import: unit-tested in plain Node with fakes.
 */
import { describeGraphError, isGraphRequestError, type GraphOperation } from '../graph/errors';
import type { RecentActionRecord, SubscriptionAction } from '../graph/recentActions';
import type { Subscription, SubscriptionDraft, SubscriptionsClient } from '../graph/types';
import type { AccountKind } from '../catalog/types';
import { CommandId } from '../constants';
import { UserFacingError, type NextStep } from '../util/errors';
import { friendlyDateTime, friendlyDuration } from '../util/friendly';
import type { Logger } from '../util/logger';
import { maxRenewalExpiration, recreateDraft } from './renewalLimits';

/** The part of an account the actions use. */
export interface ActionAccount {
  readonly id: string;
  readonly label: string;
  readonly kind: AccountKind;
  readonly isSandbox: boolean;
  readonly client: SubscriptionsClient;
  grantedPermissions(): Promise<string[] | undefined>;
}

/** Where clientStates live (SecretStorage in the extension). */
export interface ClientStateSecrets {
  get(subscriptionId: string): Promise<string | undefined>;
  remember(subscriptionId: string, clientState: string): Promise<void>;
}

export interface SubscriptionActionsDeps {
  accounts: { get(accountId: string): ActionAccount | undefined };
  store: {
    upsert(accountId: string, subscription: Subscription): void;
    remove(accountId: string, subscriptionId: string): void;
    lastKnownDefinition(subscriptionId: string): { accountId: string; subscription: Subscription } | undefined;
  };
  clock: { now(): Date };
  /** The record of renewals and reauthorizations (filled by every account's client). */
  recent: { conflict(subscriptionId: string, action: SubscriptionAction): (RecentActionRecord & { allowedAt: number }) | undefined };
  clientStates: ClientStateSecrets;
  log: Logger;
  /** `Prefer` headers subscriptions were created with: Recreate sends them again. */
  requestHeaders?: { headers(subscriptionId: string): Record<string, string> | undefined; preferences(subscriptionId: string): readonly string[] | undefined; remember(subscriptionId: string, preferences: readonly string[]): void };
}

/** Recreate with changed properties (e.g. a lifecycleNotificationUrl), replacing a subscription that still exists. */
export interface RecreateOptions {
  readonly overrides?: Partial<SubscriptionDraft>;
  /** Delete the existing subscription first (Graph answers 409 to a duplicate); restored if the new one is refused. */
  readonly replaceExisting?: boolean;
}

/** Who asked: only changes the log line. */
export type ActionSource = 'user' | 'autoRenew' | 'lifecycle';

/** Refused by the 10-minute rule; `allowedAt` says when it may be sent. */
export class TooSoonError extends UserFacingError {
  constructor(
    message: string,
    readonly conflict: RecentActionRecord & { allowedAt: number },
  ) {
    // An expected condition with a time to come back, not a failure: a warning, no stack trace.
    super(message, [], undefined, { severity: 'warning' });
    this.name = 'TooSoonError';
  }
}

export function isTooSoonError(error: unknown): error is TooSoonError {
  return error instanceof TooSoonError || (error instanceof Error && error.name === 'TooSoonError');
}

const SOURCE_LABEL: Record<ActionSource, string> = { user: '', autoRenew: 'Auto-renew: ', lifecycle: 'Lifecycle: ' };

/** What an action did, for listeners (the watchdog records lifecycle events answered). */
export type ActionEvent =
  | { action: 'renew' | 'reauthorize' | 'delete' | 'removedByGraph'; accountId: string; subscriptionId: string; source: ActionSource }
  | { action: 'recreate'; accountId: string; subscriptionId: string; newSubscriptionId: string; source: ActionSource };

export class SubscriptionActions {
  private readonly listeners = new Set<(event: ActionEvent) => void>();

  constructor(private readonly deps: SubscriptionActionsDeps) {}

  /** Called after each action that succeeded. */
  onDidAct(listener: (event: ActionEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private acted(event: ActionEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (error) {
        this.deps.log.error('A listener of subscription actions failed', error);
      }
    }
  }

  /** PATCHes the expiration to `expiration`. A PATCH also reauthorizes. */
  async renewTo(account: ActionAccount, sub: Subscription, expiration: Date, source: ActionSource = 'user'): Promise<Subscription> {
    this.refuseTooSoon(sub.id, 'renew');
    let updated: Subscription;
    try {
      updated = await account.client.update(sub.id, { expirationDateTime: expiration.toISOString() });
    } catch (error) {
      throw await this.failed(error, 'renew', account, sub, {
        title: 'Retry',
        command: CommandId.renewSubscription,
        args: [{ accountId: account.id, subscriptionId: sub.id, expirationDateTime: expiration.toISOString() }],
      });
    }
    this.deps.store.upsert(account.id, updated);
    this.deps.log.info(`${SOURCE_LABEL[source]}renewed ${sub.id} (${sub.resource}) on ${account.label}: now expires ${updated.expirationDateTime}`);
    this.acted({ action: 'renew', accountId: account.id, subscriptionId: sub.id, source });
    return updated;
  }

  /**
   * Renews to the latest expiration Graph accepts for the resource (the catalog's maximum; for a
   * resource the catalog does not know, the common 4,230 minutes), measured from the Clock.
   */
  renewToMax(account: ActionAccount, sub: Subscription, source: ActionSource = 'user'): Promise<Subscription> {
    return this.renewTo(account, sub, maxRenewalExpiration(sub, this.deps.clock.now()).expiration, source);
  }

  /** POST /subscriptions/{id}/reauthorize. Does not move the expiration. */
  async reauthorize(account: ActionAccount, sub: Subscription, source: ActionSource = 'user'): Promise<void> {
    this.refuseTooSoon(sub.id, 'reauthorize');
    try {
      await account.client.reauthorize(sub.id);
    } catch (error) {
      throw await this.failed(error, 'reauthorize', account, sub, { title: 'Retry', command: CommandId.reauthorizeSubscription, args: [{ accountId: account.id, subscriptionId: sub.id }] });
    }
    this.deps.log.info(`${SOURCE_LABEL[source]}reauthorized ${sub.id} (${sub.resource}) on ${account.label}`);
    this.acted({ action: 'reauthorize', accountId: account.id, subscriptionId: sub.id, source });
  }

  /**
   * Creates the subscription again from its last known definition (after a 404 or a
   * subscriptionRemoved event), expiring at the maximum, with the clientState it had. The old one
   * leaves the store, the new one enters it, and its clientState is kept in SecretStorage.
   */
  async recreate(subscriptionId: string, accountId?: string, source: ActionSource = 'user', options: RecreateOptions = {}): Promise<Subscription> {
    const known = this.deps.store.lastKnownDefinition(subscriptionId);
    if (!known) {
      throw new UserFacingError('The definition of that subscription is not known any more; create it again from the editor.', [
        { title: 'Create Subscription', command: CommandId.createSubscription },
      ]);
    }
    const account = this.account(accountId ?? known.accountId);
    const old = known.subscription;
    const draft = recreateDraft(old, maxRenewalExpiration(old, this.deps.clock.now()).expiration.toISOString()) as unknown as SubscriptionDraft;
    // A list response (the store after a reload) has clientState null: the secret is the source.
    const clientState = old.clientState ?? (await this.deps.clientStates.get(old.id));
    if (clientState) draft.clientState = clientState;
    Object.assign(draft, options.overrides ?? {});
    // Request headers (Prefer) are not part of the subscription: send the ones it was created with.
    const headers = this.deps.requestHeaders?.headers(old.id);
    const createOptions = headers ? { headers } : undefined;
    let created: Subscription;
    if (options.replaceExisting) {
      // Graph refuses a second subscription to the same resource and change types (409): the old
      // one goes first, and comes back as it was if the new one is refused.
      await this.deleteSubscription(account, old);
      try {
        created = await account.client.create(draft, createOptions);
      } catch (error) {
        const restore = recreateDraft(old, draft.expirationDateTime) as unknown as SubscriptionDraft;
        if (clientState) restore.clientState = clientState;
        const restored = await account.client.create(restore, createOptions).catch(() => undefined);
        if (restored) {
          if (clientState) await this.deps.clientStates.remember(restored.id, clientState);
          this.deps.store.upsert(account.id, { ...restored, clientState: restored.clientState ?? clientState ?? null });
        }
        throw await this.failed(error, 'recreate', account, draft);
      }
    } else {
      try {
        created = await account.client.create(draft, createOptions);
      } catch (error) {
        throw await this.failed(error, 'recreate', account, draft);
      }
    }
    if (clientState) await this.deps.clientStates.remember(created.id, clientState);
    const preferences = this.deps.requestHeaders?.preferences(old.id);
    if (preferences) this.deps.requestHeaders?.remember(created.id, preferences);
    this.deps.store.remove(account.id, old.id);
    this.deps.store.upsert(account.id, { ...created, clientState: created.clientState ?? clientState ?? null });
    this.deps.log.info(`${SOURCE_LABEL[source]}recreated ${old.id} as ${created.id} (${created.resource}) on ${account.label}`);
    this.acted({ action: 'recreate', accountId: account.id, subscriptionId: old.id, newSubscriptionId: created.id, source });
    return created;
  }

  /**
   * Graph removed the subscription itself (a `subscriptionRemoved` lifecycle event): it leaves the
   * store at once, so the tree never shows it healthy; its last known definition stays for Recreate.
   * https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events#responding-to-subscriptionremoved-notifications
   */
  removedByGraph(accountId: string, subscriptionId: string): void {
    this.deps.store.remove(accountId, subscriptionId);
    this.deps.log.info(`Graph removed ${subscriptionId}; it left the tree`);
    this.acted({ action: 'removedByGraph', accountId, subscriptionId, source: 'lifecycle' });
  }

  /** DELETE; a subscription Graph no longer has (404) counts as deleted. Leaves the store either way. */
  async delete(account: ActionAccount, sub: Subscription): Promise<void> {
    await this.deleteSubscription(account, sub);
    this.acted({ action: 'delete', accountId: account.id, subscriptionId: sub.id, source: 'user' });
  }

  /** The DELETE itself; a recreate replacing a subscription reports only the recreate. */
  private async deleteSubscription(account: ActionAccount, sub: Subscription): Promise<void> {
    try {
      await account.client.delete(sub.id);
      this.deps.log.info(`Deleted ${sub.id} (${sub.resource}) on ${account.label}`);
    } catch (error) {
      if (!(isGraphRequestError(error) && error.status === 404)) throw await this.failed(error, 'delete', account, sub);
      this.deps.log.info(`Delete: ${sub.id} was already gone (404)`);
    }
    this.deps.store.remove(account.id, sub.id);
  }

  /** The signed-in account with this id, or an error offering to sign in. */
  account(accountId: string | undefined): ActionAccount {
    const account = accountId ? this.deps.accounts.get(accountId) : undefined;
    if (!account) throw new UserFacingError('That account is no longer signed in.', [{ title: 'Sign In', command: CommandId.signIn }]);
    return account;
  }

  private refuseTooSoon(subscriptionId: string, action: SubscriptionAction): void {
    const conflict = this.deps.recent.conflict(subscriptionId, action);
    if (!conflict) return;
    const now = this.deps.clock.now();
    const at = friendlyDateTime(new Date(conflict.at), now);
    const allowed = `${friendlyDateTime(new Date(conflict.allowedAt), now)} (in ${friendlyDuration(conflict.allowedAt - now.getTime())})`;
    throw new TooSoonError(
      action === 'renew'
        ? `A reauthorize was sent for this subscription at ${at}. Graph asks for 10 minutes between a reauthorize and a renewal: try again after ${allowed}.`
        : `This subscription was renewed at ${at}, which reauthorized it too. Graph asks for 10 minutes between a renewal and a reauthorize: try again after ${allowed}.`,
      conflict,
    );
  }

  /** A 404 removes the subscription from the store; every failure becomes a message with a next step. */
  private async failed(error: unknown, operation: GraphOperation, account: ActionAccount, sub: Subscription | SubscriptionDraft, retry?: NextStep): Promise<UserFacingError> {
    if (isGraphRequestError(error) && error.status === 404 && 'id' in sub && typeof sub.id === 'string') this.deps.store.remove(account.id, sub.id);
    let granted: string[] | undefined;
    try {
      granted = await account.grantedPermissions();
    } catch {
      granted = undefined;
    }
    return describeGraphError(error, {
      operation,
      subscription: sub,
      account: { id: account.id, label: account.label, kind: account.kind, isSandbox: account.isSandbox },
      grantedPermissions: granted,
      retry,
    });
  }
}
