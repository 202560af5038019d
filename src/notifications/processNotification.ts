/**
 * Runs the checks for one received POST (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks, https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data, https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data): per item clientState (constant time),
 * the POST's validation tokens, and decryption of `encryptedContent`. The result carries ✓/✗ per
 * check and the decoded or decrypted JSON for the output. Never throws for bad input: every
 * problem becomes a failed check with its reason. No `vscode` import.
 */
import type { ChangeNotification, ChangeNotificationCollection, EncryptedContent } from '../graph/types';
import { checkClientState, type ClientStateSource } from './clientState';
import { DecryptError, decryptContent, type KeyResolver } from './decryptContent';
import type { CheckVerdict, HistoryKind, ItemSummary, Trust } from './history';
import type { TokenVerdict } from './validateTokens';
import { isEventHubsValidationEvent, type ArrivalChannel } from './channelNotifications';
import { changedAtOf } from './explorer/latency';

export interface ProcessDeps {
  clientStates: ClientStateSource;
  resolveKey: KeyResolver;
  /**
   * Validates the POST's tokens; absent: the token check is skipped ("notConfigured").
   * `tenantIds` are the pinned tenants (`trustedTenantIds`), never the ones the POST claims.
   */
  validateTokens?: (tokens: readonly (string | null)[], context: { tenantIds: readonly string[]; subscriptionIds: readonly string[] }) => Promise<TokenVerdict[]>;
  /** The tenants of the accounts and subscriptions the user actually has. */
  trustedTenantIds?: (subscriptionIds: readonly string[]) => Promise<readonly string[]>;
}

export interface ProcessedItem extends ItemSummary {
  trust: Trust;
  index: number;
  tenantId?: string;
  /** Decrypted resource JSON, or `resourceData` when not encrypted. */
  content?: unknown;
  contentSource?: 'decrypted' | 'resourceData';
  /** Detail of the decryption failure, for the output. */
  decryptionDetail?: string;
  /** The Event Hubs validation message ("NA" fields), which carries nothing to check. */
  validationEvent?: boolean;
}

export interface ProcessedNotification {
  id: string;
  receivedAt: string;
  kind: Exclude<HistoryKind, 'rejected'>;
  items: ProcessedItem[];
  tokens: TokenVerdict[];
  /** How it arrived, when not as a webhook POST. */
  channel?: Exclude<ArrivalChannel, 'webhook'>;
}

