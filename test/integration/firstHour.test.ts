// Issue 19, bugs 1–7: what a new user hit in the first hour, each checked inside VS Code against
// the Sandbox. Prompts are answered by WindowStub (the test shares the extension's `vscode` API
// object), so each test also reads what the user was asked and told.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { CommandId, CONFIG_SECTION, ConfigKey } from '../../src/constants';
import { DraftRegistry, draftKey } from '../../src/editor/draftRegistry';
import type { ExtensionApi } from '../../src/extension';
import type { Subscription } from '../../src/graph/types';
import type { Account, ReceiverEndpoints, ReceiverService, Services } from '../../src/services';
import { closeAllEditors, eventually, ownResource, sandboxSubscriptionFixture, uniqueName, type SandboxDraft } from './helpers';
import { SubscriptionStore } from '../../src/tree/subscriptionStore';
import { SubscriptionTreeProvider } from '../../src/tree/subscriptionTreeProvider';
import type { TreeNodeData } from '../../src/tree/treeModel';
import { WindowStub } from './windowStub';

const KEY_MARKERS = /PRIVATE KEY|privateKeyPem/;

function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

suite('First hour (issue 19): certificate, drafts, renew, receiver restart, removal, tunnel', function () {
  this.timeout(90_000);
  let stub: WindowStub | undefined;
  teardown(async () => {
    stub?.restore();
    stub = undefined;
    await closeAllEditors();
  });
  // Each test's subscriptions are deleted after it (Graph refuses a second identical subscription).
  const fx = sandboxSubscriptionFixture({ cleanup: 'test' });
  let services: Services;
  let receiver: ReceiverService;
  let sandbox: Account;
  let drafts: ExtensionApi['drafts'];
  let api: ExtensionApi;

  suiteSetup(() => {
    ({ api, services, sandbox } = fx);
    drafts = api.drafts;
    receiver = services.receiver;
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.tunnelMode, undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.tunnelCustomPublicUrl, undefined, vscode.ConfigurationTarget.Global);
  });

  async function newDraft(resourceId: string, pathPattern: string): Promise<vscode.TextDocument> {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.createSubscription, { accountId: sandbox.id, resourceId, pathPattern });
    assert.ok(uri instanceof vscode.Uri, 'createSubscription returns the draft URI');
    return vscode.workspace.openTextDocument(uri);
  }

  /** A day long, with a clientState of its own that the receiver knows. */
  const sandboxSubscription = (draft: SandboxDraft): Promise<Subscription> =>
    fx.create({ expirationDateTime: inMinutes(60 * 24), clientState: uniqueName('first-hour'), ...draft });

  // ---- bug 1 ------------------------------------------------------------------------------------
  test('bug 1: Generate Encryption Certificate with drafts open but not focused asks which draft; the private key never leaves Secret Storage', async () => {
    const draft = await newDraft('message', 'users/{userId}/messages');
    const other = await newDraft('message', 'users/{userId}/messages');
    // A plain JSON editor in front: the drafts are open but not focused.
    const plainDoc = await vscode.workspace.openTextDocument({ language: 'json', content: '{}\n' });
    await vscode.window.showTextDocument(plainDoc);
    await vscode.env.clipboard.writeText('clipboard-before');
    const name = draft.uri.path.split('/').pop()!;
    stub = new WindowStub((call) => (call.kind === 'quickPick' ? call.items.find((i) => i.startsWith(name) || i.includes(`${name} `)) : undefined));

    const result = await vscode.commands.executeCommand<Record<string, unknown>>(CommandId.generateCertificate);

    const picks = stub.find('quickPick');
    assert.equal(picks.length, 1, `asked which draft: ${JSON.stringify(stub.calls)}`);
    assert.ok(picks[0].items.some((i) => i.includes(name)) && picks[0].items.some((i) => i.includes(other.uri.path.split('/').pop()!)), `both open drafts offered: ${picks[0].items.join(' | ')}`);
    const text = draft.getText();
    assert.match(text, /"encryptionCertificate": "MII/);
    assert.match(text, /"encryptionCertificateId": "/);
    assert.doesNotMatch(text, /thumbprint|notAfter/, 'Graph accepts neither thumbprint nor notAfter in a subscription');
    assert.doesNotMatch(other.getText(), /encryptionCertificate/, 'the other draft is untouched');
    assert.equal(await vscode.env.clipboard.readText(), 'clipboard-before', 'nothing went to the clipboard');
    for (const doc of vscode.workspace.textDocuments) assert.doesNotMatch(doc.getText(), KEY_MARKERS, `no editor shows the private key (${doc.uri.toString()})`);
    assert.ok(result && !KEY_MARKERS.test(JSON.stringify(result)), 'the command result carries no private key');
  });

  test('bug 1: with no draft open, the certificate is kept and nothing with its key reaches the clipboard or an editor', async () => {
    await closeAllEditors();
    await vscode.env.clipboard.writeText('clipboard-before');
    stub = new WindowStub(() => undefined);
    await vscode.commands.executeCommand(CommandId.generateCertificate);
    assert.equal(await vscode.env.clipboard.readText(), 'clipboard-before');
    for (const doc of vscode.workspace.textDocuments) assert.doesNotMatch(doc.getText(), KEY_MARKERS, doc.uri.toString());
    const told = stub.find('info', /No subscription draft is open/);
    assert.equal(told.length, 1, `the user is told where the certificate went: ${JSON.stringify(stub.calls)}`);
    assert.doesNotMatch(told[0].message, /clipboard/);
  });

  // ---- bug 2 ------------------------------------------------------------------------------------
  test('bug 2: the certificate is refused, with the reason, for a resource without rich notifications and for an update draft', async () => {
    const users = await newDraft('user', 'users');
    await vscode.window.showTextDocument(users);
    const before = users.getText();
    stub = new WindowStub(() => undefined);
    await vscode.commands.executeCommand(CommandId.generateCertificate);
    assert.equal(users.getText(), before, 'the draft is unchanged');
    const refusal = stub.find('error', /does not support notifications with resource data/);
    assert.equal(refusal.length, 1, `refused with the reason: ${JSON.stringify(stub.calls)}`);
    assert.equal(stub.find('info', /added to the draft/).length, 0, 'no "added" message');

    // An update draft of a message subscription created without resource data.
    const sub = await sandboxSubscription({ resource: ownResource.messages('bug2'), changeType: 'created' });
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.editSubscription, { accountId: sandbox.id, subscriptionId: sub.id });
    const update = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(update);
    const updateBefore = update.getText();
    await vscode.commands.executeCommand(CommandId.generateCertificate);
    assert.equal(update.getText(), updateBefore, 'the update draft is unchanged');
    assert.equal(stub.find('error', /includeResourceData cannot be changed by an update/).length, 1, `refused: ${JSON.stringify(stub.calls)}`);
  });

  // ---- bug 3 ------------------------------------------------------------------------------------
  test('bug 3: a new draft never takes the name of a draft a reload restored (remote authority in its URI) nor touches its target', async () => {
    const first = await newDraft('event', 'users/{userId}/events');
    const name = first.uri.path;
    // A window reload restores the untitled draft as untitled://<authority>/…, with the update
    // target a submitted draft has (the registry reads it back from workspace state).
    drafts.set(first.uri.with({ authority: '127.0.0.1:8080' }), { accountId: sandbox.id, subscriptionId: 'restored-subscription-id' });
    const restoredKey = draftKey(first.uri);
    // Closed without saving, as if its document were not loaded yet after the reload (its tab
    // comes back lazily): the name is still taken by the restored target.
    await vscode.window.showTextDocument(first);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const second = await newDraft('event', 'users/{userId}/events');
    assert.notEqual(draftKey(second.uri), restoredKey, `a fresh name: ${second.uri.toString()} vs ${name}`);
    const after = new DraftRegistry(services);
    try {
      assert.equal(after.resolve(first.uri).operation, 'update', 'the restored draft is still an update draft');
      assert.equal(after.resolve(first.uri).subscriptionId, 'restored-subscription-id');
    } finally {
      after.dispose();
    }
    assert.doesNotThrow(() => JSON.parse(second.getText()), 'the new draft is the template alone');
  });

  // ---- bug 4 ------------------------------------------------------------------------------------
  test('bug 4: Renew… offers "Set expiry to 1 hour from now", warns that it shortens, asks, and confirms the result', async () => {
    const sub = await sandboxSubscription({ resource: ownResource.user(), changeType: 'updated', expirationDateTime: inMinutes(28 * 24 * 60) });
    stub = new WindowStub((call) => {
      if (call.kind === 'quickPick') return call.items.find((i) => i.startsWith('Set expiry to 1 hour from now'));
      return undefined; // the confirmation is dismissed
    });
    await vscode.commands.executeCommand(CommandId.renewSubscription, { accountId: sandbox.id, subscriptionId: sub.id });
    const pick = stub.find('quickPick')[0];
    assert.ok(pick, 'the renew choices were shown');
    const hour = pick.items.find((i) => i.startsWith('Set expiry to 1 hour from now'));
    assert.ok(hour, `labelled by what it does: ${pick.items.join(' | ')}`);
    assert.match(hour, /shorter/i, 'the choice says it shortens the subscription');
    const confirm = stub.find('warning', /shorten/i);
    assert.equal(confirm.length, 1, `asked before shortening: ${JSON.stringify(stub.calls)}`);
    assert.equal(confirm[0].modal, true);
    assert.equal((await sandbox.client.get(sub.id)).expirationDateTime.slice(0, 16), sub.expirationDateTime.slice(0, 16), 'dismissed: unchanged');

    stub.answerWith((call) => (call.kind === 'quickPick' ? call.items.find((i) => i.startsWith('Set expiry to 1 hour from now')) : call.kind === 'warning' ? call.items.find((i) => /shorten/i.test(i)) : undefined));
    await vscode.commands.executeCommand(CommandId.renewSubscription, { accountId: sandbox.id, subscriptionId: sub.id });
    const now = await sandbox.client.get(sub.id);
    const minutes = (Date.parse(now.expirationDateTime) - Date.now()) / 60_000;
    assert.ok(minutes > 50 && minutes <= 61, `one hour from now (${minutes.toFixed(1)} min)`);
    assert.equal(stub.find('info', /expires in (59 min|1 h)/).length, 1, `the result is confirmed: ${JSON.stringify(stub.calls)}`);
  });

  // ---- bug 5 ------------------------------------------------------------------------------------
  test('bug 5: after Stop Receiver the status bar says stopped (click to start) and Create Subscription brings the receiver back on the same port', async () => {
    const first = (await vscode.commands.executeCommand<ReceiverEndpoints>(CommandId.startReceiver))!;
    const port = new URL(first.localNotificationUrl).port;
    await vscode.commands.executeCommand(CommandId.stopReceiver);
    const status = receiver.statusBarState();
    assert.equal(status.shown, true, 'the status bar item stays while stopped');
    assert.match(status.text, /stopped/i);
    assert.equal(status.command, CommandId.startReceiver, 'a click starts it');

    const draft = await newDraft('user', 'users');
    const body = JSON.parse(draft.getText()) as { notificationUrl: string };
    assert.equal(new URL(body.notificationUrl).port, port, 'the receiver came back on its port: existing subscriptions still reach it');
    assert.equal(new URL(receiver.endpoints()!.localNotificationUrl).port, port);
  });

  test('bug 5: when the old port is taken the user is offered to move the subscriptions; a failed Sandbox delivery is a warning with a next step', async () => {
    const first = await receiver.ensureStarted();
    const sub = await sandboxSubscription({ resource: ownResource.user(), changeType: 'updated' });
    const oldPort = Number(new URL(first.localNotificationUrl).port);
    await vscode.commands.executeCommand(CommandId.stopReceiver);

    // Stopped: a simulated change cannot be delivered, and the user is told so with a next step.
    stub = new WindowStub(() => undefined);
    await vscode.commands.executeCommand(CommandId.simulateChange, { accountId: sandbox.id, subscriptionId: sub.id }, { changeType: 'updated' });
    const dropped = stub.calls.filter((c) => (c.kind === 'warning' || c.kind === 'error') && /could not deliver/i.test(c.message));
    assert.equal(dropped.length, 1, `a delivery failure is reported where the user looks: ${JSON.stringify(stub.calls)}`);
    assert.ok(dropped[0].items.includes('Start Receiver'), `with the next step: ${dropped[0].items.join(', ')}`);

    // Another program takes the port: the receiver gets a new one and offers to move the subscription.
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(oldPort, '127.0.0.1', resolve));
    try {
      stub.answerWith((call) => (call.items.includes('Update Subscriptions') ? 'Update Subscriptions' : undefined));
      const second = await receiver.ensureStarted();
      assert.notEqual(Number(new URL(second.localNotificationUrl).port), oldPort);
      const moved = await eventually('the subscription to point at the new port', async () => {
        const now = await sandbox.client.get(sub.id);
        return now.notificationUrl === second.localNotificationUrl ? now : undefined;
      });
      assert.equal(moved.notificationUrl, second.localNotificationUrl);
      assert.equal(stub.calls.filter((c) => c.items.includes('Update Subscriptions')).length, 1, 'the offer was made');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  // ---- bug 6 ------------------------------------------------------------------------------------
  test('bug 6: a subscriptionRemoved lifecycle event takes the subscription out of the tree; Recreate shows only the new one', async () => {
    // Graph sends subscriptionRemoved only for Outlook items and Teams chat messages.
    const sub = await sandboxSubscription({ resource: ownResource.contacts('bug6'), changeType: 'deleted', lifecycle: true });
    stub = new WindowStub(() => undefined);
    await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, { accountId: sandbox.id, subscriptionId: sub.id }, 'subscriptionRemoved');
    await eventually('the removed subscription to leave the tree', () => !services.store.subscriptions(sandbox.id)?.some((s) => s.id === sub.id));
    const offer = await eventually('the removal warning', () => stub!.find('warning', /removed subscription/i)[0]);
    assert.ok(offer.items.includes('Recreate'), 'Recreate is offered');

    // Recreate from the offer: the tree shows the new subscription, never the old one beside it.
    const sub2 = await sandboxSubscription({ resource: ownResource.events(), changeType: 'deleted', lifecycle: true });
    stub.answerWith((call) => (call.items.includes('Recreate') ? 'Recreate' : undefined));
    await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, { accountId: sandbox.id, subscriptionId: sub2.id }, 'subscriptionRemoved');
    const list = await eventually('the recreated subscription in the tree', () => {
      const subs = services.store.subscriptions(sandbox.id) ?? [];
      return subs.some((s) => s.resource === sub2.resource && s.id !== sub2.id) ? subs : undefined;
    });
    assert.ok(!list.some((s) => s.id === sub2.id), 'the removed one is gone');
    assert.equal(list.filter((s) => s.resource === sub2.resource).length, 1, 'one row for the recreated subscription');
  });

  // ---- bug 8 ------------------------------------------------------------------------------------
  test('bug 8: an account\'s children answer at once while its first load runs, and the landed load refreshes that account', async () => {
    // A window's first render: a store that has loaded nothing. VS Code asks for the expanded
    // Sandbox's children more than once while they are fetched (render, reveal, refresh); an
    // answer that waits for the load lets two fetches register the same row ids ("Element with
    // id sandbox/#empty is already registered") or be cancelled by a root refresh (no children).
    const store = new SubscriptionStore(services.accounts, services.log.child('bug8'));
    const provider = new SubscriptionTreeProvider(services.accounts, store, api.tree.clock);
    try {
      const node = (await provider.getChildren()).find((r) => r.accountId === sandbox.id);
      assert.ok(node, 'the Sandbox is a root');
      const refreshed = new Promise<TreeNodeData | undefined>((resolve) => {
        const listener = provider.onDidChangeTreeData((n) => {
          if (n?.type === 'account' && n.accountId === sandbox.id) {
            listener.dispose();
            resolve(n);
          }
        });
      });
      const first = await provider.getChildren(node);
      assert.deepEqual(first.map((c) => c.id), [`${sandbox.id}/#loading`], 'a Loading… row, not a wait for the load');
      const landed = await Promise.race([refreshed, new Promise<undefined>((r) => setTimeout(r, 10_000))]);
      assert.equal(landed, node, 'the landed load refreshes the node VS Code was given');
      const after = await provider.getChildren(node);
      assert.ok(after.length > 0 && after.every((c) => c.id !== `${sandbox.id}/#loading`), `the Sandbox's rows: ${after.map((c) => c.id).join(', ')}`);
    } finally {
      provider.dispose();
      store.dispose();
    }
  });

  // ---- bug 7 ------------------------------------------------------------------------------------
  test('bug 7: a tunnel stopped by the user does not come back when the window reloads', async () => {
    const cfg = vscode.workspace.getConfiguration(CONFIG_SECTION);
    await cfg.update(ConfigKey.tunnelCustomPublicUrl, 'https://first-hour.example.com', vscode.ConfigurationTarget.Global);
    await cfg.update(ConfigKey.tunnelMode, 'customUrl', vscode.ConfigurationTarget.Global);
    stub = new WindowStub(() => undefined);
    await vscode.commands.executeCommand(CommandId.stopReceiver);
    await vscode.commands.executeCommand(CommandId.startReceiver);
    assert.equal(receiver.tunnelUrl(), 'https://first-hour.example.com');
    await vscode.commands.executeCommand(CommandId.stopTunnel);
    assert.equal(receiver.tunnelUrl(), undefined);
    // What a reload does: dispose without forgetting, then the next window resumes.
    await receiver.stop(false);
    assert.ok(receiver.shouldResume());
    await receiver.ensureStarted();
    assert.equal(receiver.tunnelUrl(), undefined, 'the stopped tunnel stays stopped');
    assert.doesNotMatch(receiver.statusBarState().text, /first-hour\.example\.com/);
    // Start Tunnel brings it back, and then a reload keeps it.
    await vscode.commands.executeCommand(CommandId.startTunnel);
    assert.equal(receiver.tunnelUrl(), 'https://first-hour.example.com');
    await receiver.stop(false);
    await receiver.ensureStarted();
    assert.equal(receiver.tunnelUrl(), 'https://first-hour.example.com', 'a running tunnel resumes');
    await vscode.commands.executeCommand(CommandId.stopReceiver);
    await cfg.update(ConfigKey.tunnelMode, undefined, vscode.ConfigurationTarget.Global);
    await cfg.update(ConfigKey.tunnelCustomPublicUrl, undefined, vscode.ConfigurationTarget.Global);
  });
});
