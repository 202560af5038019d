/** The subscription properties the validator knows (https://learn.microsoft.com/en-us/graph/api/resources/subscription#properties), for checks and editor completions. */

export interface PropertySpec {
  type: 'string' | 'boolean';
  /** Required on create (POST /subscriptions). */
  requiredOnCreate?: boolean;
  /** Accepted by PATCH /subscriptions/{id} (https://learn.microsoft.com/en-us/graph/api/subscription-update). */
  updatable?: boolean;
  /** Server-assigned. */
  readOnly?: boolean;
  /** Newest docs only: Web Push. */
  webPush?: boolean;
  deprecated?: boolean;
  description: string;
}

export const PROPERTY_SPECS: Readonly<Record<string, PropertySpec>> = {
  resource: { type: 'string', requiredOnCreate: true, description: 'Resource path to watch, without the base URL, e.g. `me/messages`.' },
  changeType: { type: 'string', requiredOnCreate: true, description: 'Comma-separated: `created`, `updated`, `deleted`.' },
  notificationUrl: { type: 'string', requiredOnCreate: true, updatable: true, description: 'HTTPS endpoint (or `EventHub:…` / `EventGrid:…`) that receives notifications.' },
  expirationDateTime: { type: 'string', requiredOnCreate: true, updatable: true, description: 'UTC date-time when the subscription expires; the maximum depends on the resource.' },
  clientState: { type: 'string', description: 'Secret echoed in every notification (at most 128 characters).' },
  lifecycleNotificationUrl: { type: 'string', description: 'HTTPS endpoint for lifecycle notifications; cannot be added after creation.' },
  includeResourceData: { type: 'boolean', description: 'Rich notifications: include encrypted resource data.' },
  encryptionCertificate: { type: 'string', updatable: true, description: 'Base64 certificate (public key only) used to encrypt resource data.' },
  encryptionCertificateId: { type: 'string', updatable: true, description: 'Your identifier of the certificate (at most 128 characters).' },
  latestSupportedTlsVersion: { type: 'string', description: '`v1_0`, `v1_1`, `v1_2` (default) or `v1_3`.' },
  notificationQueryOptions: { type: 'string', description: 'OData query options (Universal Print, Health Monitoring alerts).' },
  notificationUrlAppId: { type: 'string', description: 'App id used to generate the validation tokens.' },
  notificationContentType: { type: 'string', deprecated: true, description: 'Older docs only: desired content type, default `application/json`.' },
  id: { type: 'string', readOnly: true, description: 'Subscription id (server-assigned).' },
  applicationId: { type: 'string', readOnly: true, description: 'Id of the app that created the subscription (server-assigned).' },
  creatorId: { type: 'string', readOnly: true, description: 'Signed-in user or service principal that created it (server-assigned).' },
  vapidPublicKey: { type: 'string', webPush: true, description: 'Web Push only: VAPID server public key.' },
  webPushEncryptionP256dhPublicKey: { type: 'string', webPush: true, description: 'Web Push only: browser ECDH public key.' },
  webPushEncryptionSecret: { type: 'string', webPush: true, description: 'Web Push only: 16-byte auth secret.' },
};

export const KNOWN_PROPERTIES: readonly string[] = Object.keys(PROPERTY_SPECS);

export const TLS_VERSIONS: readonly string[] = ['v1_0', 'v1_1', 'v1_2', 'v1_3'];

export const MAX_CLIENT_STATE = 128;
export const MAX_CERTIFICATE_ID = 128;
/** Graph raises an earlier expiration to request time + 45 minutes (https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime). */
export const MIN_LIFETIME_MINUTES = 45;
