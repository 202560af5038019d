/**
 * validateDraft: for every check a failing and a passing draft, with the exact span asserted, and
 * quick fixes applied to prove they remove the finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FINDING_CODE_DESCRIPTIONS, FindingCode, parseIsoDateTime, validateDraft, type Finding, type TextEdit, type ValidationContext } from '../../src/validation/index';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const inMinutes = (min: number): string => new Date(NOW.getTime() + min * 60_000).toISOString();

const BASE: Record<string, unknown> = {
  changeType: 'created',
  notificationUrl: 'https://webhook.example.com/api/notify',
  resource: 'me/messages',
  expirationDateTime: inMinutes(2 * 1440),
  clientState: 'secretClientValue',
};
const CERT = { encryptionCertificate: 'MIIBIjANBgkq', encryptionCertificateId: 'cert-1' };

/** A draft: BASE with changes; `undefined` removes a property. */
function draft(changes: Record<string, unknown> = {}): string {
  const o: Record<string, unknown> = { ...BASE };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete o[k];
    else o[k] = v;
  }
  return JSON.stringify(o, null, 2);
}

function run(text: string, ctx: Partial<ValidationContext> = {}): Finding[] {
  return validateDraft(text, { operation: 'create', accountKind: 'delegatedWork', now: NOW, ...ctx });
}

const spanText = (text: string, f: Finding): string => text.slice(f.span.offset, f.span.offset + f.span.length);

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

interface Case {
  name: string;
  code: keyof typeof FindingCode;
  severity: Finding['severity'];
  fail: [string, Partial<ValidationContext>?];
  /** The exact text the finding's span covers. */
  span: string;
  message?: RegExp;
  pass: [string, Partial<ValidationContext>?];
  /** Apply the first `edit` fix and expect the finding gone. */
  editFixRemoves?: boolean;
  fixKind?: 'setProperty';
}

