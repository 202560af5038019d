import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, parse } from 'jsonc-parser';
import { certificateDraftEdits, certificateRefusal, type CertificateDraftTarget } from '../../src/notifications/certificateDraft';

test('inserts includeResourceData, encryptionCertificate and its id into a draft, keeping comments', () => {
  const text = '{\n\t// my draft\n\t"resource": "teams/getAllMessages",\n\t"includeResourceData": false\n}\n';
  const edited = applyEdits(text, certificateDraftEdits(text, { encryptionCertificate: 'MIIBase64', encryptionCertificateId: 'cert-1' }));
  assert.ok(edited.includes('// my draft'));
  assert.deepEqual(parse(edited), { resource: 'teams/getAllMessages', includeResourceData: true, encryptionCertificate: 'MIIBase64', encryptionCertificateId: 'cert-1' });
});

test('an update draft gets only the certificate: includeResourceData cannot change in an update', () => {
  const text = '{\n\t"expirationDateTime": "2030-01-01T00:00:00Z"\n}\n';
  const edited = applyEdits(text, certificateDraftEdits(text, { encryptionCertificate: 'MIIB', encryptionCertificateId: 'c2' }, undefined, 'update'));
  assert.deepEqual(parse(edited), { expirationDateTime: '2030-01-01T00:00:00Z', encryptionCertificate: 'MIIB', encryptionCertificateId: 'c2' });
});

// Which drafts can take a certificate (table): the refusal names the reason, or undefined.
const refusalCases: { name: string; text: string; target: CertificateDraftTarget; refused?: RegExp }[] = [
  { name: 'create, Outlook messages', text: '{ "resource": "me/messages" }', target: { operation: 'create' } },
  { name: 'create, Teams channel messages', text: '{ "resource": "teams/getAllMessages" }', target: { operation: 'create' } },
  { name: 'create, users (no rich notifications)', text: '{ "resource": "users" }', target: { operation: 'create' }, refused: /User \(users\) does not support notifications with resource data/ },
  { name: 'create, users/{id} (no rich notifications)', text: '{ "resource": "users/1234" }', target: { operation: 'create' }, refused: /does not support notifications with resource data/ },
  { name: 'create, chats of a user (path without rich notifications)', text: '{ "resource": "users/1234/chats" }', target: { operation: 'create' }, refused: /does not support notifications with resource data/ },
  { name: 'create, unknown resource (left to the validator)', text: '{ "resource": "unknown/thing" }', target: { operation: 'create' } },
  { name: 'create, empty draft', text: '', target: { operation: 'create' } },
  { name: 'not JSON', text: '{ "resource": ', target: { operation: 'create' }, refused: /not a valid JSON object/ },
  { name: 'update without resource data', text: '{ "expirationDateTime": "2030-01-01T00:00:00Z" }', target: { operation: 'update', original: { resource: 'me/messages', includeResourceData: false } }, refused: /includeResourceData cannot be changed by an update: this subscription to me\/messages/ },
  { name: 'update, original unknown', text: '{}', target: { operation: 'update' }, refused: /cannot be changed by an update/ },
  { name: 'update of a rich subscription (new certificate)', text: '{}', target: { operation: 'update', original: { resource: 'me/messages?$select=subject', includeResourceData: true } } },
];
for (const c of refusalCases) {
  test(`certificate refusal: ${c.name}`, () => {
    const reason = certificateRefusal(c.text, c.target);
    if (c.refused) assert.match(reason ?? '(accepted)', c.refused);
    else assert.equal(reason, undefined);
  });
}
