/**
 * One open notifications explorer, without VS Code: owns the history index and the current query,
 * answers the webview's messages (query, page of rows, detail of one) and refreshes live. The panel
 * (notificationsExplorerService.ts) only carries messages and runs commands. No `vscode` import.
 */
import type { EncryptedContent } from '../../graph/types';
import type { DecryptedContent } from '../decryptContent';
import { describeGroup } from './duplicateGroups';
import { queryIndex, type ExplorerView } from './explorerQuery';
import { HistoryIndex } from './historyIndex';
import type { DetailMessage, FilterDto, HostMessage, RowDto, StateMessage, WebviewMessage } from './protocol';
import { nameSubscription, subscriptionOneLine, type SubscriptionNameSource } from './subscriptionNames';

export interface SessionDeps {
  /** Folder of the history files. */
  dir: string;
  now: () => number;
  /** What the extension knows of a subscription (listed by an account now, or remembered), to name it as the tree does. */
  subscriptionSource: (subscriptionId: string) => Omit<SubscriptionNameSource, 'notified'>;
  decrypt: (content: EncryptedContent) => Promise<DecryptedContent>;
  post: (message: HostMessage) => void;
  duplicateWindowMs?: number;
}

/** What the panel must do for a message the session does not answer itself. */
export type SessionAction = { type: 'replay' | 'forward'; entryId: string } | { type: 'openRaw' } | { type: 'gone' } | { type: 'copyId'; subscriptionId: string };

const EMPTY_FILTER: FilterDto = { subscriptionIds: [], changeTypes: [], checks: [], resource: '' };

export class ExplorerSession {
  private index: HistoryIndex | undefined;
  private opening: Promise<HistoryIndex> | undefined;
  private view: ExplorerView | undefined;
  private version = 0;
  private filter: FilterDto = EMPTY_FILTER;
  private groupDuplicates = true;
  private expanded = new Set<number>();
  private refreshing: Promise<number> | undefined;
  private refreshAgain = false;

  constructor(private readonly deps: SessionDeps) {}

  /** The last state posted (integration tests read it: a webview cannot be inspected). */
  lastState: StateMessage | undefined;

  /** Answers a webview message; returns what the panel must do, if anything. */
  async handle(message: WebviewMessage): Promise<SessionAction | undefined> {
    switch (message.type) {
      case 'query':
        this.filter = message.filter;
        this.groupDuplicates = message.groupDuplicates;
        this.expanded = new Set(message.expanded);
        await this.load();
        this.postState(0);
        return undefined;
      case 'page':
        if (message.version === this.version) this.deps.post(this.page(message.start, message.count));
        return undefined;
      case 'select':
        this.deps.post(await this.detail(message.row));
        return undefined;
      case 'replay':
      case 'forward': {
        const read = this.index && message.row < this.index.size ? await this.index.readEntry(message.row) : undefined;
        return read ? { type: message.type, entryId: read.entry.id } : { type: 'gone' };
      }
      case 'openRaw':
        return { type: 'openRaw' };
      case 'copyId':
        return { type: 'copyId', subscriptionId: message.subscriptionId };
    }
  }