const CASES: Case[] = [
  {
    name: 'JSON syntax error', code: 'jsonSyntax', severity: 'error',
    fail: ['{\n  "resource": "me/messages",,\n  "changeType": "created"\n}'], span: ',',
    pass: [`// comments and trailing commas are fine\n${draft().replace(/\n}$/, ',\n}')}`],
  },
  {
    name: 'unknown property with typo suggestion', code: 'unknownProperty', severity: 'error',
    fail: [draft({ notificationUrl: undefined, notificationURL: 'https://webhook.example.com/api/notify' })], span: '"notificationURL"',
    message: /Did you mean "notificationUrl"/, pass: [draft()], editFixRemoves: true,
  },
  {
    name: 'unknown property without suggestion', code: 'unknownProperty', severity: 'error',
    fail: [draft({ somethingElse: 1 })], span: '"somethingElse"', message: /Remove it/, pass: [draft()], editFixRemoves: true,
  },
  {
    name: 'missing required property', code: 'missingProperty', severity: 'error',
    fail: [draft({ resource: undefined })], span: '{', message: /resource is a required property/, pass: [draft()],
  },
  {
    name: 'wrong value type', code: 'invalidType', severity: 'error',
    fail: [draft({ clientState: 42 })], span: '42', message: /clientState must be a string/, pass: [draft({ clientState: 'x' })],
  },
  {
    name: 'boolean written as string (fix converts)', code: 'invalidType', severity: 'error',
    fail: [draft({ resource: 'chats/19:x/messages', includeResourceData: 'false' })], span: '"false"', pass: [draft({ resource: 'chats/19:x/messages', includeResourceData: false })],
    editFixRemoves: true,
  },
  {
    name: 'invalid change type value', code: 'invalidChangeType', severity: 'error',
    fail: [draft({ changeType: 'created,updatd' })], span: 'updatd', message: /did you mean "updated"/, pass: [draft({ changeType: 'created,updated' })], editFixRemoves: true,
  },
  {
    name: 'empty item in change type list', code: 'invalidChangeType', severity: 'error',
    fail: [draft({ changeType: 'created,,updated' })], span: ',,', message: /empty item/, pass: [draft({ changeType: 'created, updated' })],
  },
  {
    name: 'change type the resource does not support', code: 'changeTypeNotSupported', severity: 'error',
    fail: [draft({ resource: 'users', changeType: 'created,updated' })], span: 'created', message: /supports: updated, deleted/,
    pass: [draft({ resource: 'users', changeType: 'updated,deleted' })], editFixRemoves: true,
  },
  {
    name: 'http notification URL', code: 'insecureUrl', severity: 'error',
    fail: [draft({ notificationUrl: 'http://webhook.example.com/api' })], span: '"http://webhook.example.com/api"',
    message: /NotificationUrl scheme='http' is not supported\./, pass: [draft({ notificationUrl: 'https://webhook.example.com/api' })], editFixRemoves: true,
  },
  {
    name: 'loopback http outside the sandbox', code: 'insecureUrl', severity: 'error',
    fail: [draft({ notificationUrl: 'http://127.0.0.1:7071/api' })], span: '"http://127.0.0.1:7071/api"', message: /tunnel/,
    pass: [draft({ notificationUrl: 'http://127.0.0.1:7071/api' }), { allowLoopbackHttp: true }],
  },
  {
    name: 'http lifecycle URL', code: 'insecureUrl', severity: 'error',
    fail: [draft({ lifecycleNotificationUrl: 'http://webhook.example.com/lc' })], span: '"http://webhook.example.com/lc"', message: /LifecycleNotificationUrl scheme='http'/,
    pass: [draft({ lifecycleNotificationUrl: 'EventGrid:?azuresubscriptionid=1&resourcegroup=rg&partnertopic=t&location=westus' })],
  },
  {
    name: 'Event Hub URL must be https inside', code: 'insecureUrl', severity: 'error',
    fail: [draft({ notificationUrl: 'EventHub:http://ns.servicebus.windows.net/eventhubname/h?tenantId=contoso.com' })], span: 'http', editFixRemoves: true,
    pass: [draft({ notificationUrl: 'EventHub:https://ns.servicebus.windows.net/eventhubname/h?tenantId=contoso.com' })],
  },
  {
    name: 'malformed URL', code: 'invalidUrl', severity: 'error',
    fail: [draft({ notificationUrl: 'webhook.example.com/api' })], span: '"webhook.example.com/api"', message: /Invalid notification url='webhook\.example\.com\/api'/,
    pass: [draft()],
  },
  {
    name: 'unknown resource path with suggestions', code: 'unknownResource', severity: 'error',
    fail: [draft({ resource: 'me/mesages' })], span: '"me/mesages"', message: /users\/\{userId\}\/messages/, pass: [draft()], editFixRemoves: true,
  },
  {
    name: 'account kind not supported', code: 'accountKindNotSupported', severity: 'error',
    fail: [draft({ resource: 'communications/callRecords', changeType: 'created' })], span: '"communications/callRecords"', message: /Supported: Application/,
    pass: [draft({ resource: 'communications/callRecords', changeType: 'created' }), { accountKind: 'application' }],
  },
  {
    name: 'personal account on a work-only resource', code: 'accountKindNotSupported', severity: 'error',
    fail: [draft({ resource: 'groups', changeType: 'updated' }), { accountKind: 'delegatedPersonal' }], span: '"groups"',
    pass: [draft({ resource: 'me/drive/root', changeType: 'updated' }), { accountKind: 'delegatedPersonal' }],
  },
  {
    name: 'me/ with application permissions', code: 'meWithApplication', severity: 'error',
    fail: [draft(), { accountKind: 'application' }], span: '"me/messages"', message: /users\/\{userId\}/,
    pass: [draft({ resource: 'users/8ee44408/messages' }), { accountKind: 'application' }], editFixRemoves: true,
  },
  {
    name: 'missing permission names the least-privileged one', code: 'permissionMissing', severity: 'error',
    fail: [draft(), { grantedPermissions: ['User.Read'] }], span: '"me/messages"', message: /grant the delegated permission Mail\.ReadBasic \(least privileged; any of: Mail\.ReadBasic, Mail\.Read\)/,
    pass: [draft(), { grantedPermissions: ['User.Read', 'mail.read'] }],
  },
  {
    name: 'application permission missing', code: 'permissionMissing', severity: 'error',
    fail: [draft({ resource: 'chats/19:x/members' }), { accountKind: 'application', grantedPermissions: ['Chat.Read'] }], span: '"chats/19:x/members"', message: /application permission ChatMember\.Read\.All/,
    pass: [draft({ resource: 'chats/19:x/members', lifecycleNotificationUrl: 'https://webhook.example.com/lc' }), { accountKind: 'application', grantedPermissions: ['ChatMember.Read.Chat'] }],
  },
  {
    name: 'write permission where read is wanted', code: 'writeInsteadOfRead', severity: 'warning',
    fail: [draft(), { grantedPermissions: ['Mail.ReadWrite'] }], span: '"me/messages"', pass: [draft(), { grantedPermissions: ['Mail.ReadBasic'] }],
  },
  {
    name: 'expiration not a date-time', code: 'expirationInvalid', severity: 'error',
    fail: [draft({ expirationDateTime: '2026-02-30T10:00:00Z' })], span: '"2026-02-30T10:00:00Z"', pass: [draft({ expirationDateTime: '2026-11-25T10:00:00.9356913Z' })], editFixRemoves: true,
  },
  {
    name: 'expiration in the past', code: 'expirationInPast', severity: 'error',
    fail: [draft({ expirationDateTime: inMinutes(-5) })], span: `"${inMinutes(-5)}"`, pass: [draft({ expirationDateTime: inMinutes(60) })], editFixRemoves: true,
  },
  {
    name: 'expiration under 45 minutes', code: 'expirationBelowMinimum', severity: 'info',
    fail: [draft({ expirationDateTime: inMinutes(30) })], span: `"${inMinutes(30)}"`, message: new RegExp(`raises it to ${inMinutes(45).replace(/\./g, '\\.')}`),
    pass: [draft({ expirationDateTime: inMinutes(45) })],
  },
  {
    name: 'expiration over the maximum gives the exact ISO maximum', code: 'expirationOverMaximum', severity: 'error',
    fail: [draft({ expirationDateTime: inMinutes(10081) })], span: `"${inMinutes(10081)}"`, message: new RegExp(`at most 10080 minutes .*${inMinutes(10080).replace(/\./g, '\\.')}`),
    pass: [draft({ expirationDateTime: inMinutes(10080) })], editFixRemoves: true,
  },
  {
    name: 'expiration over the with-resource-data maximum', code: 'expirationOverMaximum', severity: 'error',
    fail: [draft({ resource: 'me/messages?$select=Subject', includeResourceData: true, ...CERT, expirationDateTime: inMinutes(1441) })], span: `"${inMinutes(1441)}"`, message: /with resource data can last at most 1440 minutes/,
    pass: [draft({ resource: 'me/messages?$select=Subject', includeResourceData: true, ...CERT, expirationDateTime: inMinutes(1440) })], editFixRemoves: true,
  },
  {
    name: 'expiration without time zone', code: 'expirationNoTimezone', severity: 'warning',
    fail: [draft({ expirationDateTime: '2026-11-24T12:00:00' })], span: '"2026-11-24T12:00:00"', pass: [draft({ expirationDateTime: '2026-11-24T12:00:00+02:00' })], editFixRemoves: true,
  },
  {
    name: 'Teams resource over one hour without lifecycleNotificationUrl', code: 'lifecycleUrlRequired', severity: 'error',
    fail: [draft({ resource: 'chats/19:x/messages', expirationDateTime: inMinutes(61) })], span: `"${inMinutes(61)}"`, message: /lifecycleNotificationUrl is a required property/,
    pass: [draft({ resource: 'chats/19:x/messages', expirationDateTime: inMinutes(61), lifecycleNotificationUrl: 'https://webhook.example.com/lc' })],
  },
  {
    name: 'Copilot resource within one hour needs no lifecycle URL', code: 'lifecycleUrlRequired', severity: 'error',
    fail: [draft({ resource: 'copilot/interactionHistory/getAllEnterpriseInteractions', expirationDateTime: inMinutes(120) }), { accountKind: 'application' }], span: `"${inMinutes(120)}"`,
    pass: [draft({ resource: 'copilot/interactionHistory/getAllEnterpriseInteractions', expirationDateTime: inMinutes(60) }), { accountKind: 'application' }],
  },
  {
    name: 'includeResourceData on a resource without rich notifications', code: 'richNotSupported', severity: 'error',
    fail: [draft({ resource: 'users', changeType: 'updated', includeResourceData: true, ...CERT })], span: 'true',
    pass: [draft({ resource: 'users', changeType: 'updated', includeResourceData: false })], editFixRemoves: true,
  },
  {
    name: 'includeResourceData without certificate', code: 'certificateRequired', severity: 'error',
    fail: [draft({ resource: 'chats/19:x/messages', expirationDateTime: inMinutes(50), includeResourceData: true })], span: 'true', fixKind: 'setProperty',
    pass: [draft({ resource: 'chats/19:x/messages', expirationDateTime: inMinutes(50), includeResourceData: true, ...CERT })],
  },
  {
    name: 'presence requires encryptionCertificateId', code: 'certificateIdRequired', severity: 'error',
    fail: [draft({ resource: 'communications/presences/abc', changeType: 'updated', expirationDateTime: inMinutes(55), includeResourceData: true, encryptionCertificate: 'MIIB' })], span: 'true', fixKind: 'setProperty',
    pass: [draft({ resource: 'communications/presences/abc', changeType: 'updated', expirationDateTime: inMinutes(55), includeResourceData: true, ...CERT })],
  },
  {
    name: 'rich Outlook subscription without $select', code: 'selectRequired', severity: 'error',
    fail: [draft({ includeResourceData: true, ...CERT, expirationDateTime: inMinutes(600) })], span: '"me/messages"', message: /must use \$select/,
    pass: [draft({ resource: 'me/messages?$select=Subject,From', includeResourceData: true, ...CERT, expirationDateTime: inMinutes(600) })], editFixRemoves: true,
  },
  {
    name: 'clientState over 128 characters', code: 'clientStateTooLong', severity: 'error',
    fail: [draft({ clientState: 'x'.repeat(129) })], span: `"${'x'.repeat(129)}"`, fixKind: 'setProperty', pass: [draft({ clientState: 'x'.repeat(128) })],
  },
  {
    name: 'encryptionCertificateId over 128 characters', code: 'certificateIdTooLong', severity: 'error',
    fail: [draft({ encryptionCertificateId: 'c'.repeat(129) })], span: `"${'c'.repeat(129)}"`, pass: [draft({ encryptionCertificateId: 'c'.repeat(128) })],
  },
  {
    name: 'invalid TLS version', code: 'invalidTlsVersion', severity: 'error',
    fail: [draft({ latestSupportedTlsVersion: 'v1.2' })], span: '"v1.2"', pass: [draft({ latestSupportedTlsVersion: 'v1_3' })], editFixRemoves: true,
  },
  {
    name: 'deprecated TLS version', code: 'tlsVersionDeprecated', severity: 'warning',
    fail: [draft({ latestSupportedTlsVersion: 'v1_0' })], span: '"v1_0"', pass: [draft({ latestSupportedTlsVersion: 'v1_2' })], editFixRemoves: true,
  },
  {
    name: 'duplicate of an existing subscription', code: 'duplicateSubscription', severity: 'error',
    fail: [draft({ changeType: 'updated,created' }), { existing: [{ id: 'sub-1', resource: '/Me/messages', changeType: 'created,updated' }] }], span: '"me/messages"', message: /Subscription Id sub-1 already exists/,
    pass: [draft({ changeType: 'created' }), { existing: [{ id: 'sub-1', resource: 'me/messages', changeType: 'created,updated' }] }],
  },
  {
    name: 'quota: one subscription per app and chat', code: 'quotaExceeded', severity: 'error',
    fail: [draft({ resource: 'chats/19:x/messages', expirationDateTime: inMinutes(50) }), { existing: [{ id: 's', resource: 'chats/19:x/messages', changeType: 'updated' }] }], span: '"chats/19:x/messages"', message: /allows 1 subscription per app and channel or chat/,
    pass: [draft({ resource: 'chats/19:y/messages', expirationDateTime: inMinutes(50) }), { existing: [{ id: 's', resource: 'chats/19:x/messages', changeType: 'updated' }] }],
  },
  {
    name: 'update: property that cannot be changed', code: 'propertyNotUpdatable', severity: 'error',
    fail: [draft({ resource: 'me/events' }), { operation: 'update', original: { id: 'sub-1', ...BASE } as never }], span: '"resource"',
    pass: [draft({ expirationDateTime: inMinutes(3000) }), { operation: 'update', original: { id: 'sub-1', ...BASE } as never }], editFixRemoves: true,
  },
  {
    name: 'update: lifecycleNotificationUrl cannot be added', code: 'lifecycleUrlCannotBeAdded', severity: 'error',
    fail: ['{"expirationDateTime": "' + inMinutes(600) + '", "lifecycleNotificationUrl": "https://x.example.com/lc"}', { operation: 'update', original: { id: 'sub-1', ...BASE } as never }], span: '"lifecycleNotificationUrl"',
    pass: ['{"expirationDateTime": "' + inMinutes(600) + '"}', { operation: 'update', original: { id: 'sub-1', ...BASE } as never }], editFixRemoves: true,
  },
  {
    name: 'update without expirationDateTime or notificationUrl', code: 'updateNeedsExpirationOrUrl', severity: 'error',
    fail: ['{"encryptionCertificateId": "c2"}', { operation: 'update' }], span: '{', pass: ['{"notificationUrl": "https://new.example.com/n"}', { operation: 'update' }],
  },
  {
    name: 'missing clientState is a hint', code: 'clientStateMissing', severity: 'hint',
    fail: [draft({ clientState: undefined })], span: '{', fixKind: 'setProperty', pass: [draft()],
  },
  {
    name: 'read-only property in a create draft', code: 'readOnlyProperty', severity: 'warning',
    fail: [draft({ id: '7f105c7d' })], span: '"id"', pass: [draft()], editFixRemoves: true,
  },
  {
    name: 'query option the path does not accept', code: 'queryOptionNotSupported', severity: 'warning',
    fail: [draft({ resource: 'users?$select=displayName', changeType: 'updated' })], span: '"users?$select=displayName"', pass: [draft({ resource: "me/messages?$filter=isRead eq false" })],
  },
  {
    name: 'multi-user presence needs $filter', code: 'queryOptionNotSupported', severity: 'error',
    fail: [draft({ resource: 'communications/presences', changeType: 'updated', expirationDateTime: inMinutes(50) })], span: '"communications/presences"',
    pass: [draft({ resource: "communications/presences?$filter=id in ('a','b')", changeType: 'updated', expirationDateTime: inMinutes(50), ...CERT })],
  },
  {
    name: 'payment model not accepted on the path', code: 'paymentModelInvalid', severity: 'error',
    fail: [draft({ resource: 'users/abc/chats/getAllMessages?model=A', expirationDateTime: inMinutes(50) })], span: '"users/abc/chats/getAllMessages?model=A"', message: /model=B/,
    pass: [draft({ resource: 'users/abc/chats/getAllMessages?model=B', expirationDateTime: inMinutes(50) })],
  },
  {
    name: 'metered API note: what the chosen model requires', code: 'meteredApi', severity: 'info',
    fail: [draft({ resource: 'teams/getAllMessages?model=A', expirationDateTime: inMinutes(50) }), { accountKind: 'application' }], span: '"teams/getAllMessages?model=A"', message: /security or compliance.*licen[cs]e/i,
    pass: [draft({ resource: 'teams/19:x/channels/19:y/messages', expirationDateTime: inMinutes(50) }), { accountKind: 'application' }],
  },
  {
    name: 'Teams licensed path without model= runs in evaluation mode', code: 'evaluationMode', severity: 'warning',
    fail: [draft({ resource: 'teams/getAllMessages', expirationDateTime: inMinutes(50) }), { accountKind: 'application' }], span: '"teams/getAllMessages"', message: /evaluation mode.*500.*without any error/,
    pass: [draft({ resource: 'teams/getAllMessages?model=B', expirationDateTime: inMinutes(50) }), { accountKind: 'application' }], editFixRemoves: true,
  },
  {
    name: 'request headers name a header other than Prefer', code: 'requestHeaderInvalid', severity: 'error',
    fail: [draft({ '@requestHeaders': { Authorization: 'Bearer x' } })], span: '"Authorization"', message: /Prefer/,
    pass: [draft({ '@requestHeaders': { Prefer: ['IdType="ImmutableId"'] } })], editFixRemoves: true,
  },
  {
    name: 'Prefer preference that has no effect on the resource', code: 'preferenceNotApplicable', severity: 'warning',
    fail: [draft({ '@requestHeaders': { Prefer: ['includesecuritywebhooks'] } })], span: '"includesecuritywebhooks"', message: /driveItem/,
    pass: [draft({ resource: 'drives/b!x/root', changeType: 'updated', '@requestHeaders': { Prefer: ['includesecuritywebhooks'] } }), { accountKind: 'application', grantedPermissions: ['Files.Read.All'] }], editFixRemoves: true,
  },
  {
    name: 'docs disagree on the account kind', code: 'accountKindDisputed', severity: 'warning',
    fail: [draft({ resource: 'users', changeType: 'updated' }), { accountKind: 'delegatedPersonal' }], span: '"users"', pass: [draft({ resource: 'users', changeType: 'updated' })],
  },
  {
    name: 'duplicate property', code: 'duplicateProperty', severity: 'warning',
    fail: [draft().replace('{', '{\n  "clientState": "first",')], span: '"clientState"', pass: [draft()],
  },
  {
    name: 'https loopback URL Graph cannot reach', code: 'unreachableUrl', severity: 'warning',
    fail: [draft({ notificationUrl: 'https://localhost:7071/api' })], span: '"https://localhost:7071/api"', pass: [draft({ notificationUrl: 'https://localhost:7071/api' }), { allowLoopbackHttp: true }],
  },
  {
    name: 'Web Push property on a webhook', code: 'webPushProperty', severity: 'warning',
    fail: [draft({ vapidPublicKey: 'BEl6' })], span: '"vapidPublicKey"', pass: [draft()], editFixRemoves: true,
  },
  {
    name: 'notificationQueryOptions outside Universal Print', code: 'notificationQueryOptionsNotSupported', severity: 'warning',
    fail: [draft({ notificationQueryOptions: '$filter=isFetchable eq true' })], span: '"notificationQueryOptions"',
    pass: [draft({ resource: 'print/printers/p1/jobs', changeType: 'updated', notificationQueryOptions: '$filter=isFetchable eq true' }), { accountKind: 'application' }], editFixRemoves: true,
  },
  {
    name: "delegated access to another user's mailbox", code: 'delegatedOtherMailbox', severity: 'info',
    fail: [draft({ resource: 'users/someone@contoso.com/messages' })], span: '"users/someone@contoso.com/messages"', pass: [draft()], editFixRemoves: true,
  },
  {
    name: 'presence without encryption certificate', code: 'encryptionAlwaysRequired', severity: 'warning',
    fail: [draft({ resource: 'communications/presences/abc', changeType: 'updated', expirationDateTime: inMinutes(50) })], span: '"communications/presences/abc"', fixKind: 'setProperty',
    pass: [draft({ resource: 'communications/presences/abc', changeType: 'updated', expirationDateTime: inMinutes(50), ...CERT })],
  },
  {
    name: 'undocumented permission: check skipped', code: 'permissionUndocumented', severity: 'info',
    fail: [draft({ resource: 'solutions/approval/approvalItems' }), { accountKind: 'application', grantedPermissions: ['X.Read.All'] }], span: '"solutions/approval/approvalItems"',
    pass: [draft({ resource: 'solutions/approval/approvalItems' }), { accountKind: 'application' }],
  },
  {
    name: 'beta-only path', code: 'betaOnly', severity: 'warning',
    fail: [draft({ resource: "communications/onlineMeetings(joinWebUrl='abc')/meetingCallEvents", expirationDateTime: inMinutes(50) }), { accountKind: 'application' }], span: `"communications/onlineMeetings(joinWebUrl='abc')/meetingCallEvents"`,
    pass: [draft({ resource: 'communications/onlineMeetings/m1/recordings', expirationDateTime: inMinutes(50) }), { accountKind: 'application' }],
  },
  {
    // Issue 19, item 17: the template's placeholder left in place; delegated gets "use me/…".
    name: 'unfilled template placeholder', code: 'unfilledPlaceholder', severity: 'error',
    fail: [draft({ resource: 'users/userId/messages' })], span: '"users/userId/messages"', message: /placeholder "userId"/,
    pass: [draft({ resource: 'users/adele@contoso.com/messages' }), { accountKind: 'application' }], editFixRemoves: true,
  },
  {
    name: 'deprecated property', code: 'deprecatedProperty', severity: 'info',
    fail: [draft({ notificationContentType: 'application/json' })], span: '"notificationContentType"', pass: [draft()], editFixRemoves: true,
  },
];

