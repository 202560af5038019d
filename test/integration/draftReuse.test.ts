// Issue 19 item 16: drafts do not pile up. Edit reuses the draft already open for the same
// subscription (including the draft it was created from), and an update leaves the draft whole
// instead of shrinking it to the PATCH fields.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import { draftKey, openDraftUris } from '../../src/editor/draftRegistry';
import type { Subscription } from '../../src/graph/types';
import type { Account, Services } from '../../src/services';
import { activateExtension, eventually } from './helpers';

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.uri.scheme !== 'untitled') continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

suite('Drafts do not pile up (issue 19 item 16)', function () {
  this.timeout(90_000);
  let services: Services;
  let sandbox: Account;

  suiteSetup(async () => {
    services = (await activateExtension()).services;
    sandbox = await services.accounts.ensureSandbox();
    await services.receiver.ensureStarted();
  });

  teardown(async () => {
    await closeAllEditors();
    for (const s of await sandbox.client.listAll()) await sandbox.client.delete(s.id).catch(() => undefined);
    await services.store.refresh(sandbox.id);
  });

  const draftsFor = (uri: vscode.Uri) => openDraftUris().filter((u) => draftKey(u) === draftKey(uri)).length;

  async function createdFromDraft(): Promise<{ doc: vscode.TextDocument; created: Subscription }> {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.createSubscription, { accountId: sandbox.id, resourceId: 'user', pathPattern: 'users' });
    const doc = await vscode.workspace.openTextDocument(uri);
    const created = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, doc.uri, { confirm: false });
    assert.ok(created?.id);
    await eventually('the draft shows the created subscription', () => doc.getText().includes(created.id));
    return { doc, created };
  }

  test('Edit twice on one subscription opens one draft', async () => {
    const endpoints = services.receiver.endpoints()!;
    const created = await sandbox.client.create({ resource: 'users', changeType: 'updated', notificationUrl: endpoints.localNotificationUrl, expirationDateTime: inDays(2), clientState: 'draft-reuse-1' });
    services.store.upsert(sandbox.id, created);
    const before = openDraftUris().length;
    const first = await vscode.commands.executeCommand<vscode.Uri>(CommandId.editSubscription, { accountId: sandbox.id, subscriptionId: created.id });
    const second = await vscode.commands.executeCommand<vscode.Uri>(CommandId.editSubscription, { accountId: sandbox.id, subscriptionId: created.id });
    assert.equal(draftKey(second), draftKey(first), 'the second Edit shows the first draft');
    assert.equal(openDraftUris().length, before + 1, `one new draft: ${openDraftUris().map((u) => u.path).join(', ')}`);
    assert.equal(draftKey(vscode.window.activeTextEditor!.document.uri), draftKey(first), 'the draft is in front');
  });

  test('Edit on a subscription created from a draft shows that draft', async () => {
    const { doc, created } = await createdFromDraft();
    const before = openDraftUris().length;
    const edited = await vscode.commands.executeCommand<vscode.Uri>(CommandId.editSubscription, { accountId: sandbox.id, subscriptionId: created.id });
    assert.equal(draftKey(edited), draftKey(doc.uri));
    assert.equal(openDraftUris().length, before, 'no second draft');
    assert.equal(draftsFor(doc.uri), 1);
  });

  test('after an update the draft keeps its full content, not only the PATCH fields', async () => {
    const { doc, created } = await createdFromDraft();
    const before = JSON.parse(doc.getText()) as Record<string, unknown>;
    assert.ok(before.resource && before.changeType && before.clientState, `the created draft is whole: ${doc.getText()}`);
    const later = inDays(3);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), JSON.stringify({ ...before, expirationDateTime: later }, null, '\t'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const updated = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, doc.uri, { confirm: false });
    assert.equal(updated?.id, created.id);
    const after = await eventually('the draft shows the updated subscription', () => {
      const o = JSON.parse(doc.getText()) as Record<string, unknown>;
      return o.expirationDateTime !== before.expirationDateTime ? o : undefined;
    });
    for (const key of ['id', 'resource', 'changeType', 'notificationUrl', 'clientState']) {
      assert.equal(after[key], before[key], `${key} is still in the draft after the update:\n${doc.getText()}`);
    }
    assert.equal(Date.parse(String(after.expirationDateTime)), Date.parse(later));
  });
});