  /**
   * Reads what the history got since (a notification arrived, or another window wrote); posts the
   * new state when rows were added. Calls while one runs are folded into one more run.
   */
  async refresh(): Promise<number> {
    if (!this.index) return 0;
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    const index = this.index;
    this.refreshing = (async () => {
      let added = 0;
      do {
        this.refreshAgain = false;
        added += await index.refresh();
      } while (this.refreshAgain);
      if (added > 0) this.postState(added);
      return added;
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Rows in the index (0 before it is loaded). */
  get size(): number {
    return this.index?.size ?? 0;
  }

  private async load(): Promise<HistoryIndex> {
    if (this.index) return this.index;
    this.opening ??= HistoryIndex.open(this.deps.dir, { duplicateWindowMs: this.deps.duplicateWindowMs });
    this.index = await this.opening;
    return this.index;
  }

  private postState(added: number): void {
    const index = this.index;
    if (!index) return;
    const f = this.filter;
    this.view = queryIndex(
      index,
      { subscriptionIds: f.subscriptionIds, changeTypes: f.changeTypes, checks: f.checks, from: f.from, to: f.to, resource: f.resource },
      { groupDuplicates: this.groupDuplicates, expanded: this.expanded, now: this.deps.now() },
    );
    const v = this.view;
    this.version++;
    const state: StateMessage = {
      type: 'state',
      version: this.version,
      loading: false,
      total: v.total,
      matched: v.matched,
      listLength: v.rows.length,
      subscriptions: v.subscriptions.map(({ resource, ...s }) => {
        const known = s.subscriptionId ? this.deps.subscriptionSource(s.subscriptionId) : {};
        const n = nameSubscription(s.subscriptionId, { ...known, ...(resource !== undefined ? { notified: resource } : {}) });
        return { ...s, name: n.name, ...(n.detail !== undefined ? { detail: n.detail } : {}), title: n.title, oneLine: subscriptionOneLine(n), listed: n.kind === 'listed' };
      }),
      changeTypes: v.changeTypes,
      checks: v.checks,
      chart: v.chart,
      ...(v.latency ? { latency: v.latency } : {}),
      duplicateWindowMs: this.deps.duplicateWindowMs ?? 60_000,
      added,
    };
    this.lastState = state;
    this.deps.post(state);
  }

  private page(start: number, count: number): HostMessage {
    const index = this.index;
    const view = this.view;
    const rows: RowDto[] = [];
    if (index && view) {
      const end = Math.min(view.rows.length, start + count);
      for (let i = start; i < end; i++) rows.push(this.rowDto(index, view.rows[i]));
    }
    return { type: 'rows', version: this.version, start, rows };
  }

  private rowDto(index: HistoryIndex, r: number): RowDto {
    const row = index.row(r);
    const dto: RowDto = { row: r, time: row.receivedAt, subscriptionId: row.subscriptionId, changeType: row.changeType, check: row.check };
    if (row.resource !== undefined) dto.resource = row.resource;
    if (row.latencyMs !== undefined) dto.latencyMs = row.latencyMs;
    if (row.refusedCount !== undefined) dto.refusedCount = row.refusedCount;
    if (row.redeliveryOf !== undefined) dto.redeliveryOf = row.redeliveryOf;
    if (this.groupDuplicates && row.groupSize !== undefined && row.groupSize > 1) {
      const members = index.groupMembers(r);
      dto.group = { size: members.length, label: describeGroup(members.map((m) => index.row(m).changeType)), expanded: this.expanded.has(r) };
    } else if (this.groupDuplicates && row.groupLeader !== undefined && row.groupLeader !== r && this.expanded.has(row.groupLeader)) {
      dto.member = true;
    }
    return dto;
  }

  private async detail(r: number): Promise<DetailMessage> {
    const index = this.index;
    if (!index || r >= index.size) return { type: 'detail', row: r };
    const read = await index.readEntry(r);
    if (!read) return { type: 'detail', row: r };
    const { entry, itemIndex } = read;
    const items = (entry.body as { value?: unknown } | undefined)?.value;
    const item = Array.isArray(items) ? (items[itemIndex] as unknown) : undefined;
    const summary = entry.processed?.items[itemIndex];
    const row = index.row(r);
    const encrypted = item && typeof item === 'object' ? encryptedContentOf(item as { [key: string]: unknown }) : undefined;
    let decrypted: { json: string; signatureVerified: boolean } | { error: string } | undefined;
    if (encrypted) {
      try {
        const result = await this.deps.decrypt(encrypted);
        decrypted = { json: JSON.stringify(result.json, null, 2), signatureVerified: result.signatureVerified };
      } catch (error) {
        decrypted = { error: (error as Error).message };
      }
    }
    return {
      type: 'detail',
      row: r,
      detail: {
        entryId: entry.id,
        receivedAt: entry.receivedAt,
        kind: entry.kind,
        path: entry.path,
        itemIndex,
        itemJson: JSON.stringify(item ?? entry.rejection ?? null, null, 2),
        bodyJson: JSON.stringify(entry.body ?? null, null, 2),
        ...(summary
          ? {
              checks: Object.entries(summary.checks).map(([name, v]) => ({ name, status: v.status, ...(v.reason ? { reason: v.reason } : {}) })),
              trust: row.check,
              ...(summary.changedAt ? { changedAt: summary.changedAt } : {}),
            }
          : { trust: row.check }),
        ...(row.latencyMs !== undefined ? { latencyMs: row.latencyMs } : {}),
        ...(decrypted ? { decrypted } : {}),
        canReplay: entry.kind !== 'rejected' && entry.body !== undefined,
      },
    };
  }
}

/** `encryptedContent`, in any letter case (docs examples carry `EncryptedContent`). */
function encryptedContentOf(item: { [key: string]: unknown }): EncryptedContent | undefined {
  const key = Object.keys(item).find((k) => k.toLowerCase() === 'encryptedcontent');
  const value = key === undefined ? undefined : item[key];
  return value && typeof value === 'object' ? (value as EncryptedContent) : undefined;
}