test('a complete, valid draft has no findings at all', () => {
  assert.deepEqual(run(draft()), []);
  assert.deepEqual(run(draft({ resource: 'users/abc/messages' }), { accountKind: 'application', grantedPermissions: ['Mail.Read'] }), []);
});

test('every finding code has at least one failing case', () => {
  const covered = new Set(CASES.map((c) => c.code));
  const missing = (Object.keys(FindingCode) as (keyof typeof FindingCode)[]).filter((k) => !covered.has(k));
  assert.deepEqual(missing, []);
});

for (const c of CASES) {
  test(`${FindingCode[c.code]} ${c.code}: ${c.name}`, () => {
    const [failText, failCtx] = c.fail;
    const findings = run(failText, failCtx).filter((f) => f.code === FindingCode[c.code]);
    assert.ok(findings.length > 0, `expected ${c.code}; got ${JSON.stringify(run(failText, failCtx).map((f) => f.code))}`);
    const f = findings[0];
    assert.equal(f.severity, c.severity);
    assert.equal(spanText(failText, f), c.span);
    if (c.message) assert.match(f.message, c.message);
    if (c.fixKind) assert.ok(f.fixes?.some((x) => x.kind === c.fixKind), 'expected a setProperty fix');
    if (c.editFixRemoves) {
      const fix = f.fixes?.find((x) => x.kind === 'edit');
      assert.ok(fix && fix.kind === 'edit', 'expected an edit fix');
      if (fix && fix.kind === 'edit') {
        const fixed = applyEdits(failText, fix.edits);
        const after = run(fixed, failCtx).filter((g) => g.code === FindingCode[c.code]);
        assert.deepEqual(after.map((g) => g.message), [], `fix "${fix.title}" should remove the finding; text:\n${fixed}`);
      }
    }
    const [passText, passCtx] = c.pass;
    const passFindings = run(passText, passCtx);
    assert.deepEqual(passFindings.filter((g) => g.code === FindingCode[c.code]).map((g) => g.message), []);
  });
}

