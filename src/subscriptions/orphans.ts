/**
 * Who sees what, and what nobody needs any more. Graph lists only the calling app's subscriptions,
 * and with delegated permissions only the signed-in user's
 * (https://learn.microsoft.com/en-us/graph/api/subscription-list?view=graph-rest-1.0#permissions):
 * so with several accounts or apps signed in, each identity sees its own slice. From what each
 * identity listed, this finds per subscription the identities that see it, and the orphans:
 * subscriptions whose notificationUrl points at a receiver or tunnel that is gone, expired ones
 * still listed, and duplicates of the same resource and change types across apps. Pure: no
 * `vscode` import.
 */
import type { AccountKind } from '../catalog/types';
import type { Subscription } from '../graph/types';

/** Where a notificationUrl leads, as the watchdog judges it (src/watchdog/endpoint.ts). */
export type EndpointState =
  | { kind: 'served' }
  | { kind: 'notJudged' }
  | { kind: 'receiverStopped'; base: string }
  | { kind: 'tunnelDown'; base: string }
  | { kind: 'moved'; oldBase: string; newBase: string };

/** What one signed-in identity listed (undefined: not loaded, or the list failed). */
export interface IdentityListing {
  accountId: string;
  label: string;
  kind: AccountKind;
  applicationId: string | undefined;
  subscriptions: readonly Subscription[] | undefined;
}

export interface Identity {
  accountId: string;
  label: string;
}

/** Per subscription id, the identities whose list holds it, in listing order. */
export function whoSees(listings: readonly IdentityListing[]): Map<string, Identity[]> {
  const out = new Map<string, Identity[]>();
  for (const l of listings) {
    for (const s of l.subscriptions ?? []) {
      const seen = out.get(s.id) ?? [];
      if (!seen.some((i) => i.accountId === l.accountId)) seen.push({ accountId: l.accountId, label: l.label });
      out.set(s.id, seen);
    }
  }
  return out;
}

/** One line for a tooltip: who lists this subscription, and why the others do not. */
export function seenByText(seenBy: readonly Identity[], listings: readonly IdentityListing[]): string {
  const loaded = listings.filter((l) => l.subscriptions !== undefined);
  const names = seenBy.map((i) => i.label).join(', ');
  if (loaded.length <= 1) return `Listed for: ${names}`;
  const others = loaded.filter((l) => !seenBy.some((i) => i.accountId === l.accountId)).map((l) => l.label);
  return others.length === 0
    ? `Listed for: ${names} (every signed-in identity)`
    : `Listed for: ${names} — not for ${others.join(', ')} (Graph lists a subscription only to the app that created it, and delegated only to its user)`;
}

export type OrphanReason = 'unreachable' | 'expired' | 'duplicate';

export interface OrphanFinding {
  reason: OrphanReason;
  accountId: string;
  accountLabel: string;
  subscription: Subscription;
  /** One sentence saying what is wrong. */
  detail: string;
  /** For `unreachable`: what the watchdog says about the notificationUrl. */
  endpoint?: Exclude<EndpointState, { kind: 'served' } | { kind: 'notJudged' }>;
  /** For `duplicate`: the same resource and change types subscribed by other apps. */
  duplicates?: { accountId: string; accountLabel: string; subscriptionId: string; applicationId: string | undefined }[];
}

export interface OrphanContext {
  now: Date;
  /** The watchdog's verdict on a notificationUrl. */
  endpointOf(notificationUrl: string): EndpointState;
}

/** `Users/` and `/users/` are the same resource; change types in any order are the same set. */
function duplicateKey(s: Subscription): string {
  const resource = s.resource.replace(/^\/+/, '').toLowerCase();
  const changeTypes = s.changeType.split(',').map((c) => c.trim().toLowerCase()).filter(Boolean).sort().join(',');
  return `${resource}|${changeTypes}`;
}

function unreachableDetail(url: string, e: NonNullable<OrphanFinding['endpoint']>): string {
  switch (e.kind) {
    case 'moved':
      return `Its notificationUrl ${url} is an old address of this receiver (now ${e.newBase}): Graph's notifications go nowhere.`;
    case 'tunnelDown':
      return `Its notificationUrl ${url} is this receiver's public URL, and no tunnel is up: Graph cannot reach it.`;
    case 'receiverStopped':
      return `Its notificationUrl ${url} is this receiver's, and the receiver is stopped.`;
  }
}

/**
 * Orphans over every identity's list: one finding per subscription and reason. A subscription
 * two identities both list is judged once (for the first identity that lists it).
 */
export function findOrphans(listings: readonly IdentityListing[], ctx: OrphanContext): OrphanFinding[] {
  const findings: OrphanFinding[] = [];
  const judged = new Set<string>();
  const byKey = new Map<string, { listing: IdentityListing; subscription: Subscription }[]>();
  for (const listing of listings) {
    for (const s of listing.subscriptions ?? []) {
      if (judged.has(s.id)) continue;
      judged.add(s.id);
      const base = { accountId: listing.accountId, accountLabel: listing.label, subscription: s };
      const expires = Date.parse(s.expirationDateTime);
      if (!Number.isNaN(expires) && expires <= ctx.now.getTime()) {
        findings.push({ ...base, reason: 'expired', detail: `It expired at ${s.expirationDateTime} and is still listed: Graph sends nothing for it and removes it soon.` });
      }
      const endpoint = ctx.endpointOf(s.notificationUrl);
      if (endpoint.kind === 'moved' || endpoint.kind === 'tunnelDown' || endpoint.kind === 'receiverStopped') {
        findings.push({ ...base, reason: 'unreachable', endpoint, detail: unreachableDetail(s.notificationUrl, endpoint) });
      }
      const key = duplicateKey(s);
      byKey.set(key, [...(byKey.get(key) ?? []), { listing, subscription: s }]);
    }
  }
  for (const group of byKey.values()) {
    const apps = new Set(group.map((g) => g.subscription.applicationId ?? g.listing.applicationId));
    if (group.length < 2 || apps.size < 2) continue;
    for (const g of group) {
      const others = group.filter((o) => o !== g && (o.subscription.applicationId ?? o.listing.applicationId) !== (g.subscription.applicationId ?? g.listing.applicationId));
      findings.push({
        reason: 'duplicate',
        accountId: g.listing.accountId,
        accountLabel: g.listing.label,
        subscription: g.subscription,
        detail: `${others.map((o) => o.listing.label).join(', ')} also subscribe${others.length === 1 ? 's' : ''} to ${g.subscription.resource} (${g.subscription.changeType}) with another app: each change is notified twice.`,
        duplicates: others.map((o) => ({ accountId: o.listing.accountId, accountLabel: o.listing.label, subscriptionId: o.subscription.id, applicationId: o.subscription.applicationId ?? o.listing.applicationId })),
      });
    }
  }
  const order: Record<OrphanReason, number> = { unreachable: 0, expired: 1, duplicate: 2 };
  return findings.sort((a, b) => order[a.reason] - order[b.reason] || a.subscription.resource.localeCompare(b.subscription.resource));
}
