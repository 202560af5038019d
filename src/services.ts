import type { RequestHeaderMemory } from './subscriptions/requestHeaderMemory';
import type * as vscode from 'vscode';
import type { ChaosProfileName } from './emulator/chaos';
import type { AccountKind } from './catalog/types';
import type { DeltaQuery, NoDeltaQuery } from './catalog/deltaQueries';
import type { ResyncResult } from './subscriptions/resync';
import type { EncryptedContent, Subscription, SubscriptionsClient } from './graph/types';
import type { DecryptedContent } from './notifications/decryptContent';
import type { StateMessage } from './notifications/explorer/protocol';
import type { Clock } from './graph/clock';
import type { RecentActions } from './graph/recentActions';
import type { AppRegistration } from './auth/msalAccounts';
import type { HistoryEntry, NotificationHistory } from './notifications/history';
import type { ProcessedItem, ProcessedNotification } from './notifications/processNotification';
import type { Expectation, LifecycleAnswer } from './watchdog/watchdogMemory';
import type { AttentionItem, RemovedEntry } from './watchdog/watchdog';
import type { WatchVerdict } from './watchdog/watchState';
import type { EndpointVerdict } from './watchdog/endpoint';
import type { DeliveryLogEntry } from './watchdog/sandboxDeliveries';
import type { ReceivedNotification } from './notifications/receiver';
import type { EventHubsSources } from './notifications/eventHubsSourceService';
import type { HandshakeResult } from './handshake/handshakeClient';
import type { SubscriptionActions } from './subscriptions/subscriptionActions';
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
  /** The extension's "now" (integration tests move it); auto-renew, the tree and the Sandbox use it. */
  readonly clock: Clock;
  /**
   * When a renewal (PATCH) or reauthorize was last sent per subscription, through any account's
   * client: the 10-minute rule. Persisted in globalState.
   */
  readonly recentActions: RecentActions;
  /** Renew, renew to maximum, reauthorize, recreate, delete: the one implementation of each. */
  readonly actions: SubscriptionActions;
  /** Event Hubs sources of the notifications output. */
  readonly eventHubs: EventHubsSources;
  /** Per-subscription watchdog: silent, not served, expiring without renewal, unanswered lifecycle events, throttled. */
  readonly watchdog: WatchdogService;
  /** The `Prefer` headers each subscription was created with (Graph does not return them). Persisted in globalState. */
  readonly requestHeaders: RequestHeaderMemory;
  /** Resync after missed/subscriptionRemoved: delta queries, their reports and kept deltaLinks. */
  readonly resync: ResyncService;
  /** The notifications explorer panel over the receiver's history. */
  readonly explorer: NotificationsExplorerService;
}

/** The notifications explorer (src/notifications/explorer/): a webview over the history file. */
export interface NotificationsExplorerService extends vscode.Disposable {
  /** Opens the panel, or reveals it when open. */
  show(): Promise<void>;
  /** What the panel shows (a webview cannot be read through the API): for tests. */
  snapshot(): { open: boolean; messagesFromWebview: number; state: StateMessage | undefined };
}

/**
 * The watchdog (src/watchdog/): verdicts per subscription for the tree, the status bar and other
 * views, the user's expected activity, and the record of lifecycle events answered.
 */
export interface WatchdogService extends vscode.Disposable {
  /** Fires when any verdict changed (not on every re-evaluation). */
  readonly onDidChange: vscode.Event<void>;
  /** The last verdict of a subscription in the store; undefined before the first evaluation. */
  verdict(accountId: string, subscriptionId: string): WatchVerdict | undefined;
  /** Subscriptions Graph removed (subscriptionRemoved) that were not recreated, of one account. */
  removed(accountId: string): readonly RemovedEntry[];
  /** Every subscription needing attention, most urgent first (the status bar's list). */
  attention(): readonly AttentionItem[];
  /** The expected activity of a subscription (its own, else the default setting), if any. */
  expectation(subscriptionId: string): Expectation | undefined;
  /** Sets (minutes > 0) or clears (undefined / 0) a subscription's own expected activity; kept across reloads. */
  setExpectation(subscriptionId: string, minutes: number | undefined): void;
  /**
   * Records that the lifecycle events of a subscription were answered (`resync` after a Resync of
   * a missed or removed subscription; renew, reauthorize, recreate and delete are recorded from
   * SubscriptionActions by themselves). Re-evaluates at once.
   */
  answerLifecycle(subscriptionId: string, answer: LifecycleAnswer): void;
  /** Where a notificationUrl stands against this receiver now: served, stopped, tunnel down, moved (Re-point). */
  endpoint(notificationUrl: string): EndpointVerdict;
  /** Re-evaluates now (a timer and events do it too). */
  refresh(): void;
  /** What the status bar item shows (status bar items cannot be read through the API). */
  statusBarState(): { text: string; shown: boolean; tooltip: string; command?: string };
}