test('the expiration fix uses the exact ISO maximum and carries it as data', () => {
  const text = draft({ expirationDateTime: inMinutes(20000) });
  const f = run(text).find((x) => x.code === FindingCode.expirationOverMaximum);
  assert.ok(f);
  assert.deepEqual(f?.data, { maxMinutes: '10080', maxExpiration: inMinutes(10080) });
  const fix = f?.fixes?.[0];
  assert.ok(fix?.kind === 'edit');
  if (fix?.kind === 'edit') assert.equal(fix.edits[0].newText, JSON.stringify(inMinutes(10080)));
});

test('the lifecycle-URL finding offers adding the URL or staying within one hour', () => {
  const f = run(draft({ resource: 'teams/t1/channels', expirationDateTime: inMinutes(3000) })).find((x) => x.code === FindingCode.lifecycleUrlRequired);
  assert.ok(f);
  assert.deepEqual(f?.fixes?.map((x) => x.kind), ['setProperty', 'edit']);
  const set = f?.fixes?.[0];
  assert.ok(set?.kind === 'setProperty' && set.valueHint === 'lifecycleUrl' && set.property === 'lifecycleNotificationUrl');
});

test('the duplicate finding carries the existing id; the edited subscription itself is not a duplicate', () => {
  const existing = [{ id: 'sub-9', resource: 'me/messages', changeType: 'created' }];
  const f = run(draft(), { existing }).find((x) => x.code === FindingCode.duplicateSubscription);
  assert.equal(f?.data?.existingId, 'sub-9');
  assert.equal(run(draft(), { existing, operation: 'update', original: { id: 'sub-9', ...BASE } as never }).some((x) => x.code === FindingCode.duplicateSubscription), false);
});

