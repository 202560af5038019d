/**
 * VS Code side of the receiver: starts and stops the pure receiver (receiver.ts) and the configured
 * tunnel (receiverTunnel.ts), remembers the run (receiverRun.ts), keeps the history in global
 * storage and the secrets in SecretStorage (receiverSecrets.ts), hands each notification to the
 * pipeline (notificationPipeline.ts) that writes the "Graph Notifications" output (receiverOutput.ts),
 * and shows the status bar item. Lifecycle events are emitted (`onDidReceiveLifecycleEvent`):
 * src/subscriptions/registerLifecycleHandling.ts turns them into SubscriptionActions calls.
 */
import * as vscode from 'vscode';
import { getConfig } from '../util/config';
import { CommandId, ConfigKey, CONFIG_SECTION, NOTIFICATIONS_CHANNEL_NAME } from '../constants';
import type { AccountService, ClientStates, PublicUrlChange, ReceiverEndpoints, ReceiverService, SubscriptionStoreService } from '../services';
import { createOutputChannelLogger } from '../util/vscodeLogger';
import type { Logger } from '../util/logger';
import { expectedCondition, UserFacingError } from '../util/errors';
import { NotificationHistory, type HistoryEntry } from './history';
import { startReceiver, type ReceivedNotification, type ReceiverHandle } from './receiver';
import type { ProcessedItem, ProcessedNotification } from './processNotification';
import { NotificationPipeline } from './notificationPipeline';
import type { LineLevel } from './formatNotification';
import { ReceiverStatusBar } from './receiverStatusBar';
import { ReceiverSecrets, type PublicCertificate } from './receiverSecrets';
import { ReceiverOutput } from './receiverOutput';
import { ReceiverRunRecord } from './receiverRun';
import { openReceiverTunnel } from './receiverTunnel';
import { replayStored } from './replay';
import type { EncryptedContent } from '../graph/types';
import type { DecryptedContent } from './decryptContent';
import { publicEndpoints, type OpenedTunnel, type TunnelMode } from '../tunnel/tunnelModes';
import { loadNgrokModule } from '../tunnel/ngrokTunnel';
import { runHandshake, type HandshakeResult } from '../handshake/handshakeClient';
import { explainForwardedSelfTest } from '../tunnel/forwardedPort';

