import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createdDraftText, updatedDraftText, updateShapeText } from '../../src/editor/applyServerResponse';
import { placeGraphError } from '../../src/editor/graphErrorPlacement';
import { propertySpans, readDraftObject, stringValueAt } from '../../src/editor/draftJson';
import { updateDraftText, updatePatch } from '../../src/editor/updateDraft';
import type { Subscription } from '../../src/graph/types';

const sub: Subscription = {
  id: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
  resource: 'me/messages',
  changeType: 'created',
  notificationUrl: 'https://example.test/n',
  expirationDateTime: '2026-11-30T10:00:00Z',
  clientState: 'secret-secret-secret',
  lifecycleNotificationUrl: null,
  includeResourceData: null,
  encryptionCertificate: '',
  encryptionCertificateId: '',
  latestSupportedTlsVersion: 'v1_2',
  applicationId: 'app',
  creatorId: 'me',
};

test('an update draft holds only the properties PATCH accepts', () => {
  const draft = JSON.parse(updateDraftText(sub));
  assert.deepEqual(draft, { expirationDateTime: sub.expirationDateTime, notificationUrl: sub.notificationUrl });
  assert.deepEqual(updatePatch({ ...draft, resource: 'x', encryptionCertificateId: 'c1' }), { ...draft, encryptionCertificateId: 'c1' });
});

test('an update sends only what changed, and always expirationDateTime or notificationUrl', () => {
  const later = '2026-12-01T10:00:00Z';
  assert.deepEqual(updatePatch({ expirationDateTime: later, notificationUrl: sub.notificationUrl }, sub), { expirationDateTime: later });
  assert.deepEqual(updatePatch({ expirationDateTime: sub.expirationDateTime, notificationUrl: 'https://new.test/n' }, sub), { notificationUrl: 'https://new.test/n' });
  assert.deepEqual(updatePatch({ expirationDateTime: sub.expirationDateTime, notificationUrl: sub.notificationUrl, encryptionCertificateId: 'c2' }, sub), {
    encryptionCertificateId: 'c2',
    expirationDateTime: sub.expirationDateTime,
  });
});

test('after creation the draft shows the server response: id first, the user order, no nulls', () => {
  const draftText = '{\n  "resource": "me/messages",\n  "changeType": "created",\n  "notificationUrl": "https://example.test/n"\n}';
  const text = createdDraftText(draftText, { ...sub, '@odata.context': 'x' } as Subscription);
  assert.deepEqual(Object.keys(JSON.parse(text)).slice(0, 4), ['id', 'resource', 'changeType', 'notificationUrl']);
  assert.ok(!text.includes('null') && !text.includes('@odata'));
  assert.match(text, /\n  "id"/, 'keeps the two-space indent of the draft');
  assert.deepEqual(Object.keys(JSON.parse(updateShapeText(draftText, sub))), ['expirationDateTime', 'notificationUrl']);
});

test('after an update a whole draft stays whole (issue 19 item 16); an update-shaped draft keeps its shape', () => {
  const whole = { id: sub.id, resource: 'me/messages', changeType: 'created', notificationUrl: 'https://example.test/n', expirationDateTime: '2026-12-01T10:00:00Z', clientState: 'written-by-me' };
  const wholeText = JSON.stringify(whole, null, 2);
  // Graph does not return clientState on PATCH.
  const after = JSON.parse(updatedDraftText(wholeText, { ...sub, expirationDateTime: '2026-12-02T10:00:00Z', clientState: null } as unknown as Subscription, whole)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(after).slice(0, 6), ['id', 'resource', 'changeType', 'notificationUrl', 'expirationDateTime', 'clientState']);
  assert.equal(after.clientState, 'written-by-me');
  assert.equal(after.expirationDateTime, '2026-12-02T10:00:00Z');
  const patchShaped = JSON.stringify({ expirationDateTime: '2026-12-01T10:00:00Z', notificationUrl: 'https://example.test/n' }, null, 2);
  assert.deepEqual(Object.keys(JSON.parse(updatedDraftText(patchShaped, sub))), ['expirationDateTime', 'notificationUrl']);
});

test('after creation a deprecated property Graph echoes is left out unless the user wrote it', () => {
  const response = { ...sub, notificationContentType: 'application/json' };
  const draftText = '{\n  "resource": "me/messages",\n  "changeType": "created"\n}';
  assert.ok(!('notificationContentType' in JSON.parse(createdDraftText(draftText, response))));
  const written = '{\n  "resource": "me/messages",\n  "notificationContentType": "application/json"\n}';
  assert.equal(JSON.parse(createdDraftText(written, response)).notificationContentType, 'application/json');
});

test('Graph errors land on the property they concern', () => {
  const all = ['resource', 'changeType', 'notificationUrl', 'lifecycleNotificationUrl', 'expirationDateTime', 'includeResourceData', 'encryptionCertificate'];
  const cases: [number, string, string, string | undefined][] = [
    [400, 'ValidationError', 'Subscription validation request failed. Notification endpoint must respond with 200 OK', 'notificationUrl'],
    [400, 'InvalidRequest', 'lifecycleNotificationUrl is a required property for subscription creation on this resource', 'lifecycleNotificationUrl'],
    [400, 'ExtensionError', 'Subscription expiration can only be 4230 minutes in the future.', 'expirationDateTime'],
    [409, 'Conflict', 'Subscription Id 123 already exists for the requested combination', 'resource'],
    [403, 'ExtensionError', 'Operation: Create; Exception: [Status Code: Forbidden; Reason: Insufficient privileges]', 'resource'],
    [400, 'InvalidRequest', 'NotificationUrl scheme=\'http\' is not supported.', 'notificationUrl'],
    [500, 'generalException', 'Something broke', undefined],
  ];
  for (const [status, code, message, expected] of cases) {
    assert.equal(placeGraphError({ status, code, message }, all), expected, message);
  }
  assert.equal(placeGraphError({ status: 400, code: 'x', message: 'lifecycleNotificationUrl is required' }, ['resource']), 'resource');
});

test('drafts with comments and trailing commas are read; spans point at keys and values', () => {
  const text = '// comment\n{\n\t"resource": "me/events",\n}';
  const r = readDraftObject(text);
  assert.deepEqual(r, { ok: true, value: { resource: 'me/events' } });
  const spans = propertySpans(text, 'resource')!;
  assert.equal(text.substr(spans.key.offset, spans.key.length), '"resource"');
  assert.equal(text.substr(spans.value.offset, spans.value.length), '"me/events"');
  assert.equal(stringValueAt(text, text.indexOf('me/events') + 2)?.property, 'resource');
  assert.equal(readDraftObject('[1]').ok, false);
  assert.equal(readDraftObject('{"a": ').ok, false);
});
