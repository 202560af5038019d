/**
 * `Prefer` request headers that change what a subscription delivers, and where each applies.
 * Graph reads them on the create request only (POST /subscriptions); they are not properties of
 * the subscription and Graph never returns them. Pure data and functions; no `vscode` import.
 *
 * - `Prefer: IdType="ImmutableId"` — Outlook items: the ids in change notifications are immutable
 *   ids. "You can request that Microsoft Graph send immutable IDs in change notifications by
 *   including the Prefer: IdType="ImmutableId" header when creating a subscription. Existing
 *   subscriptions created without the header continue to use the default ID format."
 *   https://learn.microsoft.com/en-us/graph/outlook-immutable-id#immutable-id-with-change-notifications
 * - `Prefer: includesecuritywebhooks` — driveItem on OneDrive for Business and SharePoint (not
 *   consumer OneDrive): notifications when the permissions on an item change.
 *   https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions#driveitem
 * - `Prefer: include-unknown-enum-members` — chatMessage on `/teams/{id}/channels/{id}/messages`
 *   and `/chats/{id}/messages`: the evolvable enum `messageType` includes `systemEventMessage`.
 *   https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions#chatmessage and
 *   https://learn.microsoft.com/en-us/graph/best-practices-concept#handling-future-members-in-evolvable-enumerations
 */
import type { AccountKind, PathPattern, ResourceEntry } from './types';

export type PreferenceId = 'immutableId' | 'securityWebhooks' | 'unknownEnumMembers';

export interface PreferenceSpec {
  id: PreferenceId;
  /** The preference exactly as sent in the `Prefer` header. */
  value: string;
  /** What it changes, one sentence. */
  effect: string;
  /** Where it applies, one phrase (for messages). */
  appliesTo: string;
  source: string;
}

export const PREFERENCES: readonly PreferenceSpec[] = [
  {
    id: 'immutableId',
    value: 'IdType="ImmutableId"',
    effect: 'Notifications carry immutable Outlook ids, which do not change when the item moves to another folder of the mailbox.',
    appliesTo: 'Outlook messages, events and contacts',
    source: 'https://learn.microsoft.com/en-us/graph/outlook-immutable-id#immutable-id-with-change-notifications',
  },
  {
    id: 'securityWebhooks',
    value: 'includesecuritywebhooks',
    effect: 'Adds notifications when the permissions (sharing) on an item change.',
    appliesTo: 'driveItem folders on OneDrive for Business and SharePoint (not consumer OneDrive)',
    source: 'https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions#driveitem',
  },
  {
    id: 'unknownEnumMembers',
    value: 'include-unknown-enum-members',
    effect: 'chatMessage messageType may be systemEventMessage (members added, renamed chats…) instead of unknownFutureValue.',
    appliesTo: 'chatMessage on teams/{id}/channels/{id}/messages and chats/{id}/messages',
    source: 'https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions#chatmessage',
  },
];

/** The draft property that carries request headers; the submit sends them as headers and strips it from the body. */
export const REQUEST_HEADERS_PROPERTY = '@requestHeaders';

/** Identifies one preference in a `Prefer` value (case-insensitive, optional spaces around `=`). */
export function preferenceOf(token: string): PreferenceSpec | undefined {
  const t = token.trim().replace(/\s*=\s*/, '=').toLowerCase();
  if (t === 'idtype="immutableid"' || t === 'idtype=immutableid') return PREFERENCES[0];
  if (t === 'includesecuritywebhooks') return PREFERENCES[1];
  if (t === 'include-unknown-enum-members') return PREFERENCES[2];
  return undefined;
}

/** Splits a `Prefer` header value into its preferences (`a, b` → [a, b]); quoted commas are kept. */
export function splitPrefer(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of value) {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

export type Applicability = { applies: true } | { applies: false; severity: 'warning'; reason: string };

const CHAT_MESSAGE_PATHS = new Set(['teams/{teamId}/channels/{channelId}/messages', 'chats/{chatId}/messages']);

/**
 * Whether a preference has an effect on a subscription to this resource path, for this account kind.
 * Graph ignores a preference it does not apply (RFC 7240), so "not applicable" is a warning: the
 * header is harmless but the user will not get what they asked for.
 */
export function preferenceApplies(pref: PreferenceSpec, entry: ResourceEntry, pattern: PathPattern, accountKind: AccountKind): Applicability {
  const no = (reason: string): Applicability => ({ applies: false, severity: 'warning', reason });
  switch (pref.id) {
    case 'immutableId':
      return entry.group === 'Outlook' && ['message', 'event', 'contact'].includes(entry.id)
        ? { applies: true }
        : no(`Prefer: ${pref.value} only changes the ids of Outlook messages, events and contacts; ${entry.displayName} ids are not affected.`);
    case 'securityWebhooks':
      if (entry.id !== 'driveItem') return no(`Prefer: ${pref.value} only applies to driveItem subscriptions (OneDrive for Business and SharePoint), not ${entry.displayName}.`);
      if (accountKind === 'delegatedPersonal') return no(`Prefer: ${pref.value} applies to OneDrive for Business and SharePoint, not to consumer (personal) OneDrive accounts.`);
      return { applies: true };
    case 'unknownEnumMembers':
      if (entry.id !== 'chatMessage') return no(`Prefer: ${pref.value} only affects chatMessage notifications (messageType systemEventMessage), not ${entry.displayName}.`);
      return CHAT_MESSAGE_PATHS.has(pattern.pattern)
        ? { applies: true }
        : no(`Prefer: ${pref.value} is documented for teams/{id}/channels/{id}/messages and chats/{id}/messages only, not ${pattern.pattern}.`);
  }
}

/** The preferences that apply to a path, for completions and the create quick pick. */
export function applicablePreferences(entry: ResourceEntry, pattern: PathPattern, accountKind: AccountKind): PreferenceSpec[] {
  return PREFERENCES.filter((p) => preferenceApplies(p, entry, pattern, accountKind).applies);
}

/** One `Prefer` header value from a list of preferences (RFC 7240 allows several, comma-separated). */
export function preferHeaderValue(preferences: readonly string[]): string | undefined {
  const list = preferences.map((p) => p.trim()).filter(Boolean);
  return list.length > 0 ? list.join(', ') : undefined;
}
