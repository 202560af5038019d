/**
 * Which delta query catches up on a subscription's resource after `missed` or
 * `subscriptionRemoved` (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events
 * asks for a resync "for example with a delta query"). The table below is the whole knowledge:
 * the subscription's resource path on the left, the delta function Graph documents for it on the
 * right, with the page that says so. Resources without a row have no delta query Graph documents
 * for that collection (or none in v1.0), and Resync is not offered for them.
 *
 * Pure: no `vscode`, no I/O. The Sandbox emulator routes its `…/delta` requests with the same
 * table, so what the extension asks for is what the emulator answers.
 */

/** How deleted items come back in the delta response. */
export type DeltaRemoval =
  /** `{ "id": …, "@removed": { "reason": "deleted" | "changed" } }` (Outlook, directory objects). */
  | 'removedAnnotation'
  /** driveItems: the item with a `deleted` facet (https://learn.microsoft.com/en-us/graph/api/driveitem-delta). */
  | 'deletedFacet';

export interface DeltaQuery {
  ok: true;
  /** What is tracked, for messages ("messages in the Inbox"). */
  kind: 'message' | 'event' | 'contact' | 'user' | 'group' | 'driveItem' | 'todoTask';
  /** The delta request, relative to the Graph version root, without a leading slash. */
  path: string;
  /** Query parameters of the first request (the state tokens then carry them). */
  query: Record<string, string>;
  /**
   * `calendarView` needs a time window: startDateTime/endDateTime are filled in by the caller
   * from its clock (`windowDays` before and after now).
   */
  window?: { daysBefore: number; daysAfter: number };
  removal: DeltaRemoval;
  /** What the delta covers when it is narrower than the subscription, for the user to read. */
  scopeNote?: string;
  /** The learn.microsoft.com page documenting this delta function. */
  source: string;
}

export interface NoDeltaQuery {
  ok: false;
  /** A sentence for the user: why there is no resync for this resource. */
  reason: string;
}

const MESSAGE_DELTA = 'https://learn.microsoft.com/en-us/graph/api/message-delta';
const EVENT_DELTA = 'https://learn.microsoft.com/en-us/graph/api/event-delta';
const CONTACT_DELTA = 'https://learn.microsoft.com/en-us/graph/api/contact-delta';
const USER_DELTA = 'https://learn.microsoft.com/en-us/graph/api/user-delta';
const GROUP_DELTA = 'https://learn.microsoft.com/en-us/graph/api/group-delta';
const DRIVE_DELTA = 'https://learn.microsoft.com/en-us/graph/api/driveitem-delta';
const TODO_DELTA = 'https://learn.microsoft.com/en-us/graph/api/todotask-delta';
export const DELTA_OVERVIEW = 'https://learn.microsoft.com/en-us/graph/delta-query-overview';

/** The calendarView window a resync reads (event delta needs one; events outside it come back as removed). */
export const EVENT_WINDOW = { daysBefore: 30, daysAfter: 365 } as const;

interface Row {
  /** Matched against the normalised resource path (case-insensitive; `me` stands for `users/{id}`). */
  match: RegExp;
  build: (m: RegExpExecArray) => Omit<DeltaQuery, 'ok' | 'source' | 'removal' | 'query'> & { query?: Record<string, string>; unsupported?: string };
  removal: DeltaRemoval;
  source: string;
}

const USER = '(me|users/[^/]+)';

