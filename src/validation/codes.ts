/**
 * Stable finding codes of the subscription-draft validator. Never renumber: the editor keys quick
 * fixes on them and the emulator maps them to Graph HTTP errors (`toGraphError`).
 */
export const FindingCode = {
  /** The draft is not valid JSON (comments and trailing commas are tolerated). */
  jsonSyntax: 'GS001',
  /** A property Graph does not know; usually a typo (`notificationURL` → `notificationUrl`). */
  unknownProperty: 'GS002',
  /** A required property is missing (create: resource, changeType, notificationUrl, expirationDateTime). */
  missingProperty: 'GS003',
  /** A property has the wrong JSON type, or the draft is not an object. */
  invalidType: 'GS004',
  /** A changeType value is not created, updated or deleted, or the list is malformed. */
  invalidChangeType: 'GS005',
  /** A changeType the resource does not support (e.g. `created` on users). */
  changeTypeNotSupported: 'GS006',
  /** A URL is not https (and not the EventHub:/EventGrid: forms). */
  insecureUrl: 'GS007',
  /** A URL cannot be parsed. */
  invalidUrl: 'GS008',
  /** The resource path matches no known pattern. */
  unknownResource: 'GS009',
  /** The account kind cannot subscribe to this resource path. */
  accountKindNotSupported: 'GS010',
  /** Application access cannot use `me/…` paths. */
  meWithApplication: 'GS011',
  /** The token lacks every permission that would allow this subscription. */
  permissionMissing: 'GS012',
  /** expirationDateTime is not an ISO 8601 date-time. */
  expirationInvalid: 'GS013',
  /** expirationDateTime is in the past. */
  expirationInPast: 'GS014',
  /** expirationDateTime is less than 45 minutes away; Graph raises it to now + 45 minutes. */
  expirationBelowMinimum: 'GS015',
  /** expirationDateTime is beyond the resource's maximum lifetime. */
  expirationOverMaximum: 'GS016',
  /** Teams/Copilot resources over one hour need lifecycleNotificationUrl. */
  lifecycleUrlRequired: 'GS017',
  /** includeResourceData on a resource that does not support rich notifications. */
  richNotSupported: 'GS018',
  /** includeResourceData without encryptionCertificate. */
  certificateRequired: 'GS019',
  /** Rich subscription without encryptionCertificateId (error for presence, warning otherwise). */
  certificateIdRequired: 'GS020',
  /** Outlook rich subscription without `$select` in resource. */
  selectRequired: 'GS021',
  /** clientState longer than 128 characters. */
  clientStateTooLong: 'GS022',
  /** encryptionCertificateId longer than 128 characters. */
  certificateIdTooLong: 'GS023',
  /** latestSupportedTlsVersion is not v1_0, v1_1, v1_2 or v1_3. */
  invalidTlsVersion: 'GS024',
  /** latestSupportedTlsVersion below v1_2 (deprecated bridge). */
  tlsVersionDeprecated: 'GS025',
  /** Same resource and changeType as an existing subscription: Graph answers 409. */
  duplicateSubscription: 'GS026',
  /** Update: the property cannot be changed by PATCH. */
  propertyNotUpdatable: 'GS027',
  /** Update: lifecycleNotificationUrl cannot be added after creation. */
  lifecycleUrlCannotBeAdded: 'GS028',
  /** Update: PATCH must contain expirationDateTime or notificationUrl. */
  updateNeedsExpirationOrUrl: 'GS029',
  /** No clientState: recommended to authenticate notifications. */
  clientStateMissing: 'GS030',
  /** A read-only property (id, applicationId, creatorId) in a create draft. */
  readOnlyProperty: 'GS031',
  /** A query option the resource path does not accept, or a required one is missing. */
  queryOptionNotSupported: 'GS032',
  /** `model=` value not accepted on this path. */
  paymentModelInvalid: 'GS033',
  /** Metered API: payment models and licensing may apply. */
  meteredApi: 'GS034',
  /** Only a write permission is granted where Graph wants the read permission. */
  writeInsteadOfRead: 'GS035',
  /** The docs disagree whether this account kind is supported. */
  accountKindDisputed: 'GS036',
  /** A property appears twice. */
  duplicateProperty: 'GS037',
  /** A notification URL Graph cannot reach (loopback) outside the sandbox. */
  unreachableUrl: 'GS038',
  /** Web Push properties on a normal webhook subscription (Graph answers 400). */
  webPushProperty: 'GS039',
  /** notificationQueryOptions on a resource that does not support it. */
  notificationQueryOptionsNotSupported: 'GS040',
  /** Subscription-count quota reached (Graph answers 403). */
  quotaExceeded: 'GS041',
  /** Delegated Outlook access to another user's mailbox. */
  delegatedOtherMailbox: 'GS042',
  /** Presence always needs an encryption certificate. */
  encryptionAlwaysRequired: 'GS043',
  /** Permissions for this path are not documented (the check was skipped). */
  permissionUndocumented: 'GS044',
  /** Beta-only resource path. */
  betaOnly: 'GS045',
  /** expirationDateTime without a time-zone offset (read as UTC). */
  expirationNoTimezone: 'GS046',
  /** Property deprecated or dropped from v1.0 (notificationContentType). */
  deprecatedProperty: 'GS047',
} as const;

export type FindingCodeName = keyof typeof FindingCode;
export type FindingCodeValue = (typeof FindingCode)[FindingCodeName];
