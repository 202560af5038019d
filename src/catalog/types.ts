/**
 * Types of the capability and permission catalog. The data lives in `src/catalog/resources/*.ts`,
 * the path matcher in `src/catalog/matchResource.ts`. No `vscode` import: unit-tested in Node.
 */

/** How the caller is signed in; permissions differ per kind (seed 003/004 tables). */
export type AccountKind = 'delegatedWork' | 'delegatedPersonal' | 'application';

export const ACCOUNT_KINDS: readonly AccountKind[] = ['delegatedWork', 'delegatedPersonal', 'application'];

export const ACCOUNT_KIND_LABELS: Readonly<Record<AccountKind, string>> = {
  delegatedWork: 'Delegated (work or school account)',
  delegatedPersonal: 'Delegated (personal Microsoft account)',
  application: 'Application',
};

export type ChangeType = 'created' | 'updated' | 'deleted';

/** Subscription operations whose permissions the docs list separately. */
export type Operation = 'create' | 'update' | 'get' | 'delete' | 'reauthorize' | 'list';
/** Operations on an existing subscription (PATCH, GET, DELETE, POST …/reauthorize). */
export type ManageOperation = 'update' | 'get' | 'delete' | 'reauthorize';

export const CHANGE_TYPES: readonly ChangeType[] = ['created', 'updated', 'deleted'];

/**
 * Least-privileged permissions per account kind, as the docs' tables list them (least privileged
 * first). `null`: "Not supported". An empty array: supported, but the permission is not documented
 * (the permission check is skipped). A trailing `*` marks a resource-specific-consent permission.
 */
export type PermissionRow = Readonly<Record<AccountKind, readonly string[] | null>>;

/** OData query parts a resource path accepts inside `resource`. */
export type QueryOptionName = '$filter' | '$select' | '$search' | 'model' | 'notifyOnUserSpecificProperties';

export type LifecycleEventName = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export type ResourceGroup =
  | 'Outlook'
  | 'Teams'
  | 'Directory'
  | 'OneDrive/SharePoint'
  | 'Security'
  | 'Print'
  | 'Copilot'
  | 'To Do'
  | 'Virtual events';

/**
 * Where a fact comes from: the public page (a learn.microsoft.com URL, e.g.
 * `https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime`).
 * `note` keeps an older or conflicting reading.
 */
export interface FactSource {
  fact: string;
  source: string;
  note?: string;
}

/** A subscription-count limit. `enforce` says how the validator can count it from existing subscriptions. */
export interface Quota {
  limit: number;
  /** e.g. "per app and tenant", "per mailbox (all apps)". */
  scope: string;
  /**
   * `sameResource`: subscriptions of this app on the same resource path (e.g. 1 per app and chat);
   * `entryGroup`: subscriptions of this app on any resource with the same `quotaKey`;
   * absent: informational only (needs data the caller does not have, e.g. all apps of a tenant).
   */
  enforce?: 'sameResource' | 'entryGroup';
  quotaKey?: string;
  source: string;
}

/** One accepted shape of `resource`. */
export interface PathPattern {
  /** Without leading slash, `{name}` for parameters, e.g. `users/{userId}/messages`. `me/…` is accepted for `users/{userId}/…`. */
  pattern: string;
  /** A concrete sample, for quick picks and snippets. */
  example?: string;
  description?: string;
  /** Query parts accepted after `?` (anything else gets a warning). */
  queryOptions: readonly QueryOptionName[];
  /** Query parts that must be present (e.g. `$filter` for the multi-user presence path). */
  requiredQuery?: readonly QueryOptionName[];
  /** Accepted `model=` payment models; metered paths only. */
  paymentModels?: readonly ('A' | 'B')[];
  /** Metered API: payment models and licensing requirements may apply. */
  metered?: boolean;
  /** Overrides of the entry's create permissions for this path. */
  permissions?: PermissionRow;
  /** Overrides for the other operations, where the docs differ from create. */
  managePermissions?: Partial<Record<ManageOperation, PermissionRow>>;
  /** Overrides of the entry's change types for this path. */
  changeTypes?: readonly ChangeType[];
  /** Overrides `entry.rich.supported` for this path. */
  rich?: boolean;
  /** Beta endpoint only. */
  betaOnly?: boolean;
  notes?: readonly string[];
  sources: readonly string[];
}

export interface RichSupport {
  supported: boolean;
  /** Outlook: rich subscriptions must use `$select` in `resource`. */
  selectRequired: boolean;
  /** Presence: `encryptionCertificateId` is required too. */
  certificateIdRequired: boolean;
  /** Presence: always specify `encryptionCertificate`. */
  encryptionAlwaysRequired?: boolean;
  /** Suggested `$select` for the "add $select" fix. */
  defaultSelect?: string;
}

/** One resource type that supports change-notification subscriptions. */
export interface ResourceEntry {
  id: string;
  displayName: string;
  group: ResourceGroup;
  docsUrl: string;
  paths: readonly PathPattern[];
  /** Create permissions (POST /subscriptions), unless a path overrides them. */
  permissions: PermissionRow;
  /** Update/get/delete/reauthorize permissions where they differ from create. */
  managePermissions?: Partial<Record<ManageOperation, PermissionRow>>;
  /**
   * Account kinds the docs disagree about (supported in one source, not in another). The validator
   * reports a warning instead of an error for them.
   */
  disputedAccountKinds?: readonly { accountKind: AccountKind; note: string }[];
  changeTypes: readonly ChangeType[];
  maxLifetimeMinutes: number;
  maxLifetimeWithResourceDataMinutes?: number;
  rich: RichSupport;
  /** `lifecycleNotificationUrl` is required when expiration is more than 1 hour away (https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime). */
  lifecycleUrlRequiredOverOneHour: boolean;
  lifecycleEvents: readonly LifecycleEventName[];
  quotas: readonly Quota[];
  /** `notificationQueryOptions` is supported (Universal Print, Health Monitoring). */
  notificationQueryOptions?: boolean;
  /** Licensing, metering and other notes for hovers. */
  notes: readonly string[];
  sources: readonly FactSource[];
}

/** Result of `matchResource`. `params.userId === 'me'` when the path used `me/…`. */
export type MatchResult =
  | {
      ok: true;
      entry: ResourceEntry;
      pattern: PathPattern;
      params: Record<string, string>;
      query: Record<string, string>;
      /** The path without base URL, leading slash and query; key syntax kept as written. */
      normalizedPath: string;
      /** The path began with `me` (stands for `users/{userId}`). */
      usesMe: boolean;
    }
  | { ok: false; suggestions: string[] };

export interface RequiredPermissions {
  supported: boolean;
  /** Non-RSC permissions, least privileged first. Empty with `supported`: not documented. */
  anyOf: string[];
  /** Resource-specific-consent permissions (without the `*`). */
  rsc: string[];
  /** Docs disagree on this account kind (see `ResourceEntry.disputedAccountKinds`). */
  disputed?: string;
}
