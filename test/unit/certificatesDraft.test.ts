import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, parse } from 'jsonc-parser';
import { certificateDraftEdits } from '../../src/notifications/certificateDraft';

test('inserts includeResourceData, encryptionCertificate and its id into a draft, keeping comments', () => {
  const text = '{\n\t// my draft\n\t"resource": "teams/getAllMessages",\n\t"includeResourceData": false\n}\n';
  const edited = applyEdits(text, certificateDraftEdits(text, { encryptionCertificate: 'MIIBase64', encryptionCertificateId: 'cert-1' }));
  assert.ok(edited.includes('// my draft'));
  assert.deepEqual(parse(edited), { resource: 'teams/getAllMessages', includeResourceData: true, encryptionCertificate: 'MIIBase64', encryptionCertificateId: 'cert-1' });
});
