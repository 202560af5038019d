/**
 * VS Code side of the watchdog: feeds the pure SubscriptionWatchdog from the services (the
 * receiver's processed notifications and history, the store, the receiver's URLs, SubscriptionActions'
 * results, the Sandbox's throttling), re-evaluates on those events and on a timer (the Clock moves
 * without events: tests shift it), keeps its memory in globalState, and shows the status bar item.
 */
import * as vscode from 'vscode';
import { ConfigKey } from '../constants';
import type { Clock } from '../graph/clock';
import type { AccountService, ReceiverService, SubscriptionStoreService, WatchdogService } from '../services';
import type { SubscriptionActions } from '../subscriptions/subscriptionActions';
import { savedAutoRenewSchedule } from '../tree/registerAutoRenew';
import { affectsConfig, getConfig } from '../util/config';
import type { Logger } from '../util/logger';
import { ActivityLog } from './activity';
import { endpointVerdict, type EndpointVerdict, type ReceiverBases } from './endpoint';
import { SubscriptionWatchdog, type AttentionItem, type RemovedEntry } from './watchdog';
import { WatchdogMemory, type Expectation, type LifecycleAnswer, type WatchdogMemoryJson } from './watchdogMemory';
import { WatchdogStatusBar } from './watchdogStatusBar';
import type { LifecycleEventName, WatchVerdict } from './watchState';

const MEMORY_KEY = 'graphSubscriptions.watchdog';
/** How often the verdicts are recomputed without an event: silence and expiry move with time. */
const TICK_MS = 5_000;
/** History entries read at start for the last arrival and the rate. */
const SEED_ENTRIES = 5_000;
const LIFECYCLE_EVENTS: readonly string[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];

export interface WatchdogServiceDeps {
  clock: Clock;
  accounts: AccountService;
  store: SubscriptionStoreService;
  receiver: ReceiverService;
  actions: SubscriptionActions;
}

