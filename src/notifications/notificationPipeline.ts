/**
 * What happens to a notification once it is in the history: forwarded as received to the user's
 * own app (if a forward URL is set), checked (clientState, validation tokens, decryption), printed
 * to the output, summarised in the history, and its lifecycle events handed on. Also the check run
 * *before* the 202 (`screen`): provable forgeries for our own subscriptions are refused with a 401.
 * No `vscode` import: the receiver service passes settings and the output.
 */
import type { ChangeNotificationCollection, EncryptedContent } from '../graph/types';
import { decryptContent, type DecryptedContent } from './decryptContent';
import type { AccountService, SubscriptionStoreService } from '../services';
import type { Logger } from '../util/logger';
import { sanitizeBody, type NotificationHistory } from './history';
import type { ReceivedNotification } from './receiver';
import type { ReceiverOutput } from './receiverOutput';
import type { Verbosity } from './formatNotification';
import { escapeControl } from './formatNotification';
import { forwardNotification } from './forwarder';
import { processNotification, summarize, type ProcessDeps, type ProcessedItem, type ProcessedNotification } from './processNotification';
import { screenNotification } from './screenNotification';
import { historyText } from './notificationBody';
import { AccountTenants } from './accountTenants';
import { DuplicateTracker } from './duplicateTracker';
import { KeyObjectCache, type KeyStore } from './keyStore';
import { notificationTokenValidator, type NotificationTokenValidator } from './notificationTokenValidator';

export interface PipelineDeps {
  accounts: AccountService;
  store: SubscriptionStoreService;
  clientState: (subscriptionId: string) => Promise<string | undefined>;
  keyStore: KeyStore;
  output: ReceiverOutput;
  log: Logger;
  /** Read per notification: settings may change while the receiver runs. */
  settings: () => { forwardUrl: string; verbosity: Verbosity };
  history: () => NotificationHistory | undefined;
  onLifecycleEvent: (item: ProcessedItem) => void;
  /** Every processed delivery, once its verdicts are in the history (before its lifecycle events). */
  onProcessed: (processed: ProcessedNotification) => void;
}

export class NotificationPipeline {
  private readonly validateTokens: NotificationTokenValidator;
  /** The user's tenants: the only ones whose validation tokens are trusted. */
  private readonly tenants: AccountTenants;
  private readonly keys: KeyObjectCache;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly screened = new WeakMap<ChangeNotificationCollection, ProcessedNotification>();
  private readonly duplicates = new DuplicateTracker();

  constructor(private readonly deps: PipelineDeps) {
    this.validateTokens = notificationTokenValidator(deps);
    this.tenants = new AccountTenants(deps.accounts);
    this.keys = new KeyObjectCache(deps.keyStore);
  }

  /**
   * Decrypts a stored item's `encryptedContent` again, with the same keys as on arrival (the
   * history never keeps decrypted content): the explorer's payload view.
   */
  decryptStored(content: EncryptedContent): Promise<DecryptedContent> {
    return decryptContent(content, (id) => this.keys.get(id));
  }

  /** The signed-in accounts changed: their tenants are read again. */
  accountsChanged(): void {
    this.tenants.clear();
  }

  /** Processes without waiting; `settled()` waits for everything started. */
  process(received: ReceivedNotification): Promise<void> {
    const p = this.run(received);
    this.pending.add(p);
    void p.catch((e: unknown) => this.deps.log.error('Notification processing failed', e)).finally(() => this.pending.delete(p));
    return p;
  }

  /**
   * A delivery that arrived another way (Event Hubs): persisted first, as the receiver does
   * (clientState masked), then processed. Resolves once it is in the history — the point from which
   * it cannot be lost, as the webhook's 202 — while checks, output and the processed summary run on
   * (`settled()` waits for them), so the next batch is read meanwhile.
   */
  async ingest(received: ReceivedNotification, history: NotificationHistory): Promise<void> {
    // The text as received, clientStates masked in it, instead of a re-serialisation of the body.
    const text = historyText(received.body, received.rawBody.toString('utf8'));
    const sanitized = text === undefined ? sanitizeBody(received.body) : { body: undefined, tokenCount: 0 };
    await history.appendReceived({
      id: received.id, receivedAt: received.receivedAt, kind: received.kind, path: received.path, body: sanitized.body,
      ...(sanitized.tokenCount ? { validationTokenCount: sanitized.tokenCount } : {}),
    }, text);
    void this.process(received);
  }

  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async run(received: ReceivedNotification): Promise<void> {
    const { output, log } = this.deps;
    const { forwardUrl, verbosity } = this.deps.settings();
    if (forwardUrl) {
      // The user's app gets the body exactly as Graph sent it (tokens included: it may check them itself).
      forwardNotification(forwardUrl, received.rawBody, { kind: 'live', contentType: received.contentType }).then(
        (r) =>
          r.redirectedTo
            ? output.write(`✗ forwarding ${received.id}: ${forwardUrl} answered ${r.status} redirecting to ${escapeControl(r.redirectedTo)}; not followed (the body carries the clientState). Set the forward URL to the final address.`, 'warn')
            : log.debug(`Forwarded ${received.id} to ${forwardUrl}: ${r.status}`),
        (e: unknown) => output.write(`✗ forwarding ${received.id} to ${forwardUrl} failed: ${(e as Error).message}`),
      );
    }
    // Notifications of our own subscriptions were already checked by the screen before the 202.
    // The screen checks as for a webhook POST; Event Grid/Event Hubs deliveries are checked knowing their channel.
    const screened = received.channel ? undefined : this.screened.get(received.body);
    const processed = screened
      ? { ...screened, id: received.id, receivedAt: received.receivedAt, kind: received.kind }
      : await processNotification(received, this.processDeps());
    // A screened result is shared with the screen's cache: mark copies of its items, not the cached ones.
    if (screened) processed.items = processed.items.map((i) => ({ ...i }));
    this.duplicates.mark(processed);
    output.writeProcessed(processed, verbosity);
    await this.deps.history()?.appendProcessed(received.id, summarize(processed)).catch((e: unknown) => log.error('History append failed', e));
    this.deps.onProcessed(processed);
    for (const item of processed.items) if (item.lifecycleEvent) this.deps.onLifecycleEvent(item);
  }

  private processDeps(): ProcessDeps {
    return {
      clientStates: { get: (id) => this.deps.clientState(id) },
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
  async screen(body: ChangeNotificationCollection): Promise<{ status: number; reason: string } | undefined> {
    const { accounts, store } = this.deps;
    // wrongAudience is conclusive only when every subscription's account (and so its app id) is known.
    const appKnown = (id: string) =>
      accounts.list().some((a) => a.applicationId && (store.subscriptions(a.id)?.some((s) => s.id === id) || store.lastKnownDefinition(id)?.accountId === a.id));
    const result = await screenNotification(body, { ...this.processDeps(), audienceKnown: (ids) => ids.length > 0 && ids.every(appKnown) });
    if (result.processed && !result.refusal) this.screened.set(body, result.processed);
    return result.refusal;
  }
}
