/**
 * VS Code side of the receiver: starts and stops the pure receiver (receiver.ts) and, through
 * ReceiverTunnelService (receiverTunnelService.ts), the configured tunnel; remembers the run (receiverRun.ts), keeps the history in global
 * storage and the secrets in SecretStorage (receiverSecrets.ts), hands each notification to the
 * pipeline (notificationPipeline.ts) that writes the "Graph Notifications" output (receiverOutput.ts),
 * and shows the status bar item. Lifecycle events are emitted (`onDidReceiveLifecycleEvent`):
 * src/subscriptions/registerLifecycleHandling.ts turns them into SubscriptionActions calls.
 */
import * as vscode from 'vscode';
import { getConfig } from '../util/config';
import { ConfigKey, NOTIFICATIONS_CHANNEL_NAME } from '../constants';
import type { AccountService, ClientStates, PublicUrlChange, ReceiverEndpoints, ReceiverService, SubscriptionStoreService } from '../services';
import { createOutputChannelLogger } from '../util/vscodeLogger';
import type { Logger } from '../util/logger';
import { NotificationHistory, type HistoryEntry } from './history';
import { startReceiver, type ReceivedNotification, type ReceiverHandle } from './receiver';
import type { ProcessedItem, ProcessedNotification } from './processNotification';
import { NotificationPipeline } from './notificationPipeline';
import type { LineLevel } from './formatNotification';
import { ReceiverStatusBar } from './receiverStatusBar';
import { ReceiverSecrets, type PublicCertificate } from './receiverSecrets';
import { ReceiverOutput } from './receiverOutput';
import { ReceiverRunRecord } from './receiverRun';
import { listenOnPreferredPort } from './receiverPort';
import { ReceiverTunnelService } from './receiverTunnelService';
import { replayStored } from './replay';
import type { EncryptedContent } from '../graph/types';
import type { DecryptedContent } from './decryptContent';
import { publicEndpoints } from '../tunnel/tunnelModes';
import { runHandshake, type HandshakeResult } from '../handshake/handshakeClient';
import { explainForwardedSelfTest } from '../tunnel/forwardedPort';

export { SECRET_NGROK_AUTHTOKEN } from './receiverSecrets';
export type { ReceiverRun } from './receiverRun';

export type { PublicUrlChange } from '../services';

/** What the receiver reads: which account owns a subscription (token checks, URL moves). */
export interface ReceiverDeps {
  accounts: AccountService;
  store: SubscriptionStoreService;
}

