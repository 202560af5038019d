// Issue 19, item 19: one mistake, one finding with a fix; the certificate fix offered once; long
// durations in days, not "260797 minutes".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FindingCode, validateDraft } from '../../src/validation/index';
import { humanDuration } from '../../src/validation/validateDraft';

const NOW = new Date('2030-01-01T00:00:00Z');
const inMinutes = (m: number) => new Date(NOW.getTime() + m * 60_000).toISOString();

function draft(over: Record<string, unknown> = {}): string {
  return JSON.stringify({ changeType: 'created', notificationUrl: 'https://example.com/n', resource: 'me/messages', expirationDateTime: inMinutes(600), clientState: 's', ...over }, null, 2);
}

test('changeType "modified" is one error with a quick fix to "updated"; the schema adds no second finding', () => {
  const text = draft({ changeType: 'created,modified' });
  const findings = validateDraft(text, { operation: 'create', accountKind: 'delegatedWork', now: NOW }).filter((f) => f.code === FindingCode.invalidChangeType);
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /did you mean "updated"/);
  const fix = findings[0].fixes?.[0];
  assert.ok(fix?.kind === 'edit' && fix.edits[0].newText === 'updated', JSON.stringify(fix));
  const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'media', 'subscription.schema.json'), 'utf8')) as { properties: { changeType: Record<string, unknown> } };
  assert.equal(schema.properties.changeType.pattern, undefined, 'the validator alone reports change types (a schema pattern doubled every mistake)');
});

test('a rich draft without certificate offers "Add an encryption certificate" once', () => {
  const text = draft({ includeResourceData: true, resource: 'me/messages?$select=subject' });
  const findings = validateDraft(text, { operation: 'create', accountKind: 'delegatedWork', now: NOW });
  const titles = findings.flatMap((f) => (f.fixes ?? []).map((x) => x.title)).filter((t) => /certificate/i.test(t));
  assert.deepEqual(titles, ['Add an encryption certificate']);
});

test('a far expiration is said in days', () => {
  const text = draft({ expirationDateTime: inMinutes(260_797) });
  const f = validateDraft(text, { operation: 'create', accountKind: 'delegatedWork', now: NOW }).find((x) => x.code === FindingCode.expirationOverMaximum);
  assert.ok(f);
  assert.match(f.message, /is about 181 days in the future/);
  assert.doesNotMatch(f.message, /260797/);
  assert.equal(humanDuration(50), '50 minutes');
  assert.equal(humanDuration(300), 'about 5 hours');
  assert.equal(humanDuration(260_797), 'about 181 days');
});
