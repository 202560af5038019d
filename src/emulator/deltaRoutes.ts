/**
 * `GET /v1.0/{collection}/delta` for the collections the Sandbox simulates changes in, shaped as
 * Graph shapes delta responses (https://learn.microsoft.com/en-us/graph/delta-query-overview):
 * pages with `@odata.nextLink` (`$skiptoken`) until the last one, which carries
 * `@odata.deltaLink` (`$deltatoken`); deleted items as `{ id, "@removed": { reason } }`, driveItems
 * with the `deleted` facet and `token=` links (https://learn.microsoft.com/en-us/graph/api/driveitem-delta);
 * `$deltatoken=latest` / `token=latest` for "sync from now"; `Prefer: odata.maxpagesize`, `$top`,
 * `$select` and the id scoping filter of users and groups. Which paths exist is the catalog's table
 * (src/catalog/deltaQueries.ts) read backwards.
 */
import { deltaQueryFor, type DeltaQuery } from '../catalog/deltaQueries';
import type { EmulatorCore } from './core';
import { collectionKey, immutableKey, type DeltaState, type ItemRecord } from './deltaState';
import { EmulatorHttpError } from './errors';
import { badRequest, methodNotAllowed, sendJson, type Ctx } from './http';
import { sampleChange } from './resourceData';

const DELTA_PATH = /^\/v1\.0\/(.+?)\/(?:microsoft\.graph\.)?delta(?:\(\)|\(token='([^']*)'\))?$/i;
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 999;

/** A round's position, inside the opaque tokens. */
interface TokenState {
  /** Emulator run the token belongs to. */
  e: string;
  /** Collection key. */
  k: string;
  /** Changes after this sequence number belong to the round… */
  a: number;
  /** …up to this one (a skiptoken's round end; absent in a deltatoken). */
  u?: number;
  /** First round (no deleted items listed). */
  i?: 1;
  /** `$select`, `$filter` (ids), page size and event window, carried by the tokens as Graph does. */
  s?: string;
  f?: string[];
  p?: number;
}

export interface DeltaDeps {
  core: EmulatorCore;
  state: DeltaState;
}

/** Handles the request when it is a delta route; returns false otherwise. */
export async function routeDelta(deps: DeltaDeps, ctx: Ctx, method: string): Promise<boolean> {
  const m = DELTA_PATH.exec(ctx.path);
  if (!m) return false;
  const collectionPath = m[1];
  const query = deltaPathQuery(`${collectionPath}/delta`);
  if (!query) return false;
  if (method !== 'GET') throw methodNotAllowed(method);
  ctx.req.resume();
  const { core, state } = deps;
  const principal = await core.authority.authenticate(ctx.req.headers.authorization, core.now());
  const immutable = /IdType\s*=\s*"?ImmutableId"?/i.test(String(ctx.req.headers.prefer ?? ''));
  const key = immutableKey(collectionKey(collectionPath, principal.objectId), immutable);
  const drive = query.removal === 'deletedFacet';
  const round = readRound(deps, ctx, key, drive ? (m[2] ?? ctx.query.get('token') ?? undefined) : undefined, query);
  const tenant = principal.tenantId;
  if (round === 'latest') {
    sendJson(ctx, 200, { '@odata.context': context(query), value: [], '@odata.deltaLink': link(core, collectionPath, drive, 'delta', { e: state.epoch, k: key, a: state.currentSeq() }) });
    return true;
  }
  if (state.forgotten(tenant, key, round.a)) throw syncStateGone();
  const upTo = round.u ?? state.currentSeq();
  const pageSize = round.p ?? DEFAULT_PAGE_SIZE;
  let items = state.changes(tenant, key, round.a, upTo, round.i === 1);
  if (round.f) items = items.filter((i) => round.f!.includes(i.id.toLowerCase()));
  const page = items.slice(0, pageSize);
  const more = items.length > pageSize;
  const value = page.map((item) => represent(item, query, round.s, tenant));
  const body: Record<string, unknown> = { '@odata.context': context(query), value };
  const carry = { s: round.s, f: round.f, p: round.p };
  if (more) body['@odata.nextLink'] = link(core, collectionPath, drive, 'skip', { e: state.epoch, k: key, a: page[page.length - 1].seq, u: upTo, ...(round.i ? { i: 1 } : {}), ...carry });
  else body['@odata.deltaLink'] = link(core, collectionPath, drive, 'delta', { e: state.epoch, k: key, a: upTo, ...carry });
  sendJson(ctx, 200, body);
  return true;
}

/** The catalog's delta query whose path is `deltaPath` (ids and `me` as the request has them). */
function deltaPathQuery(deltaPath: string): DeltaQuery | undefined {
  // Read the catalog backwards: the collection path is a subscription resource of its own for
  // every row except the ones whose delta reads a different path (Inbox, calendarView, root).
  const collection = deltaPath.replace(/\/delta$/i, '');
  const candidates = [collection, collection.replace(/\/calendarview$/i, '/events')];
  for (const c of candidates) {
    const q = deltaQueryFor(c);
    if (q.ok && q.path.toLowerCase() === deltaPath.toLowerCase()) return q;
  }
  return undefined;
}