/** Reads a property case-insensitively (docs examples carry `EncryptedContent`, https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks quirks). */
function prop<T>(item: object, name: string): T | undefined {
  const record = item as { [key: string]: unknown };
  if (name in record) return record[name] as T;
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : (record[key] as T);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function tokensVerdict(tokens: TokenVerdict[], hasTokens: boolean, itemIsRich: boolean, configured: boolean, channel: ArrivalChannel, itemTenant: string | undefined): CheckVerdict {
  // Event Hubs deliveries carry no validationTokens (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data).
  if (!hasTokens && channel !== 'webhook') return { status: 'skip', reason: `none on ${channel === 'eventHubs' ? 'Event Hubs' : 'Event Grid'}` };
  if (!hasTokens) return itemIsRich ? { status: 'fail', reason: 'missing' } : { status: 'skip', reason: 'none sent' };
  if (!configured) return { status: 'skip', reason: 'notConfigured' };
  const failed = tokens.filter((t) => !t.ok);
  if (failed.length > 0) return { status: 'fail', reason: [...new Set(failed.map((t) => t.reason ?? 'invalid'))].join(',') };
  // Graph sends a token per app and tenant of the batch: an item's tenant needs one of its own.
  if (itemTenant && !tokens.some((t) => t.tenantId === itemTenant)) return { status: 'fail', reason: 'wrongTenant' };
  return { status: 'pass' };
}

/** Only clientState and validation tokens prove the sender; decryption uses a public key anyone can encrypt to. */
export function trustOfChecks(checks: ItemSummary['checks']): Trust {
  const all = [checks.clientState, checks.validationTokens, checks.decryption];
  if (all.some((c) => c.status === 'fail')) return 'untrusted';
  return checks.clientState.status === 'pass' || checks.validationTokens.status === 'pass' ? 'verified' : 'unverified';
}

export async function processNotification(
  received: { id: string; receivedAt: string; kind: Exclude<HistoryKind, 'rejected'>; body: ChangeNotificationCollection; channel?: ArrivalChannel },
  deps: ProcessDeps,
): Promise<ProcessedNotification> {
  const items = Array.isArray(received.body.value) ? received.body.value : [];
  const rawTokens = Array.isArray(received.body.validationTokens) ? received.body.validationTokens : [];
  let tokens: TokenVerdict[] = [];
  if (rawTokens.length > 0 && deps.validateTokens) {
    try {
      const subscriptionIds = [...new Set(items.map((n) => str(n.subscriptionId)).filter((t): t is string => t !== undefined))];
      const tenantIds = deps.trustedTenantIds ? await deps.trustedTenantIds(subscriptionIds) : [];
      tokens = await deps.validateTokens(rawTokens, { tenantIds, subscriptionIds });
    } catch (error) {
      tokens = rawTokens.map((_t, index) => ({ index, ok: false, reason: 'keysUnavailable' as const, detail: (error as Error).message, masked: '(hidden)' }));
    }
  }

  const results = await Promise.all(
    items.map(async (item: ChangeNotification, index): Promise<ProcessedItem> => {
      const subscriptionId = str(item.subscriptionId) ?? '(none)';
      const encrypted = prop<EncryptedContent>(item, 'encryptedContent');
      const resourceData = prop<Record<string, unknown>>(item, 'resourceData');
      const changeType = str(prop(item, 'changeType'));
      const lifecycleEvent = str(prop(item, 'lifecycleEvent'));
      const resource = str(prop(item, 'resource'));
      const notificationId = str(prop(item, 'id'));
      const tenantId = str(item.tenantId);
      const channel = received.channel ?? 'webhook';
      if (channel === 'eventHubs' && isEventHubsValidationEvent(item as unknown as Record<string, unknown>)) {
        const skip: CheckVerdict = { status: 'skip', reason: 'validation event' };
        return { index, subscriptionId, ...(changeType ? { changeType } : {}), trusted: true, trust: 'verified', checks: { clientState: skip, validationTokens: skip, decryption: skip }, validationEvent: true };
      }

      let clientState: CheckVerdict;
      try {
        clientState = checkClientState(await deps.clientStates.get(subscriptionId), prop<string | null>(item, 'clientState'));
      } catch (error) {
        clientState = { status: 'fail', reason: `unreadable: ${(error as Error).message}` };
      }

      let decryption: CheckVerdict = { status: 'skip', reason: 'not encrypted' };
      let content: unknown;
      let contentSource: ProcessedItem['contentSource'];
      let decryptionDetail: string | undefined;
      if (encrypted && typeof encrypted === 'object') {
        try {
          const result = await decryptContent(encrypted, deps.resolveKey);
          content = result.json;
          contentSource = 'decrypted';
          decryption = result.signatureVerified ? { status: 'pass' } : { status: 'fail', reason: 'missingSignature' };
          if (!result.signatureVerified) decryptionDetail = 'No dataSignature: content decrypted but not verified';
        } catch (error) {
          const reason = error instanceof DecryptError ? error.reason : 'decryptFailed';
          decryption = { status: 'fail', reason };
          decryptionDetail = (error as Error).message;
        }
      } else if (resourceData !== undefined) {
        content = resourceData;
        contentSource = 'resourceData';
      }

      const validationTokens = tokensVerdict(tokens, rawTokens.length > 0, encrypted !== undefined, deps.validateTokens !== undefined, channel, tenantId);
      const checks = { clientState, validationTokens, decryption };
      const trust = trustOfChecks(checks);
      const trusted = trust === 'verified';
      return {
        index,
        subscriptionId,
        ...(changeType ? { changeType } : {}),
        ...(lifecycleEvent ? { lifecycleEvent } : {}),
        ...(resource ? { resource } : {}),
        ...(notificationId ? { notificationId } : {}),
        ...(tenantId ? { tenantId } : {}),
        trusted,
        trust,
        checks,
        ...(content !== undefined ? { content, contentSource } : {}),
        ...(decryptionDetail ? { decryptionDetail } : {}),
      };
    }),
  );
  const via = received.channel && received.channel !== 'webhook' ? { channel: received.channel } : {};
  return { id: received.id, receivedAt: received.receivedAt, kind: received.kind, items: results, tokens, ...via };
}

/**
 * What goes to the history's `processed` record: verdicts, and of the content only the change
 * time it states (for the explorer's latency), never the content itself.
 */
export function summarize(processed: ProcessedNotification): ItemSummary[] {
  return processed.items.map(({ subscriptionId, changeType, lifecycleEvent, resource, trusted, trust, checks, notificationId, duplicateOf, content }) => {
    const changedAt = lifecycleEvent ? undefined : changedAtOf(content, changeType);
    return {
      subscriptionId,
      ...(changeType ? { changeType } : {}),
      ...(lifecycleEvent ? { lifecycleEvent } : {}),
      ...(resource ? { resource } : {}),
      trusted,
      trust,
      checks,
      ...(notificationId ? { notificationId } : {}),
      ...(duplicateOf ? { duplicateOf } : {}),
      ...(changedAt ? { changedAt } : {}),
    };
  });
}
