/**
 * VS Code side of the receiver: starts the pure receiver and the configured tunnel, keeps the
 * history in global storage, secrets (clientStates, private keys, ngrok authtoken) in
 * SecretStorage, writes the "Graph Notifications" output and shows the status bar item. Lifecycle
 * events are emitted (`onDidReceiveLifecycleEvent`), not acted on here:
 * src/subscriptions/registerLifecycleHandling.ts turns them into SubscriptionActions calls.
 */
import * as vscode from 'vscode';
import { getConfig } from '../util/config';
import { CommandId, ConfigKey, CONFIG_SECTION, NOTIFICATIONS_CHANNEL_NAME } from '../constants';
import type { AccountService, ClientStates, PublicUrlChange, ReceiverEndpoints, ReceiverService, SubscriptionStoreService } from '../services';
import type { ChangeNotificationCollection } from '../graph/types';
import { createOutputChannelLogger } from '../util/vscodeLogger';
import type { Logger } from '../util/logger';
import { UserFacingError } from '../util/errors';
import { clientStateKeys, NotificationHistory, sanitizeBody, type HistoryEntry } from './history';
import { startReceiver, type ReceivedNotification, type ReceiverHandle } from './receiver';
import { processNotification, summarize, type ProcessDeps, type ProcessedItem, type ProcessedNotification } from './processNotification';
import { screenNotification } from './screenNotification';
import { escapeControl, formatNotificationLines, type LineLevel } from './formatNotification';
import { AccountTenants } from './accountTenants';
import { OutputThrottle } from './outputThrottle';
import { KeyObjectCache, type KeyStore } from './keyStore';
import { notificationTokenValidator } from './notificationTokenValidator';
import { ReceiverStatusBar } from './receiverStatusBar';
import { forwardNotification, replayBody } from './forwarder';
import { generateCertificate, importPemCertificate, type CertificateMaterial } from './certificates';
import { openTunnel, publicEndpoints, type OpenedTunnel, type TunnelMode } from '../tunnel/tunnelModes';
import { loadNgrokModule } from '../tunnel/ngrokTunnel';
import { runHandshake, type HandshakeResult } from '../handshake/handshakeClient';
import { explainForwardedSelfTest } from '../tunnel/forwardedPort';

const SECRET_CLIENT_STATE = 'graphSubscriptions.clientState.';
const SECRET_CERT_KEY = 'graphSubscriptions.certificateKey.';
export const SECRET_NGROK_AUTHTOKEN = 'graphSubscriptions.ngrokAuthtoken';
const STATE_LAST_PUBLIC_URL = 'graphSubscriptions.lastPublicUrl';
/**
 * The receiver's last run in this workspace. Its port is reused by every later start (a window
 * reload, Start Receiver after Stop Receiver, a draft that needs the receiver), so subscriptions
 * whose notificationUrl points at it keep being delivered. `stopped`: the user stopped it, so a
 * reload does not resume it; `tunnelStopped`: the user stopped the tunnel, so no automatic start
 * brings it back (Start Tunnel does).
 */
const STATE_RECEIVER_RUN = 'graphSubscriptions.receiver.lastRun';
export interface ReceiverRun {
  port: number;
  stopped?: boolean;
  tunnelStopped?: boolean;
}
const RECENT_LINES = 500;

export type { PublicUrlChange } from '../services';

/** What the receiver reads: which account owns a subscription (token checks, URL moves). */
export interface ReceiverDeps {
  accounts: AccountService;
  store: SubscriptionStoreService;
}

