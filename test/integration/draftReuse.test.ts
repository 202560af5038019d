// Issue 19 item 16: drafts do not pile up. Edit reuses the draft already open for the same
// subscription (including the draft it was created from), and an update leaves the draft whole
// instead of shrinking it to the PATCH fields.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import { draftKey, openDraftUris } from '../../src/editor/draftRegistry';
import type { Subscription } from '../../src/graph/types';
import { closeAllEditors, eventually, ownResource, sandboxSubscriptionFixture } from './helpers';

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

suite('Drafts do not pile up (issue 19 item 16)', function () {
  this.timeout(90_000);
  teardown(closeAllEditors); // before the fixture's teardown: drafts close before their subscriptions go
  const fx = sandboxSubscriptionFixture({ cleanup: 'test' });

  const draftsFor = (uri: vscode.Uri) => openDraftUris().filter((u) => draftKey(u) === draftKey(uri)).length;

  async function createdFromDraft(): Promise<{ doc: vscode.TextDocument; created: Subscription }> {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.createSubscription, { accountId: fx.sandbox.id, resourceId: 'user', pathPattern: 'users' });
    const doc = await vscode.workspace.openTextDocument(uri);
    // A user of its own: a 'users' subscription another suite left would make Graph answer 409.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), JSON.stringify({ ...(JSON.parse(doc.getText()) as object), resource: ownResource.user() }, null, '\t'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const created = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, doc.uri, { confirm: false });
    assert.ok(created?.id);
    await eventually('the draft shows the created subscription', () => doc.getText().includes(created.id));
    return { doc, created };
  }

  test('Edit twice on one subscription opens one draft', async () => {
    const created = await fx.create({ resource: ownResource.user(), changeType: 'updated', expirationDateTime: inDays(2), clientState: 'draft-reuse-1' });
    const before = openDraftUris().length;
    const first = await vscode.commands.executeCommand<vscode.Uri>(CommandId.editSubscription, fx.target(created));
    const second = await vscode.commands.executeCommand<vscode.Uri>(CommandId.editSubscription, fx.target(created));
    assert.equal(draftKey(second), draftKey(first), 'the second Edit shows the first draft');
    assert.equal(openDraftUris().length, before + 1, `one new draft: ${openDraftUris().map((u) => u.path).join(', ')}`);
    assert.equal(draftKey(vscode.window.activeTextEditor!.document.uri), draftKey(first), 'the draft is in front');
  });

  test('Edit on a subscription created from a draft shows that draft', async () => {
    const { doc, created } = await createdFromDraft();
    const before = openDraftUris().length;
    const edited = await vscode.commands.executeCommand<vscode.Uri>(CommandId.editSubscription, fx.target(created));
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
