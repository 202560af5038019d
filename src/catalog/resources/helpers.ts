/** Helpers that keep the resource data close to the docs' tables. */
import type { AccountKind, FactSource, ManageOperation, PathPattern, PermissionRow, Quota, ResourceEntry } from '../types';

/** The public pages the catalog's tables come from (learn.microsoft.com). */
/** "Use the Microsoft Graph API to get change notifications": supported resources, paths, quotas. */
export const S000 = 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview';
export const S001 = S000;
export const S002 = S000;
/** "Create subscription": permissions per resource and account kind (primary for permissions). */
export const S003 = 'https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions';
/** The same page's earlier revision (its markdown source in microsoftgraph/microsoft-graph-docs-contrib). */
export const S004 = 'https://github.com/microsoftgraph/microsoft-graph-docs-contrib/blob/main/api-reference/v1.0/api/subscription-post-subscriptions.md';

export const LEARN = 'https://learn.microsoft.com/en-us/graph/api/resources/';
export const doc = (page: string): string => `${LEARN}${page}?view=graph-rest-1.0`;

function cell(text: string): readonly string[] | null {
  const t = text.trim();
  if (t === '-' || /^not supported\.?$/i.test(t)) return null;
  if (t === '?') return [];
  return t.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * One row of a permission table, cells as printed in the docs: comma lists, `Not supported` (or
 * `-`), `?` for "supported, permission not documented". `*` marks resource-specific consent.
 */
export function perms(delegatedWork: string, delegatedPersonal: string, application: string): PermissionRow {
  return { delegatedWork: cell(delegatedWork), delegatedPersonal: cell(delegatedPersonal), application: cell(application) };
}

/** The same permission row (cells as for `perms`) for update, get, delete and reauthorize. */
export function manageAll(delegatedWork: string, delegatedPersonal: string, application: string): Partial<Record<ManageOperation, PermissionRow>> {
  return {
    update: perms(delegatedWork, delegatedPersonal, application),
    get: perms(delegatedWork, delegatedPersonal, application),
    delete: perms(delegatedWork, delegatedPersonal, application),
    reauthorize: perms(delegatedWork, delegatedPersonal, application),
  };
}

export const MIN_DAY = 1440;

/** Rich-notification support as the Teams resources have it (no `$select`, no certificate id). */
export const richTeams = { supported: true, selectRequired: false, certificateIdRequired: false } as const;
/** No rich notifications. */
export const noRich = { supported: false, selectRequired: false, certificateIdRequired: false } as const;

/** Shared by all Teams resource types. */
export const teamsOrgQuota: Quota = { limit: 10000, scope: 'Teams subscriptions per organization (shared by all Teams resource types)', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' };
/** Lifetime and lifecycle-URL sources of the Teams resources. */
export const teamsLifetime: readonly FactSource[] = [
  { fact: 'maxLifetimeMinutes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime', note: 'was 60 min in older versions of that page' },
  { fact: 'lifecycleUrlRequiredOverOneHour', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime' },
];

/** "One subscription per app and …" quota (https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview), enforced on the same resource. */
export const onePerApp = (scope: string): Quota => ({ limit: 1, scope, enforce: 'sameResource', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' });
/** "10 subscriptions per …" quota (https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview). */
export const tenPer = (scope: string): Quota => ({ limit: 10, scope, source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' });

/**
 * A Teams resource with an organization-wide path (application only) and a per-team path, e.g.
 * `teams/getAllChannels` + `teams/{teamId}/channels`. `permission` is the permission list of the
 * create table, the same for delegated (work) and application access.
 */
export function teamsOrgAndTeam(
  id: string,
  displayName: string,
  org: { pattern: string; description: string },
  team: { pattern: string; example: string; description: string },
  permission: string,
  changeTypesSource: string,
): ResourceEntry {
  return {
    id,
    displayName,
    group: 'Teams',
    docsUrl: doc(id.toLowerCase()),
    paths: [
      {
        pattern: org.pattern, example: org.pattern, description: org.description, queryOptions: [],
        permissions: perms('Not supported', 'Not supported', permission), sources: [S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      { pattern: team.pattern, example: team.example, description: team.description, queryOptions: [], sources: [S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'] },
    ],
    permissions: perms(permission, 'Not supported', permission),
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 4320,
    rich: richTeams,
    lifecycleUrlRequiredOverOneHour: true,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: [onePerApp('subscription per app and team'), teamsOrgQuota],
    notes: [],
    sources: [{ fact: 'permissions', source: S003 }, { fact: 'changeTypes', source: changeTypesSource }, ...teamsLifetime],
  };
}

/** A Teams meeting recording or transcript: the four `getAll…` paths, application-or-delegated permission `permission`. */
export function teamsMeetingArtifact(id: string, displayName: string, docPage: string, paths: readonly PathPattern[], permission: string): ResourceEntry {
  return {
    id,
    displayName,
    group: 'Teams',
    docsUrl: doc(docPage),
    paths,
    permissions: perms(permission, 'Not supported.', permission),
    changeTypes: ['created'],
    maxLifetimeMinutes: 4320,
    rich: richTeams,
    lifecycleUrlRequiredOverOneHour: true,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: [onePerApp('subscription per app and meeting'), tenPer('subscriptions per user'), teamsOrgQuota],
    notes: [],
    sources: [{ fact: 'permissions', source: S003 }, { fact: 'changeTypes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' }, ...teamsLifetime],
  };
}

/** Directory quotas (https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview) shared by users and groups. */
export const directoryQuotas: readonly Quota[] = [
  { limit: 100, scope: 'directory subscriptions (users and groups) per app and tenant', enforce: 'entryGroup', quotaKey: 'directory', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview (2019 doc: 7)' },
  { limit: 1000, scope: 'directory subscriptions per tenant (all apps)', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview (2019 doc: 35)' },
  { limit: 50000, scope: 'directory subscriptions per app (all tenants)', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' },
];

/** A directory object (user, group): everything but the id, paths and permissions is shared. */
export function directoryObject(
  id: string,
  displayName: string,
  paths: readonly PathPattern[],
  permissions: PermissionRow,
  disputedAccountKinds?: readonly { accountKind: AccountKind; note: string }[],
): ResourceEntry {
  return {
    id,
    displayName,
    group: 'Directory',
    docsUrl: doc(id),
    paths,
    permissions,
    ...(disputedAccountKinds ? { disputedAccountKinds } : {}),
    changeTypes: ['updated', 'deleted'],
    maxLifetimeMinutes: 41760,
    rich: noRich,
    lifecycleUrlRequiredOverOneHour: false,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: directoryQuotas,
    notes: ['`updated` also fires on create and soft delete; `deleted` means permanent delete.', 'Not available in Azure AD B2C or Entra External ID tenants.'],
    sources: [
      { fact: 'permissions', source: S003 },
      { fact: 'changeTypes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' },
      { fact: 'maxLifetimeMinutes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime' },
      { fact: 'quotas', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' },
    ],
  };
}

/** Lifetime, rich, lifecycle and quota sources of the Outlook items. */
export const outlookLifetimeSources = [
  { fact: 'maxLifetimeMinutes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime', note: 'was 4,230 min in older versions of that page' },
  { fact: 'maxLifetimeWithResourceDataMinutes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime' },
  { fact: 'rich', source: 'https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#supported-resources' },
  { fact: 'lifecycleEvents', source: 'https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events' },
  { fact: 'quotas', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' },
] as const;

/** Notes every Outlook item carries. */
export const outlookNotes = [
  'Delegated permissions cover only the signed-in user\'s mailbox; for other users\' mailboxes or shared folders use the application permission (https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions#permissions).',
  'The *.Shared permissions (Mail.Read.Shared, Calendars.Read.Shared, Contacts.Read.Shared) do not support subscriptions.',
  'Rich subscriptions must use $select; it must not include $top, $skip, $orderby, Body/UniqueBody or $expand (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#supported-resources).',
];

/** Per-mailbox quota (https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview). */
export const mailboxQuota: Quota = { limit: 1000, scope: 'active subscriptions per mailbox (all apps)', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' };
/** Lifecycle events of the Outlook items. */
export const outlookLifecycle = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'] as const;

/**
 * An Outlook item (message, event, contact): rich only with `$select` (`defaultSelect` when none
 * is given), 7 days (1 day with resource data). `permissionsNote` annotates the permissions source.
 */
export function outlookItem(
  id: string,
  displayName: string,
  paths: readonly PathPattern[],
  permissions: PermissionRow,
  defaultSelect: string,
  permissionsNote?: string,
): ResourceEntry {
  return {
    id,
    displayName,
    group: 'Outlook',
    docsUrl: doc(id),
    paths,
    permissions,
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 10080,
    maxLifetimeWithResourceDataMinutes: 1440,
    rich: { supported: true, selectRequired: true, certificateIdRequired: false, defaultSelect },
    lifecycleUrlRequiredOverOneHour: false,
    lifecycleEvents: outlookLifecycle,
    quotas: [mailboxQuota],
    notes: outlookNotes,
    sources: [
      { fact: 'permissions', source: S003, ...(permissionsNote ? { note: permissionsNote } : {}) },
      { fact: 'changeTypes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' },
      ...outlookLifetimeSources,
    ],
  };
}