function readRound(deps: DeltaDeps, ctx: Ctx, key: string, driveToken: string | undefined, query: DeltaQuery): TokenState | 'latest' {
  const { state } = deps;
  const q = ctx.query;
  const skip = q.get('$skiptoken') ?? q.get('$skipToken');
  const delta = q.get('$deltatoken') ?? q.get('$deltaToken');
  const token = driveToken ?? skip ?? delta;
  if (token === 'latest') return 'latest';
  if (token !== undefined && token !== null) {
    const decoded = decode(token);
    if (decoded.e !== state.epoch || decoded.k !== key) throw syncStateGone();
    return decoded;
  }
  // The first request of a sync: its query options are remembered by the tokens.
  if (query.window && (!q.get('startDateTime') && !q.get('startdatetime') || !q.get('endDateTime') && !q.get('enddatetime'))) {
    throw new EmulatorHttpError(400, 'ErrorInvalidParameter', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.');
  }
  return { e: state.epoch, k: key, a: 0, i: 1, s: q.get('$select') ?? undefined, f: idFilter(q.get('$filter'), query), p: pageSizeOf(ctx) };
}

/** `id eq '…' or id eq '…'` (the scoping filter users and groups accept); 400 for anything else. */
function idFilter(filter: string | null, query: DeltaQuery): string[] | undefined {
  if (!filter) return undefined;
  if (query.kind !== 'user' && query.kind !== 'group') throw badRequest(`$filter is not supported on this delta query in the Graph emulator: '${filter}'.`);
  const ids: string[] = [];
  for (const part of filter.split(/\s+or\s+/i)) {
    const m = /^\s*id\s+eq\s+'([^']+)'\s*$/i.exec(part);
    if (!m) throw badRequest(`Unsupported query: only filtering by object id ("id eq '…'") is supported in a delta query of users or groups, not '${filter}'.`);
    ids.push(m[1].toLowerCase());
  }
  return ids;
}

function pageSizeOf(ctx: Ctx): number | undefined {
  const prefer = String(ctx.req.headers.prefer ?? '');
  const m = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer);
  const top = ctx.query.get('$top');
  const n = m ? Number(m[1]) : top ? Number(top) : undefined;
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 1) throw badRequest(`Invalid page size '${m ? m[1] : top}'.`);
  return Math.min(n, MAX_PAGE_SIZE);
}

function decode(token: string): TokenState {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as TokenState;
    if (typeof parsed.e === 'string' && typeof parsed.k === 'string' && Number.isInteger(parsed.a)) return parsed;
  } catch {
    // fall through
  }
  throw badRequest('Badly formed token.');
}

function encode(state: TokenState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

function link(core: EmulatorCore, collectionPath: string, drive: boolean, kind: 'skip' | 'delta', state: TokenState): string {
  const base = `${core.graphBaseUrl}/${collectionPath}/delta`;
  if (drive) return `${base}?token=${encode(state)}`;
  return `${base}?${kind === 'skip' ? '$skiptoken' : '$deltatoken'}=${encode(state)}`;
}

function syncStateGone(): EmulatorHttpError {
  return new EmulatorHttpError(410, 'SyncStateNotFound', 'The sync state for this delta token is no longer available. Start a new round of delta queries without a token.');
}

const TYPE_NAME: Record<DeltaQuery['kind'], string> = {
  message: 'message', event: 'event', contact: 'contact', user: 'user', group: 'group', driveItem: 'driveItem', todoTask: 'todoTask',
};

function context(query: DeltaQuery): string {
  return `https://graph.microsoft.com/v1.0/$metadata#Collection(${TYPE_NAME[query.kind]})`;
}

/** The item as the delta response shows it: latest state, or removed. */
function represent(item: ItemRecord, query: DeltaQuery, select: string | undefined, tenantId: string): Record<string, unknown> {
  if (item.deleted) {
    if (query.removal === 'deletedFacet') return { id: item.id, deleted: { state: 'deleted' } };
    // Directory objects go to deleted items first, "changed" (restorable); Outlook items are "deleted".
    const reason = query.kind === 'user' || query.kind === 'group' ? 'changed' : 'deleted';
    return { id: item.id, '@removed': { reason } };
  }
  const sample = sampleChange(item.resource, { tenantId, userId: item.userId, now: new Date(item.modifiedAt), changeType: 'updated', itemId: item.id, overrides: item.overrides });
  const full: Record<string, unknown> = { ...sample.full };
  if ('createdDateTime' in full) full.createdDateTime = item.createdAt;
  if (query.kind === 'driveItem') Object.assign(full, { name: full.name ?? `Sandbox file ${item.id.slice(0, 8)}.txt`, file: full.file ?? { mimeType: 'text/plain' } });
  if (query.kind === 'todoTask') Object.assign(full, { title: full.title ?? 'Sandbox task', status: full.status ?? 'notStarted' });
  if (!select) return full;
  const keep = new Set(select.split(',').map((s) => s.trim().toLowerCase()));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(full)) {
    const name = k.split('@')[0].toLowerCase();
    if (k.startsWith('@odata.') || name === 'id' || keep.has(name)) out[k] = v;
  }
  return out;
}
