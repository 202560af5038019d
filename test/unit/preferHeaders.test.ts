/**
 * `Prefer` request headers on create: where each applies (table over resources and account kinds),
 * the draft's `@requestHeaders` checks, the split into body + headers, the memory the tree and
 * Recreate use, and what the Sandbox does with them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchResource, PREFERENCES, preferenceApplies, preferenceOf, splitPrefer, type AccountKind, type PreferenceId } from '../../src/catalog/index';
import { extraEventRefusal, requestPreferences, systemEventMessageType } from '../../src/emulator/preferences';
import { RequestHeaderMemory } from '../../src/subscriptions/requestHeaderMemory';
import { FindingCode, splitDraftRequest, validateDraft, type Finding } from '../../src/validation/index';
import { call, inMinutes, withHarness } from './emulatorTestKit';

const NOW = new Date('2026-11-23T12:00:00.000Z');

/** resource, account kind, the preferences that apply. */
const TABLE: [string, AccountKind, PreferenceId[]][] = [
  ['me/messages', 'delegatedWork', ['immutableId']],
  ["users/u1/mailFolders('inbox')/messages", 'application', ['immutableId']],
  ['me/events', 'delegatedPersonal', ['immutableId']],
  ['users/u1/contacts', 'application', ['immutableId']],
  ['drives/b!x/root', 'application', ['securityWebhooks']],
  ['me/drive/root', 'delegatedWork', ['securityWebhooks']],
  ['me/drive/root', 'delegatedPersonal', []],
  ['chats/19:abc@thread.v2/messages', 'application', ['unknownEnumMembers']],
  ['teams/t1/channels/19:c@thread.tacv2/messages', 'application', ['unknownEnumMembers']],
  ['chats/getAllMessages', 'application', []],
  ['users', 'application', []],
  ['groups/g1/conversations', 'application', []],
];

for (const [resource, kind, expected] of TABLE) {
  test(`Prefer on ${resource} (${kind}): ${expected.join(', ') || 'none applies'}`, () => {
    const m = matchResource(resource);
    assert.ok(m.ok, resource);
    const applies = PREFERENCES.filter((p) => preferenceApplies(p, m.entry, m.pattern, kind).applies).map((p) => p.id);
    assert.deepEqual(applies, expected);
    // The Sandbox honours exactly the ones that apply.
    const header = PREFERENCES.map((p) => p.value).join(', ');
    assert.deepEqual(requestPreferences(header, resource, kind), expected);
  });
}

test('preferences are recognised as written in headers', () => {
  assert.equal(preferenceOf('IdType="ImmutableId"')?.id, 'immutableId');
  assert.equal(preferenceOf(' idtype = "immutableid" ')?.id, 'immutableId');
  assert.equal(preferenceOf('IncludeSecurityWebhooks')?.id, 'securityWebhooks');
  assert.equal(preferenceOf('include-unknown-enum-members')?.id, 'unknownEnumMembers');
  assert.equal(preferenceOf('return=minimal'), undefined);
  assert.deepEqual(splitPrefer('IdType="Immutable,Id", includesecuritywebhooks'), ['IdType="Immutable,Id"', 'includesecuritywebhooks']);
});

function draft(extra: Record<string, unknown>, resource = 'me/messages'): string {
  return JSON.stringify({
    changeType: 'created',
    notificationUrl: 'https://webhook.example.com/api/notify',
    resource,
    expirationDateTime: new Date(NOW.getTime() + 120 * 60_000).toISOString(),
    clientState: 'secretClientValue',
    ...extra,
  }, null, 2);
}
const run = (text: string, operation: 'create' | 'update' = 'create'): Finding[] =>
  validateDraft(text, { operation, accountKind: 'delegatedWork', now: NOW });
const codes = (fs: Finding[]): string[] => fs.map((f) => f.code);

test('a draft with an applicable Prefer header is clean (not an unknown property)', () => {
  assert.deepEqual(run(draft({ '@requestHeaders': { Prefer: ['IdType="ImmutableId"'] } })), []);
  assert.deepEqual(run(draft({ '@requestHeaders': { Prefer: 'IdType="ImmutableId"' } })), []);
});

test('request-header problems name the header and the fix', () => {
  const notObject = run(draft({ '@requestHeaders': ['IdType="ImmutableId"'] }));
  assert.deepEqual(codes(notObject), [FindingCode.requestHeaderInvalid]);
  const notString = run(draft({ '@requestHeaders': { Prefer: [42] } }));
  assert.deepEqual(codes(notString), [FindingCode.requestHeaderInvalid]);
  const unknown = run(draft({ '@requestHeaders': { Prefer: ['return=minimal'] } }));
  assert.deepEqual(codes(unknown), [FindingCode.preferenceNotApplicable]);
  assert.match(unknown[0].message, /not a preference Graph documents/);
  const wrongResource = run(draft({ '@requestHeaders': { Prefer: ['include-unknown-enum-members'] } }));
  assert.equal(wrongResource[0].severity, 'warning');
  assert.match(wrongResource[0].message, /chatMessage/);
  const onUpdate = run(draft({ '@requestHeaders': { Prefer: ['IdType="ImmutableId"'] } }), 'update').filter((f) => f.code === FindingCode.preferenceNotApplicable);
  assert.equal(onUpdate.length, 1);
  assert.match(onUpdate[0].message, /only when the subscription is created/);
});

