/**
 * How the notifications explorer names a subscription: the way the sidebar tree does (its resource
 * path as the label, under its account: "me/messages", "Sandbox"), never by its id alone; the id
 * stays in the tooltip and in the secondary text, where it can be selected and copied. A
 * subscription no longer listed (deleted, expired, removed after a 404) keeps its last known
 * resource — the remembered definition, else the collection its newest notification in the history
 * was about — and says "no longer listed"; with neither, the id is all there is. No `vscode` import.
 */
import { resourcePath } from '../../tree/treeModel';

export interface SubscriptionNameSource {
  /** Listed now by a signed-in account (the tree shows it): its resource and the account's label. */
  listed?: { resource: string; account: string };
  /** Its last known definition (the extension remembers deleted and expired ones). */
  remembered?: { resource: string; account?: string };
  /** The resource its newest notification in the history was about. */
  notified?: string;
}

export interface SubscriptionName {
  /** The first thing shown: the resource path (as the tree's label), else the id. */
  name: string;
  /** Shown after or under the name: the account, or that it is no longer listed. */
  detail?: string;
  /** The whole story for a tooltip: full resource (query options included), account, status, id. */
  title: string;
  /** Where the name comes from: listed now, remembered, its notifications, nothing but the id, or no subscription (refusals). */
  kind: 'listed' | 'remembered' | 'notified' | 'id' | 'refused';
}

export const NO_LONGER_LISTED = 'no longer listed';

export function nameSubscription(subscriptionId: string, source: SubscriptionNameSource): SubscriptionName {
  if (subscriptionId === '') {
    return { name: '(refused requests)', title: 'Requests the receiver refused before it could read a subscription id', kind: 'refused' };
  }
  const idLine = `Subscription id: ${subscriptionId}`;
  if (source.listed) {
    const { resource, account } = source.listed;
    return { name: resourcePath(resource), detail: account, title: [resource, account, idLine].join('\n'), kind: 'listed' };
  }
  if (source.remembered) {
    const { resource, account } = source.remembered;
    const detail = [account, NO_LONGER_LISTED].filter(Boolean).join(' · ');
    return { name: resourcePath(resource), detail, title: [resource, `${account ? `${account}: ` : ''}${NO_LONGER_LISTED} (deleted or expired)`, idLine].join('\n'), kind: 'remembered' };
  }
  if (source.notified) {
    return {
      name: collectionOf(resourcePath(source.notified)),
      detail: NO_LONGER_LISTED,
      title: [`Its last notification was about ${source.notified}`, `${NO_LONGER_LISTED} (deleted or expired, or from another window's account)`, idLine].join('\n'),
      kind: 'notified',
    };
  }
  return { name: subscriptionId, detail: NO_LONGER_LISTED, title: [`${NO_LONGER_LISTED} (deleted or expired, or from another window's account)`, idLine].join('\n'), kind: 'id' };
}

/**
 * The collection a notification's resource belongs to, closer to what was subscribed to than the
 * item: `Users/u1/Messages/m9` → `Users/u1/Messages`, `teams('t')/channels('c')/messages('m')` →
 * `teams('t')/channels('c')/messages`, `groups/g1` → `groups`; a single segment stays as it is.
 */
export function collectionOf(resource: string): string {
  const segments = resource.split('/').filter(Boolean);
  const last = segments.at(-1);
  if (last === undefined) return resource;
  const keyed = /^([^(]+)\(.*\)$/.exec(last);
  if (keyed) return [...segments.slice(0, -1), keyed[1]].join('/');
  return segments.length > 1 ? segments.slice(0, -1).join('/') : resource;
}

/** One line for places without room for two (a `<select>` option): "me/messages — Sandbox", "<id> (no longer listed)". */
export function subscriptionOneLine(n: SubscriptionName): string {
  if (!n.detail) return n.name;
  return n.kind === 'id' ? `${n.name} (${n.detail})` : `${n.name} — ${n.detail}`;
}
