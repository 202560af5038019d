/**
 * The notifications explorer panel: a webview over the receiver's history file (the same file, no
 * second store). The pure ExplorerSession does the work; this adapter creates the panel, carries
 * messages both ways (checked by parseWebviewMessage), refreshes it live when a notification was
 * processed (and every few seconds while visible, for other windows' receivers), and runs the
 * existing commands for Replay and Forward.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandId, ConfigKey } from '../../constants';
import type { AccountService, NotificationsExplorerService, ReceiverService, SubscriptionStoreService } from '../../services';
import { getConfig } from '../../util/config';
import type { Logger } from '../../util/logger';
import { ExplorerSession, type SessionAction } from './explorerSession';
import { explorerHtml } from './explorerHtml';
import { parseWebviewMessage, type HostMessage, type StateMessage } from './protocol';
import type { SubscriptionNameSource } from './subscriptionNames';

export const EXPLORER_VIEW_TYPE = 'graphSubscriptions.notificationsExplorer';
/** Other windows append to the same history: looked at this often while the panel is visible. */
const POLL_MS = 2000;

export interface ExplorerDeps {
  receiver: ReceiverService;
  accounts: AccountService;
  store: SubscriptionStoreService;
}

export class NotificationsExplorerServiceImpl implements NotificationsExplorerService {
  private panel: vscode.WebviewPanel | undefined;
  private session: ExplorerSession | undefined;
  private disposables: vscode.Disposable[] = [];
  private poll: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private messagesFromWebview = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly deps: ExplorerDeps,
  ) {}

  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'explorer');
    const scripts = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(EXPLORER_VIEW_TYPE, 'Notifications Explorer', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media, scripts],
    });
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'explorer', 'explorer.svg');
    this.panel = panel;
    const { receiver } = this.deps;
    const session = new ExplorerSession({
      dir: path.dirname(receiver.historyFile()),
      now: () => Date.now(),
      subscriptionSource: (id) => this.subscriptionSource(id),
      decrypt: (content) => receiver.decryptStored(content),
      post: (message: HostMessage) => void panel.webview.postMessage(message),
    });
    this.session = session;
    panel.webview.html = explorerHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(scripts, 'explorer.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'explorer.css')).toString(),
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (!message) {
          this.log.warn('Notifications explorer: ignored a message it does not understand');
          return;
        }
        this.messagesFromWebview++;
        session.handle(message).then(
          (action) => (action ? this.act(action) : undefined),
          (e: unknown) => this.log.error('Notifications explorer failed to answer', e),
        );
      }),
      receiver.onDidProcessNotification(() => this.scheduleRefresh()),
      panel.onDidChangeViewState(() => this.updatePolling()),
      panel.onDidDispose(() => this.closed()),
    );
    this.updatePolling();
  }

  /** What the panel shows (a webview cannot be read through the API): for tests. */
  snapshot(): { open: boolean; messagesFromWebview: number; state: StateMessage | undefined } {
    return { open: this.panel !== undefined, messagesFromWebview: this.messagesFromWebview, state: this.session?.lastState };
  }

  private async act(action: SessionAction): Promise<void> {
    switch (action.type) {
      case 'replay':
        await vscode.commands.executeCommand(CommandId.replayNotification, action.entryId);
        return;
      case 'forward': {
        const url = await vscode.window.showInputBox({
          title: 'Forward the notification to…',
          prompt: 'It is sent as Graph sent it (clientState restored from Secret Storage), once, to this URL.',
          value: getConfig(ConfigKey.receiverForwardUrl) || 'http://localhost:3000/api/notifications',
          validateInput: (v) => (/^https?:\/\/\S+$/i.test(v.trim()) ? undefined : 'An http:// or https:// URL, e.g. http://localhost:3000/api/notifications'),
        });
        if (url) await vscode.commands.executeCommand(CommandId.replayNotification, { id: action.entryId, url: url.trim() });
        return;
      }
      case 'openRaw':
        await this.openRaw();
        return;
      case 'copyId':
        await vscode.env.clipboard.writeText(action.subscriptionId);
        void vscode.window.setStatusBarMessage(`Copied the subscription id ${action.subscriptionId}`, 3000);
        return;
      case 'gone':
        void vscode.window.showWarningMessage('That notification is no longer in the history (the file was rotated since). The list is read again.');
        await this.session?.refresh();
        return;
    }
  }

  private async openRaw(): Promise<void> {
    const file = this.deps.receiver.historyFile();
    if (!fs.existsSync(file)) {
      void vscode.window.showInformationMessage('No notification has been received yet: the history file does not exist.');
      return;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  /** Named as the tree names it: its resource under its account's label; else its remembered definition. */
  private subscriptionSource(id: string): Omit<SubscriptionNameSource, 'notified'> {
    const accounts = this.deps.accounts.list();
    for (const account of accounts) {
      const found = this.deps.store.subscriptions(account.id)?.find((s) => s.id === id);
      if (found) return { listed: { resource: found.resource, account: account.label } };
    }
    const known = this.deps.store.lastKnownDefinition(id);
    if (!known) return {};
    const account = accounts.find((a) => a.id === known.accountId)?.label;
    return { remembered: { resource: known.subscription.resource, ...(account ? { account } : {}) } };
  }

  /** Bursts of notifications become one refresh. */
  private scheduleRefresh(): void {
    if (!this.session || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.session?.refresh().catch((e: unknown) => this.log.error('Notifications explorer refresh failed', e));
    }, 100);
  }

  private updatePolling(): void {
    const visible = this.panel?.visible ?? false;
    if (visible && !this.poll) this.poll = setInterval(() => this.scheduleRefresh(), POLL_MS);
    if (!visible && this.poll) {
      clearInterval(this.poll);
      this.poll = undefined;
    }
  }

  private closed(): void {
    if (this.poll) clearInterval(this.poll);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.poll = undefined;
    this.refreshTimer = undefined;
    for (const d of this.disposables) d.dispose();
    this.disposables = [];
    this.panel = undefined;
    this.session = undefined;
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed();
  }
}
