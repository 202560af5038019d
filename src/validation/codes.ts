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
  /** The resource path still holds a template placeholder (`users/userId`, `users/{userId}`). */
  unfilledPlaceholder: 'GS048',
  /** A Teams licensed path without `model=`: evaluation mode, notifications stop silently past the monthly quota. */
  evaluationMode: 'GS049',
  /** `@requestHeaders` is malformed or names a header other than Prefer. */
  requestHeaderInvalid: 'GS050',
  /** A Prefer preference that has no effect on this resource (or is unknown, or sent on update). */
  preferenceNotApplicable: 'GS051',
} as const;

export type FindingCodeName = keyof typeof FindingCode;
export type FindingCodeValue = (typeof FindingCode)[FindingCodeName];

/** A short description of every code (for hovers, docs and the emulator's logs). */
export const FINDING_CODE_DESCRIPTIONS: Readonly<Record<FindingCodeValue, string>> = {
  GS001: 'The draft is not valid JSON (comments and trailing commas are tolerated).',
  GS002: 'A property Graph does not know; usually a typo (`notificationURL` → `notificationUrl`).',
  GS003: 'A required property is missing (create: resource, changeType, notificationUrl, expirationDateTime).',
  GS004: 'A property has the wrong JSON type, or the draft is not an object.',
  GS005: 'A changeType value is not created, updated or deleted, or the list is malformed.',
  GS006: 'A changeType the resource does not support (e.g. `created` on users).',
  GS007: 'A URL is not https (and not the EventHub:/EventGrid: forms).',
  GS008: 'A URL cannot be parsed.',
  GS009: 'The resource path matches no known pattern.',
  GS010: 'The account kind cannot subscribe to this resource path.',
  GS011: 'Application access cannot use `me/…` paths.',
  GS012: 'The token lacks every permission that would allow this subscription.',
  GS013: 'expirationDateTime is not an ISO 8601 date-time.',
  GS014: 'expirationDateTime is in the past.',
  GS015: 'expirationDateTime is less than 45 minutes away; Graph raises it to now + 45 minutes.',
  GS016: "expirationDateTime is beyond the resource's maximum lifetime.",
  GS017: 'Teams/Copilot resources over one hour need lifecycleNotificationUrl.',
  GS018: 'includeResourceData on a resource that does not support rich notifications.',
  GS019: 'includeResourceData without encryptionCertificate.',
  GS020: 'Rich subscription without encryptionCertificateId (error for presence, warning otherwise).',
  GS021: 'Outlook rich subscription without `$select` in resource.',
  GS022: 'clientState longer than 128 characters.',
  GS023: 'encryptionCertificateId longer than 128 characters.',
  GS024: 'latestSupportedTlsVersion is not v1_0, v1_1, v1_2 or v1_3.',
  GS025: 'latestSupportedTlsVersion below v1_2 (deprecated bridge).',
  GS026: 'Same resource and changeType as an existing subscription: Graph answers 409.',
  GS027: 'Update: the property cannot be changed by PATCH.',
  GS028: 'Update: lifecycleNotificationUrl cannot be added after creation.',
  GS029: 'Update: PATCH must contain expirationDateTime or notificationUrl.',
  GS030: 'No clientState: recommended to authenticate notifications.',
  GS031: 'A read-only property (id, applicationId, creatorId) in a create draft.',
  GS032: 'A query option the resource path does not accept, or a required one is missing.',
  GS033: '`model=` value not accepted on this path.',
  GS034: 'Metered API: payment models and licensing may apply.',
  GS035: 'Only a write permission is granted where Graph wants the read permission.',
  GS036: 'The docs disagree whether this account kind is supported.',
  GS037: 'A property appears twice.',
  GS038: 'A notification URL Graph cannot reach (loopback) outside the sandbox.',
  GS039: 'Web Push properties on a normal webhook subscription (Graph answers 400).',
  GS040: 'notificationQueryOptions on a resource that does not support it.',
  GS041: 'Subscription-count quota reached (Graph answers 403).',
  GS042: "Delegated Outlook access to another user's mailbox.",
  GS043: 'Presence always needs an encryption certificate.',
  GS044: 'Permissions for this path are not documented (the check was skipped).',
  GS045: 'Beta-only resource path.',
  GS046: 'expirationDateTime without a time-zone offset (read as UTC).',
  GS047: 'Property deprecated or dropped from v1.0 (notificationContentType).',
  GS048: 'The resource path still holds a template placeholder (`users/userId`, `users/{userId}`).',
  GS049: 'A Teams licensed path without `model=`: evaluation mode, notifications stop silently past the monthly quota.',
  GS050: '`@requestHeaders` is malformed or names a header other than Prefer.',
  GS051: 'A Prefer preference that has no effect on this resource (or is unknown, or sent on update).',
};