export class ReceiverServiceImpl implements ReceiverService {
  private readonly channel: vscode.LogOutputChannel;
  private readonly output: ReceiverOutput;
  private readonly secrets: ReceiverSecrets;
  private readonly run: ReceiverRunRecord;
  private readonly statusBar = new ReceiverStatusBar();
  private readonly pipeline: NotificationPipeline;
  private readonly _onDidChangeState = new vscode.EventEmitter<void>();
  /** Fires when the receiver or tunnel starts or stops. */
  readonly onDidChangeState = this._onDidChangeState.event;
  private readonly _onDidChangePublicUrl = new vscode.EventEmitter<PublicUrlChange>();
  /** Fires when a tunnel comes up with a public URL different from the last one used. */
  readonly onDidChangePublicUrl = this._onDidChangePublicUrl.event;
  private readonly _onDidReceiveLifecycleEvent = new vscode.EventEmitter<ProcessedItem>();
  readonly onDidReceiveLifecycleEvent = this._onDidReceiveLifecycleEvent.event;
  private readonly _onDidProcessNotification = new vscode.EventEmitter<ProcessedNotification>();
  readonly onDidProcessNotification = this._onDidProcessNotification.event;
  readonly clientStates: ClientStates;
  private receiver: ReceiverHandle | undefined;
  private readonly tunnel: ReceiverTunnelService;
  private tunnelRequested = false;
  private history: NotificationHistory | undefined;
  private starting: Promise<ReceiverEndpoints> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly deps: ReceiverDeps,
  ) {
    this.channel = vscode.window.createOutputChannel(NOTIFICATIONS_CHANNEL_NAME, { log: true });
    this.run = new ReceiverRunRecord(context.workspaceState);
    this.output = new ReceiverOutput(createOutputChannelLogger(this.channel));
    this.secrets = new ReceiverSecrets(context.secrets, log, (secret) => {
      log.addSecret(secret);
      this.output.addSecret(secret);
    });
    this.pipeline = new NotificationPipeline({
      ...deps,
      clientState: (id) => this.secrets.clientState(id),
      keyStore: this.secrets,
      output: this.output,
      log,
      settings: () => ({ forwardUrl: getConfig(ConfigKey.receiverForwardUrl), verbosity: getConfig(ConfigKey.notificationsVerbosity) }),
      history: () => this.history,
      onLifecycleEvent: (item) => this._onDidReceiveLifecycleEvent.fire(item),
      onProcessed: (processed) => this._onDidProcessNotification.fire(processed),
    });
    context.subscriptions.push(deps.accounts.onDidChangeAccounts(() => this.pipeline.accountsChanged()));
    this.clientStates = {
      get: (id) => this.secrets.clientState(id),
      remember: (id, clientState) => this.rememberClientState(id, clientState),
    };
    this.tunnel = new ReceiverTunnelService({
      globalState: context.globalState,
      run: this.run,
      log,
      ngrokAuthtoken: () => this.secrets.ngrokAuthtoken(),
      write: (line, level) => this.write(line, level),
      publicUrlChanged: (change) => this._onDidChangePublicUrl.fire(change),
      changed: () => {
        this.updateStatus();
        this._onDidChangeState.fire();
      },
    });
    this.updateStatus();
  }

  /** What `require` loads for the ngrok tunnel (integration tests point it at a fake or a missing module). */
  get ngrokModuleId(): string {
    return this.tunnel.ngrokModuleId;
  }

  set ngrokModuleId(id: string) {
    this.tunnel.ngrokModuleId = id;
  }

  endpoints(): ReceiverEndpoints | undefined {
    if (!this.receiver) return undefined;
    return {
      localNotificationUrl: this.receiver.notificationUrl,
      localLifecycleUrl: this.receiver.lifecycleUrl,
      ...(this.tunnel.url() ? publicEndpoints(this.tunnel.url()!) : {}),
    };
  }

  isRunning(): boolean {
    return this.receiver !== undefined;
  }

  tunnelUrl(): string | undefined {
    return this.tunnel.url();
  }

  tunnelNote(): string | undefined {
    return this.tunnel.note();
  }

  applyingTunnelSettings(update: () => PromiseLike<void>): Promise<void> {
    return this.tunnel.applyingTunnelSettings(update);
  }

  isApplyingSettings(): boolean {
    return this.tunnel.isApplyingSettings();
  }

  /** The last formatted output lines (test hook: an output channel cannot be read through the API). */
  recentOutput(): readonly string[] {
    return this.output.recentLines();
  }

  showOutput(): void {
    this.channel.show(true);
  }

  historyFile(): string {
    return vscode.Uri.joinPath(this.context.globalStorageUri, 'notifications', 'history.jsonl').fsPath;
  }

  /** A history over the same file (also used to read it back "after a reload"). */
  openHistory(): NotificationHistory {
    return new NotificationHistory({
      dir: vscode.Uri.joinPath(this.context.globalStorageUri, 'notifications').fsPath,
      maxBytes: getConfig(ConfigKey.historyMaxBytes),
    });
  }

  async readHistory(limit = 100): Promise<HistoryEntry[]> {
    return (this.history ?? this.openHistory()).read(limit);
  }

  ensureStarted(): Promise<ReceiverEndpoints> {
    if (this.receiver) return Promise.resolve(this.endpoints()!);
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Whether the receiver was running in this workspace when the window last closed or reloaded. */
  shouldResume(): boolean {
    return this.run.shouldResume();
  }

  /** What the status bar item shows (test hook: status bar items cannot be read through the API). */
  statusBarState(): { text: string; shown: boolean; command?: string } {
    return this.statusBar.state();
  }

  private async start(): Promise<ReceiverEndpoints> {
    // An Event Hubs source may have opened it already.
    this.history ??= this.openHistory();
    const configured = getConfig(ConfigKey.receiverPort);
    const remembered = this.run.last()?.port ?? 0;
    const history = this.history;
    const listen = (port: number) =>
      startReceiver({
        port,
        maxBodyBytes: getConfig(ConfigKey.receiverMaxBodyBytes),
        history,
        log: this.log,
        onNotification: (received) => void this.pipeline.process(received),
        screen: (body) => this.pipeline.screen(body),
        onHandshake: (info) => this.output.handshake(info),
        onRejected: (info) => this.output.rejected(info),
      });
    try {
      this.receiver = await listenOnPreferredPort({ configured, remembered, listen, log: this.log });
    } catch (error) {
      await this.history.close();
      this.history = undefined;
      throw error;
    }
    await this.run.update({ port: this.receiver.port, stopped: false });
    this.write(`Receiver listening on ${this.receiver.notificationUrl} and ${this.receiver.lifecycleUrl}`);
    this.updateStatus();
    this._onDidChangeState.fire();
    if (remembered !== 0 && configured === 0 && this.receiver.port !== remembered) {
      // Subscriptions still point at the old port: offer to move them (registerReceiver).
      this._onDidChangePublicUrl.fire({ oldUrl: `http://127.0.0.1:${remembered}/`, newUrl: `http://127.0.0.1:${this.receiver.port}/`, what: 'local' });
    }
    await this.tunnel.openWithReceiver(this.receiver.port, this.tunnelRequested);
    return this.endpoints()!;
  }

  async startTunnel(): Promise<string | undefined> {
    if (!this.receiver) {
      this.tunnelRequested = true;
      try {
        await this.ensureStarted();
      } finally {
        this.tunnelRequested = false;
      }
    }
    return this.tunnel.open(this.receiver!.port);
  }

  /**
   * Stops the tunnel. `byUser` (Stop Tunnel) is remembered: no automatic start brings it back, not
   * even a window reload; the receiver's own stop passes false.
   */
  stopTunnel(byUser = true): Promise<void> {
    return this.tunnel.close(byUser);
  }

  /**
   * Stops the receiver and tunnel. `forget` (a user's stop) marks the last run stopped, so a window
   * reload does not resume it (its port is kept for the next start); disposal at reload keeps it running.
   */
  async stop(forget = true): Promise<void> {
    if (forget) await this.run.update({ stopped: true });
    await this.stopTunnel(false);
    const r = this.receiver;
    this.receiver = undefined;
    await r?.close();
    await this.pipeline.settled();
    await this.history?.close();
    this.history = undefined;
    if (r) this.write('Receiver stopped');
    this.updateStatus();
    this._onDidChangeState.fire();
  }

  setNgrokAuthtoken(token: string): Promise<void> {
    return this.secrets.setNgrokAuthtoken(token);
  }

  rememberClientState(subscriptionId: string, clientState: string): Promise<void> {
    return this.secrets.rememberClientState(subscriptionId, clientState);
  }

  generateCertificate(): Promise<PublicCertificate> {
    return this.secrets.generateCertificate();
  }

  importCertificate(pemText: string): Promise<PublicCertificate & { warnings?: string[] }> {
    return this.secrets.importCertificate(pemText);
  }

  async selfTest(url?: string): Promise<HandshakeResult & { url: string }> {
    if (!url) {
      const endpoints = await this.ensureStarted();
      url = endpoints.publicNotificationUrl ?? endpoints.localNotificationUrl;
    }
    const tested = await runHandshake(url);
    // Through a forwarded port, a failure is mostly a private port answering with a sign-in.
    const hint = this.tunnel.mode() === 'forwardedPort' && this.receiver ? explainForwardedSelfTest(tested, this.receiver.port) : undefined;
    const result = hint ? { ...tested, message: `${tested.message}. ${hint}` } : tested;
    this.write(`Handshake self-test ${url}: ${result.ok ? '✓' : `✗ rule ${result.failedRule}`} ${result.message}`);
    return { ...result, url };
  }

  async ingest(received: ReceivedNotification): Promise<void> {
    this.history ??= this.openHistory();
    await this.pipeline.ingest(received, this.history);
  }

  decryptStored(content: EncryptedContent): Promise<DecryptedContent> {
    return this.pipeline.decryptStored(content);
  }

  /** Re-sends a stored notification to the forward URL (or to `url`: Forward to… in the explorer). */
  replay(entryId: string, url?: string): Promise<number> {
    return replayStored(entryId, {
      forwardUrl: url ?? getConfig(ConfigKey.receiverForwardUrl),
      readHistory: () => this.readHistory(Number.MAX_SAFE_INTEGER),
      clientState: (id) => this.secrets.storedClientState(id),
      write: (line) => this.write(line),
    });
  }

  appendOutput(text: string, level: LineLevel = 'info'): void {
    this.write(text, level);
  }

  private write(text: string, level: LineLevel = 'info'): void {
    this.output.write(text, level);
  }

  private updateStatus(): void {
    this.statusBar.update({ receiver: this.receiver, tunnelUrl: this.tunnel.url(), lastRun: this.run.last() });
  }

  close(): Promise<void> {
    return this.stop(false);
  }

  dispose(): void {
    this.output.dispose();
    this.secrets.dispose();
    void this.stop(false).catch(() => undefined);
    this.statusBar.dispose();
    this.channel.dispose();
    this._onDidChangeState.dispose();
    this._onDidChangePublicUrl.dispose();
    this._onDidReceiveLifecycleEvent.dispose();
    this._onDidProcessNotification.dispose();
  }
}