export class ReceiverServiceImpl implements ReceiverService {
  private readonly channel: vscode.LogOutputChannel;
  private readonly out: Logger;
  private readonly statusBar = new ReceiverStatusBar();
  private readonly validateTokens: ReturnType<typeof notificationTokenValidator>;
  private readonly clientStateCache = new Map<string, Promise<string | undefined>>();
  /** Beyond a rate, one summary line per subscription and second instead of every item. */
  private readonly throttle: OutputThrottle;
  /** The user's tenants: the only ones whose validation tokens are trusted. */
  private readonly tenants: AccountTenants;
  private readonly keys: KeyObjectCache;
  private readonly recent: string[] = [];
  private readonly _onDidChangeState = new vscode.EventEmitter<void>();
  /** Fires when the receiver or tunnel starts or stops. */
  readonly onDidChangeState = this._onDidChangeState.event;
  private readonly _onDidChangePublicUrl = new vscode.EventEmitter<PublicUrlChange>();
  /** Fires when a tunnel comes up with a public URL different from the last one used. */
  readonly onDidChangePublicUrl = this._onDidChangePublicUrl.event;
  private readonly _onDidReceiveLifecycleEvent = new vscode.EventEmitter<ProcessedItem>();
  readonly onDidReceiveLifecycleEvent = this._onDidReceiveLifecycleEvent.event;
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
  private readonly pending = new Set<Promise<unknown>>();
  private readonly screened = new WeakMap<ChangeNotificationCollection, ProcessedNotification>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly deps: ReceiverDeps,
  ) {
    this.channel = vscode.window.createOutputChannel(NOTIFICATIONS_CHANNEL_NAME, { log: true });
    this.out = createOutputChannelLogger(this.channel);
    this.validateTokens = notificationTokenValidator(deps);
    this.tenants = new AccountTenants(deps.accounts);
    context.subscriptions.push(deps.accounts.onDidChangeAccounts(() => this.tenants.clear()));
    const secrets = context.secrets;
    const keyStore: KeyStore = { getPrivateKeyPem: (id) => Promise.resolve(secrets.get(SECRET_CERT_KEY + id)) };
    this.keys = new KeyObjectCache(keyStore);
    // Read once per subscription, not per notification: SecretStorage is a round trip to the main
    // process, too slow for a burst of thousands a second. Another window may change a secret.
    context.subscriptions.push(secrets.onDidChange((e) => {
      if (e.key.startsWith(SECRET_CLIENT_STATE)) this.clientStateCache.delete(e.key.slice(SECRET_CLIENT_STATE.length));
    }));
    this.throttle = new OutputThrottle((lines) => {
      for (const line of lines) this.write(line, / untrusted/.test(line) ? 'warn' : 'info');
    });
    this.clientStates = {
      get: (id) => this.cachedClientState(id),
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
    return this.recent;
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
    const run = this.lastRun();
    return run !== undefined && run.stopped !== true;
  }

  private lastRun(): ReceiverRun | undefined {
    return this.context.workspaceState.get<ReceiverRun>(STATE_RECEIVER_RUN);
  }

  private async updateRun(change: Partial<ReceiverRun>): Promise<void> {
    const run = this.lastRun();
    const port = change.port ?? run?.port;
    if (port === undefined) return;
    await this.context.workspaceState.update(STATE_RECEIVER_RUN, { ...run, ...change, port } satisfies ReceiverRun);
  }

  /** What the status bar item shows (test hook: status bar items cannot be read through the API). */
  statusBarState(): { text: string; shown: boolean; command?: string } {
    return this.statusBar.state();
  }

  private async start(): Promise<ReceiverEndpoints> {
    // An Event Hubs source may have opened it already.
    this.history ??= this.openHistory();
    const configured = getConfig(ConfigKey.receiverPort);
    const remembered = this.lastRun()?.port ?? 0;
    const history = this.history;
    const listen = (port: number) =>
      startReceiver({
        port,
        maxBodyBytes: getConfig(ConfigKey.receiverMaxBodyBytes),
        history,
        log: this.log,
        onNotification: (received) => this.track(this.onNotification(received)),
        screen: (body) => this.screen(body),
        onHandshake: ({ path, maskedToken, eventGridOrigin }) => this.write(eventGridOrigin
          ? `${new Date().toISOString().slice(11, 23)} Event Grid handshake ${escapeControl(path)}: allowed origin ${escapeControl(eventGridOrigin)} (200, WebHook-Allowed-Origin)`
          : `${new Date().toISOString().slice(11, 23)} handshake ${escapeControl(path)}: echoed validation token ${escapeControl(maskedToken)} (200 text/plain)`),
        onRejected: ({ status, reason, path }) => this.write(`${new Date().toISOString().slice(11, 23)} ✗ rejected ${escapeControl(path)}: ${status} ${escapeControl(reason)}`, 'warn'),
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
    await this.updateRun({ port: this.receiver.port, stopped: false });
    this.write(`Receiver listening on ${this.receiver.notificationUrl} and ${this.receiver.lifecycleUrl}`);
    this.updateStatus();
    this._onDidChangeState.fire();
    if (remembered !== 0 && configured === 0 && this.receiver.port !== remembered) {
      // Subscriptions still point at the old port: offer to move them (registerReceiver).
      this._onDidChangePublicUrl.fire({ oldUrl: `http://127.0.0.1:${remembered}/`, newUrl: `http://127.0.0.1:${this.receiver.port}/`, what: 'local' });
    }
    const mode = getConfig(ConfigKey.tunnelMode);
    if (mode !== 'none' && this.lastRun()?.tunnelStopped) {
      this.write(`Tunnel (${mode}) not started: you stopped it (Start Tunnel brings it back)`);
    } else if (mode !== 'none' && !this.tunnelRequested) {
      // "Start Tunnel" starts the tunnel itself (and reports its own failure once).
      try {
        await this.startTunnel();
      } catch (error) {
        // The receiver is useful locally even when the tunnel fails; report and keep it.
        this.log.error('Tunnel did not start', error);
        const steps = error instanceof UserFacingError ? error.nextSteps : [];
        void vscode.window.showWarningMessage(`Receiver started, but the tunnel did not: ${(error as Error).message}`, ...steps.map((n) => n.title), 'Show Log').then((c) => {
          const step = steps.find((n) => n.title === c);
          if (step) void vscode.commands.executeCommand(step.command, ...(step.args ?? []));
          else if (c) void vscode.commands.executeCommand(CommandId.showLog);
        });
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
    await this.updateRun({ tunnelStopped: false });
    if (this.tunnel) return this.tunnel.publicUrl;
    const mode = getConfig(ConfigKey.tunnelMode);
    if (mode === 'none') {
      throw new UserFacingError('The tunnel mode is "none": the receiver is only reachable from this machine (enough for the sandbox).', [
        { title: 'Choose Tunnel Mode', command: CommandId.chooseTunnelMode },
      ]);
    }
    const authtoken = mode === 'ngrok' ? await this.context.secrets.get(SECRET_NGROK_AUTHTOKEN) : undefined;
    this.log.addSecret(authtoken);
    // A remote window (SSH, WSL, container, Codespace) runs this extension where the workspace is
    // (extensionKind "workspace"); its forwarded port is another way in.
    const remote = vscode.env.remoteName !== undefined;
    try {
      const opened = await openTunnel(
        {
          mode,
          customPublicUrl: getConfig(ConfigKey.tunnelCustomPublicUrl),
          ngrokDomain: getConfig(ConfigKey.tunnelNgrokDomain),
          ...(authtoken ? { ngrokAuthtoken: authtoken } : {}),
          resolveExternalUrl: async (localUrl) => (await vscode.env.asExternalUri(vscode.Uri.parse(localUrl))).toString(true),
        },
        this.receiver!.port,
        () => loadNgrokModule(this.ngrokModuleId, { platform: process.platform, arch: process.arch, remote }),
      );
      this.tunnel = opened ? { ...opened, mode } : undefined;
    } catch (error) {
      const reason = (error as { reason?: string }).reason;
      if (reason === 'missingAuthtoken') {
        throw new UserFacingError((error as Error).message, [{ title: 'Set ngrok Authtoken', command: CommandId.setNgrokAuthtoken }]);
      }
      if (reason === 'moduleUnavailable') {
        this.write(`✗ ${(error as Error).message}`);
        throw new UserFacingError((error as Error).message, [
          { title: 'Use a Custom URL', command: CommandId.chooseTunnelMode, args: [{ mode: 'customUrl' }] },
          ...(remote ? [{ title: 'Use the Forwarded Port', command: CommandId.chooseTunnelMode, args: [{ mode: 'forwardedPort' }] }] : []),
        ]);
      }
      if ((error as Error).name === 'TunnelConfigError') {
        throw new UserFacingError((error as Error).message, [{ title: 'Choose Tunnel Mode', command: CommandId.chooseTunnelMode }]);
      }
      throw error;
    }
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
    if (byUser) await this.updateRun({ tunnelStopped: true });
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
    if (forget) await this.updateRun({ stopped: true });
    await this.stopTunnel(false);
    const r = this.receiver;
    this.receiver = undefined;
    await r?.close();
    await Promise.allSettled([...this.pending]);
    await this.history?.close();
    this.history = undefined;
    if (r) this.write('Receiver stopped');
    this.updateStatus();
    this._onDidChangeState.fire();
  }

  async setNgrokAuthtoken(token: string): Promise<void> {
    await this.context.secrets.store(SECRET_NGROK_AUTHTOKEN, token);
    this.log.addSecret(token);
  }

  async rememberClientState(subscriptionId: string, clientState: string): Promise<void> {
    this.log.addSecret(clientState);
    this.out.addSecret(clientState);
    this.clientStateCache.set(subscriptionId, Promise.resolve(clientState));
    await this.context.secrets.store(SECRET_CLIENT_STATE + subscriptionId, clientState);
  }

  private cachedClientState(subscriptionId: string): Promise<string | undefined> {
    let p = this.clientStateCache.get(subscriptionId);
    if (!p) {
      p = Promise.resolve(this.context.secrets.get(SECRET_CLIENT_STATE + subscriptionId));
      this.clientStateCache.set(subscriptionId, p);
      // A failed read is not remembered.
      p.catch(() => this.clientStateCache.delete(subscriptionId));
      // Bounded: junk subscription ids from strangers must not grow it without end.
      if (this.clientStateCache.size > 10_000) this.clientStateCache.delete(this.clientStateCache.keys().next().value as string);
    }
    return p;
  }

  async generateCertificate(): Promise<{ encryptionCertificate: string; encryptionCertificateId: string }> {
    return this.keep(await generateCertificate());
  }

  async importCertificate(pemText: string): Promise<{ encryptionCertificate: string; encryptionCertificateId: string; warnings?: string[] }> {
    const material = importPemCertificate(pemText);
    for (const w of material.warnings ?? []) this.log.warn(`Imported certificate: ${w}`);
    return { ...(await this.keep(material)), ...(material.warnings ? { warnings: material.warnings } : {}) };
  }

  /** Keeps the private key in SecretStorage; only the public part leaves the service. */
  private async keep(material: CertificateMaterial): Promise<{ encryptionCertificate: string; encryptionCertificateId: string }> {
    await this.context.secrets.store(SECRET_CERT_KEY + material.encryptionCertificateId, material.privateKeyPem);
    this.log.info(`Certificate ${material.encryptionCertificateId} (thumbprint ${material.thumbprint}) kept; its private key is in Secret Storage`);
    return { encryptionCertificate: material.encryptionCertificate, encryptionCertificateId: material.encryptionCertificateId };
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
    // Persisted before it is processed, as the receiver does; clientState masked.
    const sanitized = sanitizeBody(received.body);
    await this.history.appendReceived({
      id: received.id, receivedAt: received.receivedAt, kind: received.kind, path: received.path, body: sanitized.body,
      ...(sanitized.tokenCount ? { validationTokenCount: sanitized.tokenCount } : {}),
    });
    const p = this.onNotification(received);
    this.track(p);
    await p;
  }

  /** Re-sends a stored notification to the forward URL. */
  async replay(entryId: string): Promise<number> {
    const forwardUrl = getConfig(ConfigKey.receiverForwardUrl);
    if (!forwardUrl) {
      throw new UserFacingError('Replay sends a stored notification to your own app: set a forward URL first.', [
        { title: 'Set Forward URL', command: 'workbench.action.openSettings', args: [`${CONFIG_SECTION}.${ConfigKey.receiverForwardUrl}`] },
      ]);
    }
    const entry = (await this.readHistory(Number.MAX_SAFE_INTEGER)).find((e) => e.id === entryId);
    if (!entry || entry.body === undefined) throw new UserFacingError('That notification is no longer in the history.');
    // The history keeps clientState masked (a shared secret): the replay carries the real one again.
    const body = entry.body as { value?: unknown };
    if (Array.isArray(body?.value)) {
      for (const item of body.value as { [key: string]: unknown }[]) {
        if (!item || typeof item.subscriptionId !== 'string') continue;
        const keys = clientStateKeys(item).filter((k) => typeof item[k] === 'string');
        if (keys.length === 0) continue;
        const clientState = await this.context.secrets.get(SECRET_CLIENT_STATE + item.subscriptionId);
        if (clientState) for (const k of keys) item[k] = clientState;
      }
    }
    const result = await forwardNotification(forwardUrl, replayBody(entry.body), { kind: 'replay' });
    if (result.redirectedTo) {
      throw new UserFacingError(`Your app answered ${result.status}, a redirect to ${escapeControl(result.redirectedTo)}. Replay does not follow redirects: the body carries the real clientState. Set the forward URL to the final address.`, [
        { title: 'Set Forward URL', command: 'workbench.action.openSettings', args: [`${CONFIG_SECTION}.${ConfigKey.receiverForwardUrl}`] },
      ]);
    }
    this.write(`Replayed ${entry.id} to ${forwardUrl}: ${result.status} in ${Math.round(result.ms)} ms`);
    return result.status;
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.catch((e: unknown) => this.log.error('Notification processing failed', e)).finally(() => this.pending.delete(p));
  }

  appendOutput(text: string, level: LineLevel = 'info'): void {
    this.write(text, level);
  }

  private write(text: string, level: LineLevel = 'info'): void {
    this.out[level](text);
    for (const line of text.split('\n')) {
      this.recent.push(line);
      if (this.recent.length > RECENT_LINES) this.recent.shift();
    }
  }

  private async onNotification(received: ReceivedNotification): Promise<void> {
    const forwardUrl = getConfig(ConfigKey.receiverForwardUrl);
    if (forwardUrl) {
      // The user's app gets the body exactly as Graph sent it (tokens included: it may check them itself).
      forwardNotification(forwardUrl, received.rawBody, { kind: 'live', contentType: received.contentType }).then(
        (r) =>
          r.redirectedTo
            ? this.write(`✗ forwarding ${received.id}: ${forwardUrl} answered ${r.status} redirecting to ${escapeControl(r.redirectedTo)}; not followed (the body carries the clientState). Set the forward URL to the final address.`, 'warn')
            : this.log.debug(`Forwarded ${received.id} to ${forwardUrl}: ${r.status}`),
        (e: unknown) => this.write(`✗ forwarding ${received.id} to ${forwardUrl} failed: ${(e as Error).message}`),
      );
    }
    // Notifications of our own subscriptions were already checked by the screen before the 202.
    // The screen checks as for a webhook POST; Event Grid/Event Hubs deliveries are checked knowing their channel.
    const screened = received.channel ? undefined : this.screened.get(received.body);
    const processed = screened
      ? { ...screened, id: received.id, receivedAt: received.receivedAt, kind: received.kind }
      : await processNotification(received, this.processDeps());
    const verbosity = getConfig(ConfigKey.notificationsVerbosity);
    if (processed.items.length === 0) {
      for (const line of formatNotificationLines(processed, verbosity)) this.write(line.text, line.level);
    }
    for (const item of processed.items) {
      // Lifecycle events are rare and call for action: always printed.
      const print = this.throttle.admit(item.subscriptionId, item.trust) || item.lifecycleEvent !== undefined;
      if (!print) continue;
      for (const line of formatNotificationLines({ ...processed, items: [item] }, verbosity)) this.write(line.text, line.level);
    }
    await this.history?.appendProcessed(received.id, summarize(processed)).catch((e: unknown) => this.log.error('History append failed', e));
    for (const item of processed.items) if (item.lifecycleEvent) this._onDidReceiveLifecycleEvent.fire(item);
  }

  private processDeps(): ProcessDeps {
    return {
      clientStates: { get: (id) => this.cachedClientState(id) },
      resolveKey: (id) => this.keys.get(id),
      trustedTenantIds: () => this.tenants.list(),
      validateTokens: (tokens, ctx) => this.validateTokens(tokens, ctx.tenantIds, ctx.subscriptionIds),
    };
  }

  /**
   * Before the 202: refuses (401) what is provably forged for a subscription created here — a wrong
   * clientState, a token that is expired, foreign or for another of our apps, a tampered
   * dataSignature (src/notifications/screenNotification.ts). The checks are kept for processing.
   */
  private async screen(body: ChangeNotificationCollection): Promise<{ status: number; reason: string } | undefined> {
    const { accounts, store } = this.deps;
    // wrongAudience is conclusive only when every subscription's account (and so its app id) is known.
    const appKnown = (id: string) =>
      accounts.list().some((a) => a.applicationId && (store.subscriptions(a.id)?.some((s) => s.id === id) || store.lastKnownDefinition(id)?.accountId === a.id));
    const result = await screenNotification(body, { ...this.processDeps(), audienceKnown: (ids) => ids.length > 0 && ids.every(appKnown) });
    if (result.processed && !result.refusal) this.screened.set(body, result.processed);
    return result.refusal;
  }

  private updateStatus(): void {
    this.statusBar.update({ receiver: this.receiver, tunnelUrl: this.tunnel?.publicUrl, lastRun: this.lastRun() });
  }

  close(): Promise<void> {
    return this.stop(false);
  }

  dispose(): void {
    this.throttle.dispose();
    void this.stop(false).catch(() => undefined);
    this.statusBar.dispose();
    this.channel.dispose();
    this._onDidChangeState.dispose();
    this._onDidChangePublicUrl.dispose();
    this._onDidReceiveLifecycleEvent.dispose();
  }
}