/** The table: subscription resource → delta query. Order matters only where patterns overlap. */
const ROWS: readonly Row[] = [
  {
    // "Delta query is a per-folder operation" (https://learn.microsoft.com/en-us/graph/delta-query-messages).
    match: new RegExp(`^${USER}/mailfolders/([^/]+)/messages$`, 'i'),
    build: (m) => ({ kind: 'message', path: `${m[1]}/mailFolders/${m[2]}/messages/delta` }),
    removal: 'removedAnnotation',
    source: MESSAGE_DELTA,
  },
  {
    // A whole-mailbox subscription: Graph has no mailbox-wide message delta, only per folder.
    match: new RegExp(`^${USER}/messages$`, 'i'),
    build: (m) => ({
      kind: 'message',
      path: `${m[1]}/mailFolders/inbox/messages/delta`,
      scopeNote: 'Graph tracks messages per folder (https://learn.microsoft.com/en-us/graph/delta-query-messages): this resync reads the Inbox; changes in other folders are not listed.',
    }),
    removal: 'removedAnnotation',
    source: MESSAGE_DELTA,
  },
  {
    // Event delta works on a calendarView (a date range) of the primary calendar.
    match: new RegExp(`^${USER}/(calendar/)?events$`, 'i'),
    build: (m) => ({
      kind: 'event',
      path: `${m[1]}/calendarView/delta`,
      window: { ...EVENT_WINDOW },
      scopeNote: `Graph tracks events in a calendarView of the primary calendar (https://learn.microsoft.com/en-us/graph/api/event-delta): this resync reads ${EVENT_WINDOW.daysBefore} days back to ${EVENT_WINDOW.daysAfter} days ahead.`,
    }),
    removal: 'removedAnnotation',
    source: EVENT_DELTA,
  },
  {
    match: new RegExp(`^${USER}/contactfolders/([^/]+)/contacts$`, 'i'),
    build: (m) => ({ kind: 'contact', path: `${m[1]}/contactFolders/${m[2]}/contacts/delta` }),
    removal: 'removedAnnotation',
    source: CONTACT_DELTA,
  },
  {
    // contact: delta is documented per contact folder only (https://learn.microsoft.com/en-us/graph/api/contact-delta);
    // `me/contacts/delta` answers but is undocumented, so it is not used.
    match: new RegExp(`^${USER}/contacts$`, 'i'),
    build: () => ({ kind: 'contact', path: '', unsupported: 'Graph documents contact delta per contact folder only (https://learn.microsoft.com/en-us/graph/api/contact-delta): subscribe to me/contactFolders/{id}/contacts to be able to resync.' }),
    removal: 'removedAnnotation',
    source: CONTACT_DELTA,
  },
  { match: /^users$/i, build: () => ({ kind: 'user', path: 'users/delta' }), removal: 'removedAnnotation', source: USER_DELTA },
  {
    // Scoping filters by object id (https://learn.microsoft.com/en-us/graph/delta-query-overview#optional-query-parameters).
    match: /^users\/([^/]+)$/i,
    build: (m) => ({ kind: 'user', path: 'users/delta', query: { $filter: `id eq '${m[1]}'` } }),
    removal: 'removedAnnotation',
    source: USER_DELTA,
  },
  { match: /^groups$/i, build: () => ({ kind: 'group', path: 'groups/delta' }), removal: 'removedAnnotation', source: GROUP_DELTA },
  {
    match: /^groups\/([^/]+)$/i,
    build: (m) => ({ kind: 'group', path: 'groups/delta', query: { $filter: `id eq '${m[1]}'` } }),
    removal: 'removedAnnotation',
    source: GROUP_DELTA,
  },
  {
    // Membership changes come back as `members@delta` when `members` is selected.
    match: /^groups\/([^/]+)\/members$/i,
    build: (m) => ({ kind: 'group', path: 'groups/delta', query: { $filter: `id eq '${m[1]}'`, $select: 'displayName,members' } }),
    removal: 'removedAnnotation',
    source: GROUP_DELTA,
  },
  {
    match: /^(me|users\/[^/]+|groups\/[^/]+|sites\/[^/]+)\/drive\/root$/i,
    build: (m) => ({ kind: 'driveItem', path: `${m[1]}/drive/root/delta` }),
    removal: 'deletedFacet',
    source: DRIVE_DELTA,
  },
  {
    match: /^drives\/([^/]+)\/root$/i,
    build: (m) => ({ kind: 'driveItem', path: `drives/${m[1]}/root/delta` }),
    removal: 'deletedFacet',
    source: DRIVE_DELTA,
  },
  {
    match: new RegExp(`^${USER}/todo/lists/([^/]+)/tasks$`, 'i'),
    build: (m) => ({ kind: 'todoTask', path: `${m[1]}/todo/lists/${m[2]}/tasks/delta` }),
    removal: 'removedAnnotation',
    source: TODO_DELTA,
  },
];

/**
 * The subscription's resource as a plain path: no leading slash, no query, OData key syntax
 * (`mailFolders('inbox')`) as a segment (`mailFolders/inbox`), quotes removed.
 */
export function normaliseResourcePath(resource: string): string {
  const path = resource.split('?')[0].trim().replace(/^\/+/, '').replace(/\/+$/, '');
  return path
    .replace(/\(\s*'([^']*)'\s*\)/g, '/$1')
    .replace(/\(\s*([^()'=]+)\s*\)/g, '/$1')
    .split('/')
    .filter(Boolean)
    .join('/');
}

/** The delta query that resyncs `resource`, or why there is none. */
export function deltaQueryFor(resource: string): DeltaQuery | NoDeltaQuery {
  const path = normaliseResourcePath(resource);
  for (const row of ROWS) {
    const m = row.match.exec(path);
    if (!m) continue;
    const { unsupported, ...built } = row.build(m);
    if (unsupported) return { ok: false, reason: unsupported };
    return { ok: true, ...built, query: built.query ?? {}, removal: row.removal, source: row.source };
  }
  return {
    ok: false,
    reason:
      `Graph has no delta query for '${resource.split('?')[0]}', so there is nothing to resync it with. ` +
      `Delta queries exist for Outlook messages (per folder), events (calendar view), contacts (per folder), users, groups, drive items and To Do tasks (${DELTA_OVERVIEW}); ` +
      'for other resources, read the resource again with GET.',
  };
}

/** The first delta request as a path with its query string (window dates from `now`). */
export function firstDeltaRequest(query: DeltaQuery, now: Date): string {
  const params = new URLSearchParams(query.query);
  if (query.window) {
    const day = 24 * 3_600_000;
    params.set('startDateTime', new Date(now.getTime() - query.window.daysBefore * day).toISOString());
    params.set('endDateTime', new Date(now.getTime() + query.window.daysAfter * day).toISOString());
  }
  const text = params.toString();
  return text ? `${query.path}?${text}` : query.path;
}