test('update with the full original object flags only changed non-updatable properties', () => {
  const original = { id: 'sub-1', ...BASE, applicationId: 'app', creatorId: 'me', lifecycleNotificationUrl: null };
  const text = JSON.stringify({ ...original, expirationDateTime: inMinutes(3000) }, null, 2);
  assert.deepEqual(run(text, { operation: 'update', original: original as never }), []);
});

test('the rename fix keeps comments and other text intact', () => {
  const text = '{\n  // my draft\n  "Resource": "me/messages"\n}';
  const f = run(text).find((x) => x.code === FindingCode.unknownProperty);
  const fix = f?.fixes?.[0];
  assert.ok(fix?.kind === 'edit');
  if (fix?.kind === 'edit') assert.equal(applyEdits(text, fix.edits), '{\n  // my draft\n  "resource": "me/messages"\n}');
});

test('a misspelt required property is reported once, as the typo', () => {
  const codes = run(draft({ resource: undefined, resorce: 'me/messages' })).map((f) => f.code);
  assert.deepEqual(codes, [FindingCode.unknownProperty]);
});

test('not an object / empty text', () => {
  assert.equal(run('[1,2]')[0].code, FindingCode.invalidType);
  assert.equal(run('')[0].code, FindingCode.missingProperty);
  assert.equal(run('   ')[0].span.offset, 0);
});