export { SECRET_NGROK_AUTHTOKEN } from './receiverSecrets';
const STATE_LAST_PUBLIC_URL = 'graphSubscriptions.lastPublicUrl';
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
  private tunnel: (OpenedTunnel & { mode: TunnelMode }) | undefined;
  /**
   * What `require` loads for the ngrok tunnel. Integration tests point it at an id that does not
   * resolve (as in the universal VSIX) or at a fake module with ngrok's `forward` surface.
   */
  ngrokModuleId = '@ngrok/ngrok';
  private applyingSettings = 0;
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
    this.updateStatus();
  }

  endpoints(): ReceiverEndpoints | undefined {
    if (!this.receiver) return undefined;
    return {
      localNotificationUrl: this.receiver.notificationUrl,
      localLifecycleUrl: this.receiver.lifecycleUrl,
      ...(this.tunnel ? publicEndpoints(this.tunnel.publicUrl) : {}),
    };
  }

  isRunning(): boolean {
    return this.receiver !== undefined;
  }

  tunnelUrl(): string | undefined {
    return this.tunnel?.publicUrl;
  }

  /** What the user should know about the running tunnel (e.g. how to make a forwarded port public). */
  tunnelNote(): string | undefined {
    return this.tunnel?.note;
  }

  /** Settings written by a command that applies them itself: no "restart to apply" prompt. */
  async applyingTunnelSettings(update: () => PromiseLike<void>): Promise<void> {
    this.applyingSettings++;
    try {
      await update();
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      this.applyingSettings--;
    }
  }

  isApplyingSettings(): boolean {
    return this.applyingSettings > 0;
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
    const port = configured || remembered;
    try {
      try {
        this.receiver = await listen(port);
      } catch (error) {
        // The port of the last run is only a preference; a configured port is a requirement.
        if (configured !== 0 || remembered === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        this.log.warn(`Port ${remembered} of the last run is taken; the receiver gets a new port, so subscriptions pointing at the old one need their notificationUrl updated.`);
        this.receiver = await listen(0);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      await this.history.close();
      this.history = undefined;
      if (code === 'EADDRINUSE') {
        throw new UserFacingError(`Port ${port} is in use: another receiver or app holds it.`, [
          { title: 'Change Port', command: 'workbench.action.openSettings', args: [`${CONFIG_SECTION}.${ConfigKey.receiverPort}`] },
        ]);
      }
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
    const mode = getConfig(ConfigKey.tunnelMode);
    if (mode !== 'none' && this.run.last()?.tunnelStopped) {
      this.write(`Tunnel (${mode}) not started: you stopped it (Start Tunnel brings it back)`);
    } else if (mode !== 'none' && !this.tunnelRequested) {
      // "Start Tunnel" starts the tunnel itself (and reports its own failure once).
      try {
        await this.startTunnel();
      } catch (error) {
        // The receiver is useful locally even when the tunnel fails; report and keep it.
        // An expected condition (offline, no authtoken, no URL) is one log line, not a stack trace.
        if (error instanceof UserFacingError && error.severity !== 'error') this.log.warn(`Tunnel did not start: ${error.message}`);
        else this.log.error('Tunnel did not start', error);
        warnTunnelFailed(error);
      }
    }
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
    await this.run.update({ tunnelStopped: false });
    if (this.tunnel) return this.tunnel.publicUrl;
    const mode = getConfig(ConfigKey.tunnelMode);
    if (mode === 'none') {
      throw expectedCondition('The tunnel mode is "none": the receiver is only reachable from this machine (enough for the Sandbox).', [
        { title: 'Choose Tunnel Mode…', command: CommandId.chooseTunnelMode },
      ], 'info');
    }
    const authtoken = mode === 'ngrok' ? await this.secrets.ngrokAuthtoken() : undefined;
    // A remote window (SSH, WSL, container, Codespace) runs this extension where the workspace is
    // (extensionKind "workspace"); its forwarded port is another way in.
    const remote = vscode.env.remoteName !== undefined;
    const opened = await openReceiverTunnel({
      settings: {
        mode,
        customPublicUrl: getConfig(ConfigKey.tunnelCustomPublicUrl),
        ngrokDomain: getConfig(ConfigKey.tunnelNgrokDomain),
        ...(authtoken ? { ngrokAuthtoken: authtoken } : {}),
        resolveExternalUrl: async (localUrl) => (await vscode.env.asExternalUri(vscode.Uri.parse(localUrl))).toString(true),
      },
      port: this.receiver!.port,
      loadNgrok: () => loadNgrokModule(this.ngrokModuleId, { platform: process.platform, arch: process.arch, remote }),
      remote,
      write: (line) => this.write(line, 'warn'),
    });
    this.tunnel = opened ? { ...opened, mode } : undefined;
    const url = this.tunnel?.publicUrl;
    if (url) {
      this.write(`Tunnel (${mode}) ${url} → 127.0.0.1:${this.receiver!.port}`);
      if (this.tunnel?.note) this.write(this.tunnel.note);
      const previous = this.context.globalState.get<string>(STATE_LAST_PUBLIC_URL);
      await this.context.globalState.update(STATE_LAST_PUBLIC_URL, url);
      if (previous && previous !== url) this._onDidChangePublicUrl.fire({ oldUrl: previous, newUrl: url, what: 'public' });
    }
    this.updateStatus();
    this._onDidChangeState.fire();
    return url;
  }

  /**
   * Stops the tunnel. `byUser` (Stop Tunnel) is remembered: no automatic start brings it back, not
   * even a window reload; the receiver's own stop passes false.
   */
  async stopTunnel(byUser = true): Promise<void> {
    if (byUser) await this.run.update({ tunnelStopped: true });
    const t = this.tunnel;
    this.tunnel = undefined;
    await t?.close();
    if (t) this.write('Tunnel stopped');
    this.updateStatus();
    this._onDidChangeState.fire();
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
    const hint = this.tunnel?.mode === 'forwardedPort' && this.receiver ? explainForwardedSelfTest(tested, this.receiver.port) : undefined;
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
    this.statusBar.update({ receiver: this.receiver, tunnelUrl: this.tunnel?.publicUrl, lastRun: this.run.last() });
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

function warnTunnelFailed(error: unknown): void {
  const steps = error instanceof UserFacingError ? error.nextSteps : [];
  const withLog = steps.some((n) => n.title === 'Show Log') ? [] : ['Show Log'];
  void vscode.window.showWarningMessage(`Receiver started, but the tunnel did not: ${(error as Error).message}`, ...steps.map((n) => n.title), ...withLog).then((c) => {
    const step = steps.find((n) => n.title === c);
    if (step) void vscode.commands.executeCommand(step.command, ...(step.args ?? []));
    else if (c) void vscode.commands.executeCommand(CommandId.showLog);
  });
}
