/**
 * The capability and permission catalog: one entry per resource type that supports Microsoft Graph
 * change-notification subscriptions, with paths, permissions, change types, lifetimes and rich-
 * notification support, each fact with its source. Pure data and functions; no `vscode` import.
 */
import { ResourceMatcher } from './matchResource';
import { DIRECTORY } from './resources/directory';
import { OUTLOOK } from './resources/outlook';
import { TEAMS } from './resources/teams';
import type {
  AccountKind, ManageOperation, MatchResult, Operation, PathPattern, PermissionRow, RequiredPermissions, ResourceEntry,
} from './types';

export * from './types';
export { splitResource, splitPath, levenshtein } from './matchResource';

/** Bumped whenever catalog data changes (date of the newest source used + revision). */
export const CATALOG_VERSION = '2026-11-23.2';

export const CATALOG: readonly ResourceEntry[] = [...OUTLOOK, ...DIRECTORY, ...TEAMS];

const matcher = new ResourceMatcher(CATALOG);

/** Catalog entry by id. */
export function getEntry(id: string): ResourceEntry | undefined {
  return CATALOG.find((e) => e.id === id);
}

/**
 * Matches a subscription `resource` (leading slash optional, `me/…` = `users/{userId}/…`, query
 * allowed) to its catalog entry, or returns up to three close patterns as suggestions.
 */
export function matchResource(resource: string): MatchResult {
  // The editor re-validates the same draft on every keystroke and the emulator sees the same
  // resources again and again: remember recent results (they are treated as read-only).
  const hit = recent.get(resource);
  if (hit !== undefined) return hit;
  const result = matcher.match(resource);
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
  recent.set(resource, result);
  return result;
}

const RECENT_MAX = 256;
const recent = new Map<string, MatchResult>();

/** The permission row that applies to `operation` on `pattern` (path override, then entry). */
export function permissionRow(entry: ResourceEntry, pattern: PathPattern | undefined, operation: Operation): PermissionRow {
  if (operation === 'create' || operation === 'list') return pattern?.permissions ?? entry.permissions;
  const op: ManageOperation = operation;
  return pattern?.managePermissions?.[op] ?? entry.managePermissions?.[op] ?? pattern?.permissions ?? entry.permissions;
}

/**
 * Least-privileged permissions (first = least privileged) for an operation. `list` adds
 * Subscription.Read.All for delegated kinds (LIST-L, https://learn.microsoft.com/en-us/graph/api/subscription-list#permissions). RSC permissions come apart in `rsc`.
 */
export function requiredPermissions(
  entry: ResourceEntry,
  pattern: PathPattern | undefined,
  accountKind: AccountKind,
  operation: Operation,
): RequiredPermissions {
  return copy(requiredPermissionsView(entry, pattern, accountKind, operation));
}

/** `requiredPermissions` without the defensive copy: the result is shared and must not be changed. */
export function requiredPermissionsView(
  entry: ResourceEntry,
  pattern: PathPattern | undefined,
  accountKind: AccountKind,
  operation: Operation,
): Readonly<RequiredPermissions> {
  const row = permissionRow(entry, pattern, operation);
  const key = `${accountKind}|${operation}`;
  let perRow = permissionCache.get(row);
  const hit = perRow?.get(key);
  if (hit !== undefined && hit.entry === entry) return hit.result;
  const result = computeRequired(entry, row, accountKind, operation);
  if (perRow === undefined) {
    perRow = new Map();
    permissionCache.set(row, perRow);
  }
  perRow.set(key, { entry, result });
  return result;
}

const permissionCache = new WeakMap<PermissionRow, Map<string, { entry: ResourceEntry; result: RequiredPermissions }>>();
const copy = (r: RequiredPermissions): RequiredPermissions => ({ ...r, anyOf: [...r.anyOf], rsc: [...r.rsc] });

function computeRequired(entry: ResourceEntry, row: PermissionRow, accountKind: AccountKind, operation: Operation): RequiredPermissions {
  const cell = row[accountKind];
  const disputed = entry.disputedAccountKinds?.find((d) => d.accountKind === accountKind)?.note;
  if (cell === null) return { supported: false, anyOf: [], rsc: [], ...(disputed ? { disputed } : {}) };
  const anyOf: string[] = [];
  const rsc: string[] = [];
  for (const p of cell) {
    if (p.endsWith('*')) rsc.push(p.slice(0, -1));
    else anyOf.push(p);
  }
  if (operation === 'list' && accountKind !== 'application' && anyOf.length > 0 && !anyOf.includes('Subscription.Read.All')) {
    anyOf.push('Subscription.Read.All');
  }
  return { supported: true, anyOf, rsc, ...(disputed ? { disputed } : {}) };
}

/** Maximum subscription lifetime in minutes (the with-resource-data value when it differs). */
export function maxLifetimeMinutes(entry: ResourceEntry, includeResourceData: boolean): number {
  return includeResourceData && entry.maxLifetimeWithResourceDataMinutes !== undefined
    ? entry.maxLifetimeWithResourceDataMinutes
    : entry.maxLifetimeMinutes;
}

/** The latest allowed `expirationDateTime` for a subscription created or renewed at `now`. */
export function maxExpiration(entry: ResourceEntry, includeResourceData: boolean, now: Date): Date {
  return new Date(now.getTime() + maxLifetimeMinutes(entry, includeResourceData) * 60_000);
}

/** Change types allowed on a pattern (path override, then entry). */
export function allowedChangeTypes(entry: ResourceEntry, pattern: PathPattern | undefined): readonly string[] {
  return pattern?.changeTypes ?? entry.changeTypes;
}

/** Whether `includeResourceData` is supported on this pattern. */
export function supportsRich(entry: ResourceEntry, pattern: PathPattern | undefined): boolean {
  return pattern?.rich ?? entry.rich.supported;
}

/** The same path written with `users/{userId}/…` instead of `me/…` (or the other way round). */
export function swapMe(resource: string, toMe: boolean): string | undefined {
  const lead = /^(\s*(?:https:\/\/graph\.microsoft\.com\/(?:v1\.0|beta))?\/?)/i.exec(resource)?.[1] ?? '';
  const rest = resource.slice(lead.length);
  if (!toMe) {
    const m = /^me(?=\/|\?|$)/i.exec(rest);
    return m ? `${lead}users/{userId}${rest.slice(2)}` : undefined;
  }
  const m = /^users\/([^/?]+)(?=\/|\?)/i.exec(rest);
  return m ? `${lead}me${rest.slice(m[0].length)}` : undefined;
}

export * from './teamsLicensing';
export * from './preferHeaders';