/** A resync that ran: what changed (src/subscriptions/resync.ts) and about which subscription. */
export interface ResyncReport extends ResyncResult {
  subscriptionId: string;
  accountId: string;
  resource: string;
  /** When it ran (the extension's clock). */
  at: string;
  /** The Markdown report on disk. */
  reportPath: string;
}

export interface ResyncService {
  /** Fires after every successful resync. */
  readonly onDidResync: vscode.Event<ResyncReport>;
  /** The delta query that resyncs `resource`, or why there is none. */
  plan(resource: string): DeltaQuery | NoDeltaQuery;
  /** Runs the delta query (progress, report, output line) and keeps the new deltaLink. */
  run(account: Account, subscription: Subscription, options?: { show?: boolean }): Promise<ResyncReport>;
  /** The deltaLink kept for a subscription, and when the resync that returned it ran. */
  kept(subscriptionId: string): { deltaLink: string; at: string } | undefined;
  lastReport(subscriptionId: string): ResyncReport | undefined;
  /** A recreated subscription continues from its predecessor's deltaLink. */
  carryOver(fromId: string, toId: string): Promise<void>;
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
  /**
   * The directory (tenant) id of the signed-in identity (`tid` of its access token), when known
   * without prompting. The receiver trusts validation tokens of these tenants only.
   */
  tenantId?(): Promise<string | undefined>;
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
  /** The tree tells which account is selected, for `defaultAccount`. */
  select(id: string | undefined): void;
  /** Closes the Sandbox emulator; resolves when its port is free (deactivate() waits for it). */
  close(): Promise<void>;
  /** Signs in with VS Code's Microsoft provider with these scopes and adds (or refreshes) that account. */
  signInWithVsCode(scopes: readonly string[]): Promise<Account>;
  /** Forgets an account (and its MSAL cache or secrets). */
  signOut(id: string): Promise<void>;
  /** The user's own app registrations (MSAL). */
  readonly appRegistrations: AppRegistrations;
}

export interface AppRegistrations {
  list(): readonly AppRegistration[];
  /** Asks for a new registration (client id, tenant, flow…) and saves it. */
  add(): Promise<AppRegistration>;
  signIn(registration: AppRegistration): Promise<Account>;
}

