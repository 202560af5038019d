/**
 * Shapes of Microsoft Graph's subscription API, shared by the Graph client, the emulator, the
 * receiver and the tree. Source: https://learn.microsoft.com/en-us/graph/api/resources/subscription#properties, https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks, https://learn.microsoft.com/en-us/graph/errors.
 */

/** `microsoft.graph.subscription` as Graph returns it (unset properties are null). */
export interface Subscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  expirationDateTime: string;
  clientState?: string | null;
  lifecycleNotificationUrl?: string | null;
  includeResourceData?: boolean | null;
  encryptionCertificate?: string | null;
  encryptionCertificateId?: string | null;
  latestSupportedTlsVersion?: string | null;
  notificationQueryOptions?: string | null;
  notificationUrlAppId?: string | null;
  applicationId?: string | null;
  creatorId?: string | null;
  notificationContentType?: string | null;
}

/** What a client sends on create: a subscription without the server-assigned fields. */
export type SubscriptionDraft = Omit<Subscription, 'id' | 'applicationId' | 'creatorId'>;

/** Properties PATCH accepts [UPD-L, RICH-L]. */
export type SubscriptionUpdate = Partial<
  Pick<Subscription, 'expirationDateTime' | 'notificationUrl' | 'encryptionCertificate' | 'encryptionCertificateId'>
>;

export interface SubscriptionPage {
  value: Subscription[];
  '@odata.nextLink'?: string;
}

/** Graph's error body [ERR]. */
export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError?: {
      'request-id'?: string;
      date?: string;
      'client-request-id'?: string;
      [key: string]: unknown;
    };
  };
}

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** One item of a notification POST (`changeNotification`, https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks). */
export interface ChangeNotification {
  id?: string;
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  tenantId: string;
  changeType?: string;
  lifecycleEvent?: LifecycleEvent | string;
  resource?: string;
  clientState?: string | null;
  resourceData?: Record<string, unknown>;
  encryptedContent?: EncryptedContent;
}

/** `changeNotificationEncryptedContent` (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data). */
export interface EncryptedContent {
  data: string;
  dataKey: string;
  dataSignature?: string;
  encryptionCertificateId: string;
  encryptionCertificateThumbprint: string;
}

/** The body of a notification POST (`changeNotificationCollection`, https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks). */
export interface ChangeNotificationCollection {
  value: ChangeNotification[];
  validationTokens?: string[] | null;
}

/** The Microsoft Graph change-notification publisher's app id (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data). */
export const GRAPH_CHANGE_TRACKING_APP_ID = '0bf30f3b-4a52-48df-9a82-234910c4a086';

/** Options for a create call. */
export interface CreateOptions {
  /** Extra request headers, e.g. `Prefer: includesecuritywebhooks` for drive items. */
  headers?: Record<string, string>;
}

/**
 * The subscriptions API as the extension uses it, implemented over the Graph client for real
 * tenants and the sandbox alike (the sandbox is just another base URL and token source).
 * Methods reject with `GraphRequestError` (src/graph/errors.ts) carrying status and Graph's body.
 */
export interface SubscriptionsClient {
  /** Every page, following `@odata.nextLink`. */
  listAll(signal?: AbortSignal): Promise<Subscription[]>;
  get(id: string): Promise<Subscription>;
  create(draft: SubscriptionDraft, options?: CreateOptions): Promise<Subscription>;
  update(id: string, patch: SubscriptionUpdate): Promise<Subscription>;
  delete(id: string): Promise<void>;
  reauthorize(id: string): Promise<void>;
  /**
   * GET of any Graph path (relative to the version root, e.g. `users/delta`) or of a link Graph
   * returned (`@odata.nextLink`/`@odata.deltaLink`) on the account's own Graph origin; the parsed
   * JSON body. Delta queries (resync) use it.
   */
  getJson(pathOrLink: string, options?: GetJsonOptions): Promise<unknown>;
}

export interface GetJsonOptions {
  /** e.g. `Prefer: odata.maxpagesize=50`. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}