test('parseIsoDateTime accepts Graph\'s formats and rejects impossible dates', () => {
  assert.equal(parseIsoDateTime('2016-11-20T18:23:45.9356913Z')?.time, Date.UTC(2016, 10, 20, 18, 23, 45, 935));
  assert.equal(parseIsoDateTime('2026-11-23T14:00:00+02:00')?.time, Date.UTC(2026, 10, 23, 12));
  assert.equal(parseIsoDateTime('2026-11-23T10:00-0130')?.time, Date.UTC(2026, 10, 23, 11, 30));
  assert.equal(parseIsoDateTime('2026-11-23T10:00:00')?.hasZone, false);
  for (const bad of ['2026-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-23 10:00:00Z', '2026-11-23T24:00:00Z', '2026-11-23T10:00:00.Z', '2026-11-23T10:00:00Zx', 'tomorrow', '']) {
    assert.equal(parseIsoDateTime(bad), undefined, bad);
  }
});

test('unknown-resource fixes keep the draft\'s own ids, me/ and query', () => {
  const text = draft({ resource: 'users/abc-123/mesages?$filter=isRead eq false' });
  const f = run(text).find((x) => x.code === FindingCode.unknownResource);
  const fix = f?.fixes?.[0];
  assert.ok(fix?.kind === 'edit');
  if (fix?.kind === 'edit') assert.equal(fix.edits[0].newText, JSON.stringify('users/abc-123/messages?$filter=isRead eq false'));
  const g = run(draft({ resource: '/me/mailFolders/inbox/mesages' })).find((x) => x.code === FindingCode.unknownResource);
  const gfix = g?.fixes?.[0];
  assert.ok(gfix?.kind === 'edit');
  if (gfix?.kind === 'edit') assert.equal(gfix.edits[0].newText, JSON.stringify('me/mailFolders/inbox/messages'));
});

