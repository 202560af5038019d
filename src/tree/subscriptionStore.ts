// PLACEHOLDER (issue 5 replaces this file).
import * as vscode from 'vscode';
import type { AccountService, SubscriptionStoreService } from '../services';
import type { Subscription } from '../graph/types';
import type { Logger } from '../util/logger';

export class SubscriptionStore implements SubscriptionStoreService {
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.emitter.event;
  constructor(_accounts: AccountService, _log: Logger) {}
  subscriptions(_accountId: string): readonly Subscription[] | undefined { return undefined; }
  loadError(_accountId: string): Error | undefined { return undefined; }
  async refresh(_accountId?: string): Promise<void> {}
  upsert(_accountId: string, _subscription: Subscription): void {}
  remove(_accountId: string, _subscriptionId: string): void {}
  lastKnownDefinition(_id: string): { accountId: string; subscription: Subscription } | undefined { return undefined; }
  dispose(): void { this.emitter.dispose(); }
}
