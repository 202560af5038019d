// Teams licensing and Prefer headers in the Sandbox, through the commands a user runs: a draft on a
// licensed Teams path submitted with the wrong model or without billing gets Graph's 402, decoded
// into its documented cause with a next step; an immutable-id draft's notifications carry
// immutable-id shaped ids and the tree says so; past the evaluation cap the Sandbox sends nothing
// and the user is told why.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';
import type { Subscription } from '../../src/graph/types';
import type { Account, Services } from '../../src/services';
import type { SubscriptionNodeData, TreeNodeData } from '../../src/tree/treeModel';
import { eventually, sandboxSubscriptionFixture } from './helpers';
import { WindowStub } from './windowStub';

suite('Teams licensing and Prefer headers (sandbox)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let services: Services;
  let sandbox: Account;
  let stub: WindowStub | undefined;

  teardown(async () => {
    stub?.restore();
    stub = undefined;
    services.accounts.sandboxEmulator()?.teamsLicensing({ billingConfigured: true, modelALicensed: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  // After each test: what it submitted is deleted and the store refreshed (the drafts' quota and
  // duplicate checks read the tree's list: it must not keep the deleted ones).
  const fx = sandboxSubscriptionFixture({ cleanup: 'test' });
  suiteSetup(() => {
    ({ api, services, sandbox } = fx);
  });

  /** Opens a draft for the path through Create Subscription (programmatic arguments skip the picks). */
  async function openDraft(resourceId: string, pathPattern: string, extra: Record<string, unknown> = {}): Promise<vscode.TextDocument> {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.createSubscription, { accountId: sandbox.id, resourceId, pathPattern, ...extra });
    assert.ok(uri, 'a draft opened');
    const doc = await vscode.workspace.openTextDocument(uri);
    return doc;
  }

  test('a model the path does not take: the draft warns, and the Sandbox\'s 402 reaches the user decoded with its cause', async () => {
    const doc = await openDraft('chatMessage', 'users/{userId}/chats/getAllMessages', { model: 'A' });
    assert.match(doc.getText(), /"resource": "me\/chats\/getAllMessages\?model=A"/, 'the template carries the chosen model');
    const diagnostics = await eventually('the paymentModelInvalid diagnostic', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).find((x) => String(typeof x.code === 'object' ? x.code.value : x.code) === 'GS033');
      return d ?? false;
    });
    assert.match(diagnostics.message, /model=A is not accepted.*402/);

    stub = new WindowStub(() => undefined);
    const result = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, doc.uri, { force: true, confirm: false });
    assert.equal(result, undefined, 'Graph refused');
    const shown = await eventually('the error message', () => stub!.calls.find((c) => c.kind === 'error'));
    assert.match(shown.message, /^Payment Required: Graph refused to create the subscription on me\/chats\/getAllMessages\?model=A/);
    assert.match(shown.message, /does not take model=A; use model=B/, 'the cause, decoded');
    assert.ok(shown.items.includes('Open Licensing Docs'), `buttons: ${shown.items.join(', ')}`);
  });

  test('model=B without Azure billing: 402 decoded as missing billing, with Set Up Billing; with billing it is created', async () => {
    const emulator = services.accounts.sandboxEmulator()!;
    emulator.teamsLicensing({ billingConfigured: false });
    const doc = await openDraft('chatMessage', 'users/{userId}/chats/getAllMessages', { model: 'B' });
    stub = new WindowStub(() => undefined);
    const refused = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, doc.uri, { confirm: false });
    assert.equal(refused, undefined);
    const shown = await eventually('the error message', () => stub!.calls.find((c) => c.kind === 'error'));
    assert.match(shown.message, /not associated with an active Azure subscription/);
    assert.deepEqual(shown.items.slice(0, 2), ['Set Up Billing', 'Open Licensing Docs']);

    emulator.teamsLicensing({ billingConfigured: true });
    const sub = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, doc.uri, { confirm: false });
    assert.ok(sub, 'created once billing is set up');
    assert.equal(sub.resource, 'me/chats/getAllMessages?model=B');
  });

  test('Prefer: IdType="ImmutableId" is sent as a header (not in the body): notifications carry immutable ids, and the tree says so', async () => {
    const doc = await openDraft('message', 'users/{userId}/messages', { preferences: ['IdType="ImmutableId"'] });
    assert.match(doc.getText(), /"@requestHeaders": \{"Prefer":\["IdType=\\"ImmutableId\\""\]\}/);
    await eventually('a clean draft', () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length === 0 || undefined);
    const sub = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, doc.uri, { confirm: false });
    assert.ok(sub, 'created');
    assert.equal((sub as unknown as Record<string, unknown>)['@requestHeaders'], undefined);
    const emulator = api.sandboxEmulatorForTests()!;
    assert.deepEqual(emulator.subscriptionPreferences(sub.id), ['immutableId'], 'the Sandbox received the Prefer header');
    assert.deepEqual(services.requestHeaders.preferences(sub.id), ['IdType="ImmutableId"'], 'remembered for the tree and Recreate');

    await vscode.commands.executeCommand(CommandId.simulateChange, { accountId: sandbox.id, subscriptionId: sub.id }, { changeType: 'created', count: 2 });
    const entry = await eventually('the notification in the history', async () => {
      const entries = await services.receiver.readHistory(20);
      return entries.find((e) => JSON.stringify(e.body ?? '').includes(sub.id));
    });
    const items = (entry.body as { value: { resource: string; resourceData: { id: string } }[] }).value;
    assert.equal(items.length, 2);
    for (const item of items) {
      assert.match(item.resourceData.id, /^AAkALg/, 'immutable-id shaped');
      assert.ok(item.resource.endsWith(item.resourceData.id));
    }

    const roots = await api.tree.provider.getChildren();
    const root = roots.find((r: TreeNodeData) => r.type === 'account' && r.accountId === sandbox.id)!;
    const node = (await api.tree.provider.getChildren(root)).find((n): n is SubscriptionNodeData => n.type === 'subscription' && n.subscriptionId === sub.id);
    assert.ok(node, 'in the tree');
    assert.match(node.description ?? '', /immutable ids/);
    assert.match(node.tooltip ?? '', /Prefer: IdType="ImmutableId"/);
  });

  test('evaluation cap reached (palette command): the Sandbox sends nothing, and Simulate Change says why', async () => {
    const doc = await openDraft('chatMessage', 'users/{userId}/chats/getAllMessages');
    const warning = await eventually('the evaluation-mode warning', () => vscode.languages.getDiagnostics(doc.uri).find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'GS049') ?? false);
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    const sub = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, doc.uri, { confirm: false });
    assert.ok(sub);
    stub = new WindowStub(() => undefined);
    const capped = await vscode.commands.executeCommand<{ evaluationMode: boolean }>(CommandId.sandboxTeamsLicensing, { accountId: sandbox.id, subscriptionId: sub.id });
    assert.equal(capped.evaluationMode, true);
    const before = (await services.receiver.readHistory(200)).length;
    await vscode.commands.executeCommand(CommandId.simulateChange, { accountId: sandbox.id, subscriptionId: sub.id }, { changeType: 'created' });
    const told = await eventually('the warning', () => stub!.calls.find((c) => c.kind === 'warning'));
    assert.match(told.message, /sent nothing .*evaluation mode.*quota is used up/);
    assert.equal((await services.receiver.readHistory(200)).length, before, 'nothing reached the receiver');
  });
});
