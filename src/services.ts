import type * as vscode from 'vscode';
import type { AccountKind } from './catalog/types';
import type { Subscription, SubscriptionsClient } from './graph/types';
import type { RecentActions } from './graph/recentActions';
import type { Logger } from './util/logger';

/**
 * The few long-lived services `activate()` builds and hands to every feature registrar.
 * Features depend on these interfaces, never on each other's modules.
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: Logger;
  readonly accounts: AccountService;
  readonly store: SubscriptionStoreService;
  readonly receiver: ReceiverService;
}

export type CloudName = 'global' | 'usGovL4' | 'usGovL5' | 'china' | 'sandbox';

/** One signed-in identity: a tree root. */
export interface Account {
  readonly id: string;
  readonly label: string;
  readonly kind: AccountKind;
  readonly cloud: CloudName;
  readonly isSandbox: boolean;
  /** The application id subscriptions are created with (Graph lists only this app's). */
  readonly applicationId: string | undefined;
  readonly client: SubscriptionsClient;
  /** Scopes (delegated) or roles (application) of the current access token, when known. */
  grantedPermissions(): Promise<string[] | undefined>;
}

export interface AccountService extends vscode.Disposable {
  readonly onDidChangeAccounts: vscode.Event<void>;
  list(): readonly Account[];
  get(id: string): Account | undefined;
  /** The account a new draft targets: the one selected in the tree, else the first. */
  defaultAccount(): Account | undefined;
  /** Starts (if needed) and returns the sandbox account. */
  ensureSandbox(): Promise<Account>;
  /** The in-process sandbox emulator, for "Simulate change" and tests; undefined until started. */
  sandboxEmulator(): SandboxControl | undefined;
  /**
   * When a renewal (PATCH) or reauthorize was last sent per subscription, through any account's
   * client: check `conflict(id, action)` before sending the other one (never both within 10 minutes).
   */
  readonly recentActions: Pick<RecentActions, 'conflict' | 'record'>;
}

/** What the extension may ask of the running sandbox emulator. */
export interface SandboxControl {
  readonly baseUrl: string;
  simulateChange(subscriptionId: string, options?: { changeType?: string; count?: number }): Promise<unknown>;
  simulateLifecycleEvent(subscriptionId: string, event: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed'): Promise<unknown>;
}

export interface SubscriptionStoreService extends vscode.Disposable {
  readonly onDidChange: vscode.Event<string | undefined>;
  /** Cached subscriptions of an account (undefined before the first load). */
  subscriptions(accountId: string): readonly Subscription[] | undefined;
  /** Last load error of an account, shown as an error row. */
  loadError(accountId: string): Error | undefined;
  refresh(accountId?: string): Promise<void>;
  /** Records a subscription created or updated from the extension (tree updates at once). */
  upsert(accountId: string, subscription: Subscription): void;
  remove(accountId: string, subscriptionId: string): void;
  /** The definition a subscription was last seen with, to recreate it after a 404 or removal. */
  lastKnownDefinition(subscriptionId: string): { accountId: string; subscription: Subscription } | undefined;
}

export interface ReceiverService extends vscode.Disposable {
  /** Starts the receiver (and the configured tunnel) if needed. */
  ensureStarted(): Promise<ReceiverEndpoints>;
  /** Current endpoints, or undefined when stopped. */
  endpoints(): ReceiverEndpoints | undefined;
  /** Remembers the clientState a subscription was created with, for the constant-time check. */
  rememberClientState(subscriptionId: string, clientState: string): Promise<void>;
  /** Creates an RSA-2048 certificate, keeps its private key in SecretStorage, returns the public part. */
  generateCertificate(): Promise<{ encryptionCertificate: string; encryptionCertificateId: string }>;
}

export interface ReceiverEndpoints {
  /** http://127.0.0.1:port/notifications */
  localNotificationUrl: string;
  localLifecycleUrl: string;
  /** The https URL Graph should call (tunnel or custom URL); undefined in mode "none". */
  publicNotificationUrl?: string;
  publicLifecycleUrl?: string;
}