test('never throws and keeps spans inside the text, whatever the draft and context', () => {
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const values: unknown[] = [null, 1, true, '', [], {}, 'me/messages', 'http://a', 'https://localhost', 'created,,', inMinutes(90), 'EventHub:', 'EventGrid:?', "groups('x", '?', '/', 'chats/x/messages?model=Z'];
  const keys = [...Object.keys(BASE), 'lifecycleNotificationUrl', 'includeResourceData', 'encryptionCertificateId', 'latestSupportedTlsVersion', 'id', 'Resource', 'foo'];
  for (let i = 0; i < 2000; i++) {
    const o: Record<string, unknown> = {};
    for (const k of keys) if (rnd() < 0.5) o[k] = values[Math.floor(rnd() * values.length)];
    let text = JSON.stringify(o);
    if (rnd() < 0.3) {
      const p = Math.floor(rnd() * text.length);
      text = text.slice(0, p) + text.slice(p + 1);
    }
    const ctx: Partial<ValidationContext> = {
      operation: rnd() < 0.5 ? 'create' : 'update',
      accountKind: (['delegatedWork', 'delegatedPersonal', 'application'] as const)[i % 3],
      grantedPermissions: rnd() < 0.5 ? ['Mail.Read'] : undefined,
      existing: rnd() < 0.5 ? [{ id: 'a', resource: values[i % values.length] as string, changeType: values[(i + 3) % values.length] as string }] : undefined,
      allowLoopbackHttp: rnd() < 0.5,
    };
    for (const f of run(text, ctx)) {
      assert.ok(f.span.offset >= 0 && f.span.offset + f.span.length <= Math.max(text.length, 1), `${f.code} span in ${text}`);
    }
  }
});