test('the submit sends @requestHeaders as one Prefer header and never in the body', () => {
  const { body, headers, preferences } = splitDraftRequest({ resource: 'me/messages', '@requestHeaders': { Prefer: ['IdType="ImmutableId"', 'include-unknown-enum-members'] } });
  assert.deepEqual(body, { resource: 'me/messages' });
  assert.deepEqual(headers, { Prefer: 'IdType="ImmutableId", include-unknown-enum-members' });
  assert.deepEqual(preferences, ['IdType="ImmutableId"', 'include-unknown-enum-members']);
  assert.deepEqual(splitDraftRequest({ resource: 'me/messages' }), { body: { resource: 'me/messages' }, headers: undefined, preferences: [] });
});

test('the memory keeps each subscription\'s preferences across a reload and gives them back as headers', () => {
  let saved: Record<string, string[]> = {};
  const memory = new RequestHeaderMemory((d) => (saved = d));
  memory.remember('s1', ['IdType="ImmutableId"']);
  memory.remember('s2', []);
  const reloaded = new RequestHeaderMemory();
  reloaded.load(JSON.parse(JSON.stringify(saved)));
  assert.deepEqual(reloaded.preferences('s1'), ['IdType="ImmutableId"']);
  assert.deepEqual(reloaded.headers('s1'), { Prefer: 'IdType="ImmutableId"' });
  assert.equal(reloaded.headers('s2'), undefined);
});

test('system event messages: messageType needs include-unknown-enum-members; permission changes need includesecuritywebhooks', () => {
  assert.equal(systemEventMessageType(['unknownEnumMembers']), 'systemEventMessage');
  assert.equal(systemEventMessageType([]), 'unknownFutureValue');
  assert.equal(extraEventRefusal('systemEventMessage', 'chats/c1/messages', []), undefined);
  assert.match(extraEventRefusal('systemEventMessage', 'me/messages', []) ?? '', /chatMessage/);
  assert.match(extraEventRefusal('permissionChange', 'drives/b!x/root', []) ?? '', /Prefer: includesecuritywebhooks/);
  assert.equal(extraEventRefusal('permissionChange', 'drives/b!x/root', ['securityWebhooks']), undefined);
});

test('Sandbox: Prefer: IdType="ImmutableId" makes notification ids immutable-id shaped; without it they are not', async () => {
  await withHarness(async (h) => {
    const body = (resource: string, changeType = 'created') => ({
      changeType, notificationUrl: h.receiver.url('/notifications'), resource, expirationDateTime: inMinutes(h.clock, 120), clientState: 'secret-client-state-1234',
    });
    const immutable = await call(h.subscriptions, { method: 'POST', token: h.token, body: body('me/messages'), headers: { Prefer: 'IdType="ImmutableId"' } });
    const plain = await call(h.subscriptions, { method: 'POST', token: h.token, body: body('me/messages', 'updated') });
    assert.equal(immutable.status, 201, JSON.stringify(immutable.json));
    assert.equal(plain.status, 201);
    assert.equal('Prefer' in immutable.json, false, 'Graph does not return request headers');
    assert.deepEqual(h.emulator.subscriptionPreferences(immutable.json.id), ['immutableId']);
    await h.emulator.simulateChange(immutable.json.id);
    await h.emulator.simulateChange(plain.json.id, { changeType: 'updated' });
    const items = h.receiver.notifications.flatMap((n) => (JSON.parse(n.body) as { value: { subscriptionId: string; resource: string; resourceData: { id: string } }[] }).value);
    const forImmutable = items.find((i) => i.subscriptionId === immutable.json.id)!;
    const forPlain = items.find((i) => i.subscriptionId === plain.json.id)!;
    assert.match(forImmutable.resourceData.id, /^AAkALg/);
    assert.ok(forImmutable.resource.endsWith(forImmutable.resourceData.id));
    assert.match(forPlain.resourceData.id, /^AAMk/);
  });
});

test('Sandbox: permission-change notifications only for driveItem subscriptions created with includesecuritywebhooks', async () => {
  await withHarness(async (h) => {
    const token = await h.emulator.issueToken({ accountKind: 'application', permissions: ['Files.Read.All'] });
    const body = { changeType: 'updated', notificationUrl: h.receiver.url('/notifications'), resource: 'drives/b!x/root', expirationDateTime: inMinutes(h.clock, 120) };
    const withHeader = await call(h.subscriptions, { method: 'POST', token, body, headers: { Prefer: 'includesecuritywebhooks' } });
    assert.equal(withHeader.status, 201, JSON.stringify(withHeader.json));
    const report = await h.emulator.simulateChange(withHeader.json.id, { event: 'permissionChange' });
    assert.equal(report.delivered, 1);
    const without = await call(h.subscriptions, { method: 'POST', token, body: { ...body, resource: 'drives/b!y/root' } });
    assert.equal(without.status, 201);
    await assert.rejects(h.emulator.simulateChange(without.json.id, { event: 'permissionChange' }), /Prefer: includesecuritywebhooks/);
  });
});