export class WatchdogServiceImpl implements WatchdogService {
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChange = this._onDidChange.event;
  private readonly memory: WatchdogMemory;
  private readonly activity = new ActivityLog();
  private readonly core: SubscriptionWatchdog;
  private readonly statusBar = new WatchdogStatusBar();
  private readonly disposables: vscode.Disposable[] = [];
  /** When this window started watching: the default expectation's silence counts from here. */
  private readonly startedAt: number;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly deps: WatchdogServiceDeps,
  ) {
    const { clock, accounts, store, receiver, actions } = deps;
    this.startedAt = clock.nowMs();
    this.memory = new WatchdogMemory(() => void context.globalState.update(MEMORY_KEY, this.memory.toJSON()));
    this.memory.load(context.globalState.get<WatchdogMemoryJson>(MEMORY_KEY));
    this.core = new SubscriptionWatchdog({
      now: () => clock.nowMs(),
      accounts: () => accounts.list(),
      subscriptions: (id) => store.subscriptions(id),
      receiverBases: () => this.receiverBases(),
      expiringSoonMinutes: () => getConfig(ConfigKey.expiringSoonMinutes),
      autoRenew: (accountId, subscriptionId) => this.autoRenewOf(accountId, subscriptionId),
      expectation: (id) => this.expectation(id),
      throttle: (_accountId, id) => accounts.sandboxEmulator()?.subscriptionThrottle(id),
      deliveryLog: () => accounts.sandboxEmulator()?.deliveryLog(),
      memory: this.memory,
      activity: this.activity,
    });
    this.disposables.push(
      this._onDidChange,
      this.statusBar,
      this.core.onDidChange(() => {
        this.updateStatusBar();
        this._onDidChange.fire();
      }),
      receiver.onDidProcessNotification((processed) => {
        const now = clock.nowMs();
        this.activity.record(processed.items, now);
        for (const item of processed.items) {
          const event = item.lifecycleEvent;
          // A lifecycle event that failed its checks is not Graph's word: it is not waited on.
          if (!event || !LIFECYCLE_EVENTS.includes(event) || item.trust === 'untrusted') continue;
          const owner = this.ownerOf(item.subscriptionId);
          if (!owner) continue;
          this.memory.lifecycleReceived(item.subscriptionId, { event: event as LifecycleEventName, at: now, accountId: owner.accountId, resource: owner.resource });
        }
        this.refresh();
      }),
      { dispose: actions.onDidAct((e) => {
        if (e.action === 'renew' || e.action === 'reauthorize') this.memory.answered(e.subscriptionId, e.action);
        else if (e.action === 'recreate') {
          this.memory.recreated(e.subscriptionId, e.newSubscriptionId, clock.nowMs());
          this.activity.rename(e.subscriptionId, e.newSubscriptionId);
        } else if (e.action === 'delete') this.memory.forget(e.subscriptionId);
        this.refresh();
      }).dispose },
      store.onDidChange(() => this.refresh()),
      accounts.onDidChangeAccounts(() => this.refresh()),
      receiver.onDidChangeState(() => {
        this.rememberCurrentBases();
        this.refresh();
      }),
      receiver.onDidChangePublicUrl((change) => {
        const kind = change.what === 'local' ? 'local' : 'public';
        this.memory.rememberBase(change.oldUrl, kind);
        this.memory.rememberBase(change.newUrl, kind);
        this.refresh();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConfig(e, ConfigKey.watchdogDefaultExpectedMinutes, ConfigKey.watchdogStatusBar, ConfigKey.expiringSoonMinutes, ConfigKey.autoRenewEnabled)) {
          this.updateStatusBar();
          this.refresh();
        }
      }),
    );
    const timer = setInterval(() => this.refresh(), TICK_MS);
    this.disposables.push({ dispose: () => clearInterval(timer) });
    this.rememberCurrentBases();
    this.seedFromHistory(Date.now());
  }

  verdict(accountId: string, subscriptionId: string): WatchVerdict | undefined {
    return this.core.verdict(accountId, subscriptionId);
  }

  removed(accountId: string): readonly RemovedEntry[] {
    return this.core.current().removed.filter((r) => r.accountId === accountId);
  }

  attention(): readonly AttentionItem[] {
    return this.core.attention();
  }

  expectation(subscriptionId: string): Expectation | undefined {
    const own = this.memory.expectation(subscriptionId);
    if (own) return own;
    const minutes = getConfig(ConfigKey.watchdogDefaultExpectedMinutes);
    return minutes > 0 ? { minutes, setAt: this.startedAt } : undefined;
  }

  setExpectation(subscriptionId: string, minutes: number | undefined): void {
    this.memory.setExpectation(subscriptionId, minutes, this.deps.clock.nowMs());
    this.refresh();
  }

  answerLifecycle(subscriptionId: string, answer: LifecycleAnswer): void {
    if (this.memory.answered(subscriptionId, answer)) this.log.info(`Lifecycle events of ${subscriptionId} answered (${answer})`);
    this.refresh();
  }

  /** Where a notificationUrl stands against this receiver now (Re-point uses it). */
  endpoint(notificationUrl: string): EndpointVerdict {
    return endpointVerdict(notificationUrl, this.receiverBases(), this.memory.knownBases());
  }

  refresh(): void {
    try {
      this.core.refresh();
    } catch (error) {
      this.log.error('Watchdog evaluation failed', error);
    }
  }

  statusBarState(): { text: string; shown: boolean; tooltip: string; command?: string } {
    return this.statusBar.state();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private updateStatusBar(): void {
    this.statusBar.update(this.core.attention(), getConfig(ConfigKey.watchdogStatusBar));
  }

  private receiverBases(): ReceiverBases | undefined {
    const endpoints = this.deps.receiver.endpoints();
    if (!endpoints) return undefined;
    return { local: new URL(endpoints.localNotificationUrl).origin, public: this.deps.receiver.tunnelUrl() };
  }

  private rememberCurrentBases(): void {
    const bases = this.receiverBases();
    this.memory.rememberBase(bases?.local, 'local');
    this.memory.rememberBase(bases?.public, 'public');
  }

  private autoRenewOf(accountId: string, subscriptionId: string): { enabled: boolean; failure?: string } {
    const enabled = getConfig(ConfigKey.autoRenewEnabled);
    if (!enabled) return { enabled };
    const entry = savedAutoRenewSchedule(this.context.globalState).find((e) => e.accountId === accountId && e.subscriptionId === subscriptionId);
    const failed = entry?.deferredBecause?.startsWith('renewal failed') ? entry.deferredBecause.replace(/^renewal failed:\s*/, '') : undefined;
    return failed ? { enabled, failure: failed } : { enabled };
  }

  private ownerOf(subscriptionId: string): { accountId: string; resource: string } | undefined {
    for (const account of this.deps.accounts.list()) {
      const sub = this.deps.store.subscriptions(account.id)?.find((s) => s.id === subscriptionId);
      if (sub) return { accountId: account.id, resource: sub.resource };
    }
    const known = this.deps.store.lastKnownDefinition(subscriptionId);
    return known ? { accountId: known.accountId, resource: known.subscription.resource } : undefined;
  }

  /** Last arrivals from the history (the receiver's one store); entries after `before` arrive live. */
  private seedFromHistory(before: number): void {
    const timer = setTimeout(() => {
      this.deps.receiver.readHistory(SEED_ENTRIES).then(
        (entries) => {
          this.activity.seed(entries.filter((e) => Date.parse(e.receivedAt) < before));
          this.refresh();
        },
        (error: unknown) => this.log.warn(`Watchdog: could not read the notification history: ${String(error)}`),
      );
    }, 1_500);
    this.disposables.push({ dispose: () => clearTimeout(timer) });
  }
}