/** What the extension may ask of the running sandbox emulator. */
export interface SandboxControl {
  readonly baseUrl: string;
  /** The emulator's Event Hubs endpoint and Event Grid handler (EventHub:/EventGrid: subscriptions). */
  readonly channels?: { readonly eventHubs?: { connectionString(hub?: string): string; hubs(): readonly { name: string }[] }; eventGridEndpoint: string | undefined };
  simulateChange(subscriptionId: string, options?: { changeType?: string; count?: number }): Promise<SandboxDelivery>;
  simulateLifecycleEvent(subscriptionId: string, event: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed'): Promise<SandboxDelivery>;
  /** Endpoint throttling of the subscription's notification URL: 'slow' (delayed), 'drop' (dropping) or 'normal'. */
  subscriptionThrottle(subscriptionId: string): 'normal' | 'slow' | 'drop';
  /** The emulator's recent delivery attempts (the watchdog reads failures and drops from them). */
  deliveryLog(): readonly DeliveryLogEntry[];
  /**
   * Holds the subscription's change notifications `delayMs` real milliseconds before their first POST
   * (latency tests; 0 removes it). Throws for an unknown subscription or a negative delay.
   */
  setDeliveryDelay(subscriptionId: string, delayMs: number): void;
  /** The delay set with setDeliveryDelay (0 when none). */
  deliveryDelay(subscriptionId: string): number;
  /** Teams payment models of the Sandbox's app: Azure billing set up, model=A licences assigned (https://learn.microsoft.com/en-us/graph/teams-licenses). */
  teamsLicensing(change?: { billingConfigured?: boolean; modelALicensed?: boolean }): { billingConfigured: boolean; modelALicensed: boolean; evaluationQuota: number };
  /** Uses up this month's evaluation quota of the subscription's app: its evaluation-mode subscriptions then get no notifications (silently). */
  reachEvaluationCap(subscriptionId: string): { evaluationMode: boolean; quota: number };
  /** The active chaos profile and its seed (profile 'off' when none). */
  chaosSettings(): { profile: ChaosProfileName; seed: number };
  /** Activates a chaos profile now (the settings do the same on their next change); returns the seed used. */
  setChaos(profile: ChaosProfileName, seed?: number): { profile: ChaosProfileName; seed: number };
}

/** How a Sandbox delivery went: notifications delivered and dropped (after every retry), and where to. */
export interface SandboxDelivery {
  readonly delivered: number;
  readonly dropped: number;
  /** Not sent at all: the Teams evaluation-mode quota is used up (Graph sends nothing, tells nobody). */
  readonly withheld?: number;
  readonly url: string;
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
  /** Fires when the receiver or tunnel starts or stops. */
  readonly onDidChangeState: vscode.Event<void>;
  /** Fires when a tunnel comes up with a public URL different from the last one used. */
  readonly onDidChangePublicUrl: vscode.Event<PublicUrlChange>;
  /**
   * Fires for each lifecycle event that arrived (after its checks). The receiver does not act on
   * it: src/subscriptions/registerLifecycleHandling.ts turns it into SubscriptionActions calls.
   */
  readonly onDidReceiveLifecycleEvent: vscode.Event<ProcessedItem>;
  /**
   * Fires for every POST (or Event Hubs / Event Grid delivery) once its checks ran and its verdicts
   * are in the history, lifecycle events included: the watchdog's activity, the explorer's refresh.
   */
  readonly onDidProcessNotification: vscode.Event<ProcessedNotification>;
  /** Starts the receiver (and the configured tunnel) if needed. */
  ensureStarted(): Promise<ReceiverEndpoints>;
  /** Current endpoints, or undefined when stopped. */
  endpoints(): ReceiverEndpoints | undefined;
  isRunning(): boolean;
  tunnelUrl(): string | undefined;
  /** Whether the receiver was running in this workspace when the window last closed or reloaded. */
  shouldResume(): boolean;
  startTunnel(): Promise<string | undefined>;
  /** Stops the tunnel; `byUser` (default) is remembered, so no automatic start (not even a reload) brings it back. */
  stopTunnel(byUser?: boolean): Promise<void>;
  /** What the user should know about the running tunnel (e.g. how to make a forwarded port public). */
  tunnelNote(): string | undefined;
  /** Writes settings that the caller applies itself: no "restart to apply" prompt for them. */
  applyingTunnelSettings(update: () => PromiseLike<void>): Promise<void>;
  isApplyingSettings(): boolean;
  /**
   * What `require` loads for the ngrok tunnel ('@ngrok/ngrok'). Integration tests point it at an
   * id that does not resolve (as in the universal VSIX) or at a fake with ngrok's `forward`.
   */
  ngrokModuleId: string;
  /**
   * Closes receiver and tunnel as at a window reload (the next window resumes them); resolves when
   * the port is free (deactivate() waits for it).
   */
  close(): Promise<void>;
  /** Stops receiver and tunnel; `forget` (a user's stop) marks the run stopped, so a reload does not resume it (the port is kept). */
  stop(forget?: boolean): Promise<void>;
  /** What the status bar item shows (status bar items cannot be read through the API). */
  statusBarState(): { text: string; shown: boolean; command?: string };
  setNgrokAuthtoken(token: string): Promise<void>;
  /** clientStates in SecretStorage, per subscription id. */
  readonly clientStates: ClientStates;
  /** Remembers the clientState a subscription was created with, for the constant-time check. */
  rememberClientState(subscriptionId: string, clientState: string): Promise<void>;
  /** Creates an RSA-2048 certificate, keeps its private key in SecretStorage, returns the public part. */
  generateCertificate(): Promise<{ encryptionCertificate: string; encryptionCertificateId: string }>;
  /** Reads a PEM certificate + private key, keeps the key in SecretStorage, returns the public part. */
  /** `warnings`: what does not stop the import (an expired certificate), for the user to see. */
  importCertificate(pemText: string): Promise<{ encryptionCertificate: string; encryptionCertificateId: string; warnings?: string[] }>;
  /** Graph's validation handshake against `url` (default: the receiver's own public or local URL). */
  selfTest(url?: string): Promise<HandshakeResult & { url: string }>;
  /**
   * Persists a delivery that arrived another way (an Event Hubs source) in the receiver's history,
   * then runs the same pipeline as a webhook POST: checks, output, forwarding, lifecycle events.
   */
  ingest(received: ReceivedNotification): Promise<void>;
  /** Re-sends a stored notification to the forward URL (or to `url`); resolves to the app's status. */
  replay(entryId: string, url?: string): Promise<number>;
  /**
   * Decrypts a stored item's `encryptedContent` with the private key kept for its certificate (the
   * history keeps it encrypted); rejects with a DecryptError naming the reason.
   */
  decryptStored(content: EncryptedContent): Promise<DecryptedContent>;
  /** Appends a line to the "Graph Notifications" output. */
  appendOutput(text: string, level?: 'info' | 'warn' | 'error'): void;
  showOutput(): void;
  /** The last formatted output lines (an output channel cannot be read through the API). */
  recentOutput(): readonly string[];
  historyFile(): string;
  /** A history reader over the same file (also what a window reload would read). */
  openHistory(): NotificationHistory;
  readHistory(limit?: number): Promise<HistoryEntry[]>;
}

export interface ClientStates {
  get(subscriptionId: string): Promise<string | undefined>;
  remember(subscriptionId: string, clientState: string): Promise<void>;
}

export interface PublicUrlChange {
  oldUrl: string;
  newUrl: string;
  /** The tunnel's public URL, or the local receiver's (its old port was taken at a restart). */
  what?: 'public' | 'local';
}

export interface ReceiverEndpoints {
  /** http://127.0.0.1:port/notifications */
  localNotificationUrl: string;
  localLifecycleUrl: string;
  /** The https URL Graph should call (tunnel or custom URL); undefined in mode "none". */
  publicNotificationUrl?: string;
  publicLifecycleUrl?: string;
}
