/**
 * Resync, as the extension runs it: the delta query of a subscription's resource through the
 * account's Graph client (src/subscriptions/resync.ts), with progress, a read-only Markdown report
 * of what changed, one line in the "Graph Notifications" output, and the deltaLink kept per
 * subscription in globalState (survives a reload) for the next resync.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { deltaQueryFor, type DeltaQuery, type NoDeltaQuery } from '../catalog/deltaQueries';
import type { Clock } from '../graph/clock';
import type { Subscription } from '../graph/types';
import type { Account, ReceiverService, ResyncReport, ResyncService } from '../services';
import { CancelledError, UserFacingError } from '../util/errors';
import type { Logger } from '../util/logger';
import { formatResyncMarkdown, runResync, summarizeChanges } from './resync';

const DELTA_LINKS_KEY = 'graphSubscriptions.resync.deltaLinks';
/** How far back the history is searched for the subscription's last change notification. */
const HISTORY_SCAN = 5000;

interface KeptLink {
  deltaLink: string;
  /** When the round that returned it ended. */
  at: string;
  accountId: string;
  resource: string;
}

export class ResyncServiceImpl implements ResyncService, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ResyncReport>();
  readonly onDidResync = this.emitter.event;
  private readonly reports = new Map<string, ResyncReport>();
  private readonly running = new Map<string, Promise<ResyncReport>>();

  constructor(
    private readonly deps: { context: vscode.ExtensionContext; receiver: ReceiverService; clock: Clock; log: Logger },
  ) {}

  plan(resource: string): DeltaQuery | NoDeltaQuery {
    return deltaQueryFor(resource);
  }

  kept(subscriptionId: string): { deltaLink: string; at: string } | undefined {
    const link = this.links()[subscriptionId];
    return link ? { deltaLink: link.deltaLink, at: link.at } : undefined;
  }

  lastReport(subscriptionId: string): ResyncReport | undefined {
    return this.reports.get(subscriptionId);
  }

  async carryOver(fromId: string, toId: string): Promise<void> {
    const links = this.links();
    if (!links[fromId]) return;
    links[toId] = links[fromId];
    delete links[fromId];
    await this.deps.context.globalState.update(DELTA_LINKS_KEY, links);
  }

  /** One resync at a time per subscription: a second request joins the running one. */
  run(account: Account, subscription: Subscription, options: { show?: boolean } = {}): Promise<ResyncReport> {
    const running = this.running.get(subscription.id);
    if (running) return running;
    const p = this.doRun(account, subscription, options).finally(() => this.running.delete(subscription.id));
    this.running.set(subscription.id, p);
    return p;
  }

  private async doRun(account: Account, subscription: Subscription, options: { show?: boolean }): Promise<ResyncReport> {
    const query = deltaQueryFor(subscription.resource);
    if (!query.ok) throw new UserFacingError(query.reason, []);
    const previous = this.links()[subscription.id];
    const kept = previous && previous.resource === subscription.resource ? { deltaLink: previous.deltaLink, at: previous.at } : undefined;
    const lastNotificationAt = kept ? undefined : await this.lastNotificationAt(subscription.id);
    const now = this.deps.clock.now();
    const controller = new AbortController();
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Resyncing ${subscription.resource}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => controller.abort(new CancelledError()));
        return runResync(account.client, {
          query,
          kept,
          lastNotificationAt,
          now,
          signal: controller.signal,
          onPage: (pages, items) => progress.report({ message: `${pages} page${pages === 1 ? '' : 's'}, ${items} item${items === 1 ? '' : 's'}` }),
        });
      },
    );
    const at = this.deps.clock.now();
    // Read the links again: another resync may have kept its own while this one ran (read, await,
    // write back the old copy would drop it).
    const latest = this.links();
    latest[subscription.id] = { deltaLink: result.deltaLink, at: at.toISOString(), accountId: account.id, resource: subscription.resource };
    await this.deps.context.globalState.update(DELTA_LINKS_KEY, latest);
    const markdown = formatResyncMarkdown(result, { subscriptionId: subscription.id, resource: subscription.resource, account: account.label, at });
    const reportPath = this.saveReport(subscription.id, markdown);
    const report: ResyncReport = { ...result, subscriptionId: subscription.id, accountId: account.id, resource: subscription.resource, at: at.toISOString(), reportPath };
    this.reports.set(subscription.id, report);
    const since = result.fromDeltaLink ? `since the last resync (${result.previousAt ?? '?'})` : result.since ? `since the last notification (${result.since})` : '(current state: no notification received before)';
    this.deps.receiver.appendOutput(`↻ Resync of ${subscription.id} (${subscription.resource}): ${summarizeChanges(result.changes)} ${since}; deltaLink kept for the next resync.`);
    for (const c of result.changes.slice(0, 50)) this.deps.receiver.appendOutput(`    ${c.kind.padEnd(8)} ${c.label ? `${c.label} ` : ''}${c.id}${c.reason ? ` (${c.reason})` : ''}`);
    if (result.changes.length > 50) this.deps.receiver.appendOutput(`    … ${result.changes.length - 50} more in the report`);
    this.deps.log.info(`Resync of ${subscription.id}: ${result.pages} page(s), ${result.changes.length} change(s)${result.restarted ? `; ${result.restarted}` : ''}`);
    if (options.show !== false) void vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(reportPath));
    this.emitter.fire(report);
    return report;
  }

  private links(): Record<string, KeptLink> {
    return { ...(this.deps.context.globalState.get<Record<string, KeptLink>>(DELTA_LINKS_KEY) ?? {}) };
  }

  /** When the newest change notification for the subscription arrived, from the receiver's history. */
  private async lastNotificationAt(subscriptionId: string): Promise<string | undefined> {
    try {
      for (const entry of await this.deps.receiver.readHistory(HISTORY_SCAN)) {
        if (entry.kind !== 'change') continue;
        const value = (entry.body as { value?: unknown } | undefined)?.value;
        if (Array.isArray(value) && value.some((n) => (n as { subscriptionId?: unknown } | null)?.subscriptionId === subscriptionId)) return entry.receivedAt;
      }
    } catch (error) {
      this.deps.log.warn(`Could not read the notification history for the resync of ${subscriptionId}: ${String(error)}`);
    }
    return undefined;
  }

  private saveReport(subscriptionId: string, markdown: string): string {
    const dir = path.join(this.deps.context.globalStorageUri.fsPath, 'resync');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${subscriptionId.replace(/[^A-Za-z0-9_-]/g, '_')}.md`);
    fs.writeFileSync(file, markdown, 'utf8');
    return file;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
