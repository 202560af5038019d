/**
 * The subscriptions of every account, as last loaded from Graph, with per-account load errors and
 * the last known definition of each subscription (to recreate it after a 404 or a removal).
 */
import * as vscode from 'vscode';
import type { Subscription } from '../graph/types';
import type { AccountService, SubscriptionStoreService } from '../services';
import type { Logger } from '../util/logger';
import { DisposableStore } from '../util/disposable';

const LAST_KNOWN_KEY = 'graphSubscriptions.lastKnownDefinitions';
const LAST_KNOWN_MAX = 500;

export class SubscriptionStore extends DisposableStore implements SubscriptionStoreService {
  private readonly _onDidChange = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this._onDidChange.event;
  private readonly cache = new Map<string, Subscription[]>();
  private readonly errors = new Map<string, Error>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly lastKnown = new Map<string, { accountId: string; subscription: Subscription }>();

  constructor(
    private readonly accounts: AccountService,
    private readonly log: Logger,
    private readonly memento?: vscode.Memento,
  ) {
    super();
    for (const [id, v] of Object.entries(memento?.get<Record<string, { accountId: string; subscription: Subscription }>>(LAST_KNOWN_KEY, {}) ?? {})) {
      this.lastKnown.set(id, v);
    }
    this.registerAll(
      this._onDidChange,
      accounts.onDidChangeAccounts(() => {
        const ids = new Set(accounts.list().map((a) => a.id));
        for (const id of [...this.cache.keys()]) if (!ids.has(id)) this.cache.delete(id);
        for (const id of [...this.errors.keys()]) if (!ids.has(id)) this.errors.delete(id);
        this._onDidChange.fire(undefined);
      }),
    );
  }

  subscriptions(accountId: string): readonly Subscription[] | undefined {
    return this.cache.get(accountId);
  }

  loadError(accountId: string): Error | undefined {
    return this.errors.get(accountId);
  }

  /** Reloads one account (or all); concurrent calls for the same account share one request. */
  async refresh(accountId?: string): Promise<void> {
    const ids = accountId ? [accountId] : this.accounts.list().map((a) => a.id);
    await Promise.all(ids.map((id) => this.load(id)));
  }

  private load(accountId: string): Promise<void> {
    const pending = this.loading.get(accountId);
    if (pending) return pending;
    const p = this.doLoad(accountId).finally(() => this.loading.delete(accountId));
    this.loading.set(accountId, p);
    return p;
  }

  private async doLoad(accountId: string): Promise<void> {
    const account = this.accounts.get(accountId);
    if (!account) return;
    try {
      const subs = await account.client.listAll();
      this.cache.set(accountId, subs);
      this.errors.delete(accountId);
      for (const s of subs) this.remember(accountId, s);
      this.log.debug(`${account.label}: ${subs.length} subscription(s)`);
    } catch (error) {
      this.errors.set(accountId, error instanceof Error ? error : new Error(String(error)));
      this.log.warn(`Listing subscriptions of ${account.label} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this._onDidChange.fire(accountId);
  }

  upsert(accountId: string, subscription: Subscription): void {
    const list = [...(this.cache.get(accountId) ?? [])];
    const i = list.findIndex((s) => s.id === subscription.id);
    // List responses hide clientState; keep the one we knew.
    const merged = i >= 0 ? { ...list[i], ...subscription, clientState: subscription.clientState ?? list[i].clientState } : subscription;
    if (i >= 0) list[i] = merged;
    else list.push(merged);
    this.cache.set(accountId, list);
    this.remember(accountId, merged);
    this._onDidChange.fire(accountId);
  }

  remove(accountId: string, subscriptionId: string): void {
    const list = this.cache.get(accountId);
    if (list) this.cache.set(accountId, list.filter((s) => s.id !== subscriptionId));
    this._onDidChange.fire(accountId);
  }

  lastKnownDefinition(subscriptionId: string): { accountId: string; subscription: Subscription } | undefined {
    return this.lastKnown.get(subscriptionId);
  }

  private remember(accountId: string, subscription: Subscription): void {
    const previous = this.lastKnown.get(subscription.id)?.subscription;
    this.lastKnown.delete(subscription.id);
    this.lastKnown.set(subscription.id, { accountId, subscription: { ...subscription, clientState: subscription.clientState ?? previous?.clientState ?? null } });
    while (this.lastKnown.size > LAST_KNOWN_MAX) this.lastKnown.delete(this.lastKnown.keys().next().value as string);
    this.persistSoon();
  }

  private persistTimer: NodeJS.Timeout | undefined;
  private persistSoon(): void {
    if (!this.memento || this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      // clientState is a secret: not written to globalState.
      const data = Object.fromEntries([...this.lastKnown].map(([id, v]) => [id, { accountId: v.accountId, subscription: { ...v.subscription, clientState: null } }]));
      void this.memento?.update(LAST_KNOWN_KEY, data);
    }, 1000);
  }

  override dispose(): void {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    super.dispose();
  }
}