test('finding codes are unique, stable in form and each has a description', () => {
  const values = Object.values(FindingCode);
  assert.equal(new Set(values).size, values.length);
  for (const v of values) {
    assert.match(v, /^GS\d{3}$/);
    assert.ok((FINDING_CODE_DESCRIPTIONS[v] ?? '').length > 10, v);
  }
});

test('update: a clientState Graph did not return (list responses) is not reported as a change', () => {
  // After a renewal the tree holds the listed subscription, whose clientState Graph withholds.
  const listed = { id: 'sub-1', ...BASE, clientState: null } as never;
  const text = JSON.stringify({ ...BASE, id: 'sub-1', clientState: 'my-secret-client-state', expirationDateTime: inMinutes(3000) }, null, 2);
  assert.deepEqual(run(text, { operation: 'update', original: listed }).filter((f) => f.severity === 'error'), []);
  // A known, different clientState still is.
  const known = { id: 'sub-1', ...BASE, clientState: 'another-client-state' } as never;
  assert.ok(run(text, { operation: 'update', original: known }).some((f) => f.code === FindingCode.propertyNotUpdatable && f.property === 'clientState'));
});

test('update: a PATCH body is checked against the original subscription\'s resource', () => {
  const original = { id: 'sub-1', ...BASE, resource: 'teams/t1/channels', lifecycleNotificationUrl: null } as never;
  const over = '{"expirationDateTime": "' + inMinutes(5000) + '"}';
  const codes = run(over, { operation: 'update', original }).map((f) => f.code);
  assert.ok(codes.includes(FindingCode.expirationOverMaximum), codes.join());
  // No lifecycle URL on the original and it cannot be added: renewals must stay within one hour.
  assert.ok(codes.includes(FindingCode.lifecycleUrlRequired), codes.join());
  const f = run(over, { operation: 'update', original }).find((x) => x.code === FindingCode.lifecycleUrlRequired);
  assert.deepEqual(f?.fixes?.map((x) => x.kind), ['edit']);
  assert.deepEqual(run('{"expirationDateTime": "' + inMinutes(55) + '"}', { operation: 'update', original }), []);
});
