/**
 * Which notifications the receiver refuses before answering (a 401, as Microsoft's ASP.NET Core
 * sample does): only those that are provably forged, and only for subscriptions created from this
 * extension (their clientState is recorded, so the truth is known). Everything else is accepted
 * with 202 and checked afterwards, as Graph recommends
 * (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#receive-notifications).
 * A refusal is never caused by our own configuration or an outage: missing signing keys, a tenant or app id
 * we do not know, or a certificate we have no private key for let the notification through.
 * No `vscode` import.
 */
import type { ChangeNotificationCollection } from '../graph/types';
import { processNotification, type ProcessDeps, type ProcessedNotification } from './processNotification';
import type { TokenFailureReason } from './validateTokens';

export interface Refusal {
  status: number;
  reason: string;
}

/** Token failures that a genuine Graph token never has, whatever our configuration. */
const FORGED_TOKEN: ReadonlySet<TokenFailureReason> = new Set(['expired', 'notYetValid', 'badSignature', 'unknownKey', 'wrongIssuer', 'wrongPublisher', 'malformed']);

export interface ScreenDeps extends ProcessDeps {
  /** Whether `wrongAudience` is conclusive (we know the app ids the tokens must be for). */
  audienceKnown: (subscriptionIds: readonly string[]) => boolean;
}

export interface ScreenResult {
  refusal?: Refusal;
  /** The checks already run (the caller reuses them instead of checking twice). */
  processed?: ProcessedNotification;
}

export async function screenNotification(body: ChangeNotificationCollection, deps: ScreenDeps): Promise<ScreenResult> {
  const items = Array.isArray(body.value) ? body.value : [];
  const recorded = await Promise.all(items.map((n) => (typeof n.subscriptionId === 'string' ? deps.clientStates.get(n.subscriptionId) : Promise.resolve(undefined))));
  if (!recorded.some((r) => r !== undefined)) return {};
  const processed = await processNotification({ id: '', receivedAt: '', kind: 'change', body }, deps);
  const ours = processed.items.filter((_item, i) => recorded[i] !== undefined);
  if (ours.some((i) => i.checks.clientState.status === 'fail')) return { processed, refusal: { status: 401, reason: 'clientState does not match the one recorded for this subscription' } };
  const audienceKnown = deps.audienceKnown(ours.map((i) => i.subscriptionId));
  const badToken = processed.tokens.find((t) => !t.ok && t.reason && (FORGED_TOKEN.has(t.reason) || (t.reason === 'wrongAudience' && audienceKnown)));
  if (badToken) return { processed, refusal: { status: 401, reason: `validation token ${badToken.index + 1}: ${badToken.reason}` } };
  if (ours.some((i) => i.checks.decryption.status === 'fail' && i.checks.decryption.reason === 'badSignature')) {
    return { processed, refusal: { status: 401, reason: 'dataSignature does not match the encrypted data (tampered)' } };
  }
  return { processed };
}
