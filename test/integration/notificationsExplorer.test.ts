// Issue 16, the notifications explorer inside VS Code: "Open Notification History" opens the
// explorer panel (a webview over the history file), the webview loads and asks for its first
// query, and notifications that arrive while it is open reach it live — here rich notifications
// from a Sandbox subscription whose deliveries the Sandbox holds back, so their latency (arrival
// minus the change time the decrypted payload states) is at least that delay.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import { eventually, sandboxSubscriptionFixture, uniqueName } from './helpers';

const DELAY_MS = 1500;

suite('Notifications explorer', function () {
  this.timeout(180_000);
  const fx = sandboxSubscriptionFixture();

  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('Open Notification History opens the explorer, which receives live notifications with their latency', async () => {
    const { api } = fx;
    const { explorer, receiver } = api.services;
    await vscode.commands.executeCommand(CommandId.openHistory);
    assert.equal(explorer.snapshot().open, true, 'the command opened the explorer panel');
    const first = await eventually('the webview to load and the first state to be posted', () => explorer.snapshot().messagesFromWebview > 0 && explorer.snapshot().state);
    const before = first.total;

    // A rich subscription (content encrypted with our certificate) selecting the change times, so
    // the payload states when the message was created.
    const cert = await receiver.generateCertificate();
    const folder = uniqueName('explorer');
    const sub = await fx.create({
      resource: `me/mailFolders('${folder}')/messages?$select=subject,createdDateTime,lastModifiedDateTime`,
      changeType: 'created',
      expirationDateTime: new Date(Date.now() + 50 * 60_000).toISOString(),
      includeResourceData: true,
      encryptionCertificate: cert.encryptionCertificate,
      encryptionCertificateId: cert.encryptionCertificateId,
    });
    const control = api.services.accounts.sandboxEmulator()!;
    control.setDeliveryDelay(sub.id, DELAY_MS);
    const sent = await control.simulateChange(sub.id, { changeType: 'created', count: 3 });
    assert.equal(sent.delivered, 3);

    // No reopening, no command: the open panel got the new rows.
    const live = await eventually('the explorer to show the 3 new notifications', () => {
      const state = explorer.snapshot().state;
      return state && state.total >= before + 3 && state.subscriptions.find((s) => s.subscriptionId === sub.id && s.count === 3) ? state : undefined;
    });
    assert.ok(live.added > 0, 'posted as a live update');
    const row = live.subscriptions.find((s) => s.subscriptionId === sub.id)!;
    // Named as the tree labels it (the resource path, without its query options), under its account.
    assert.equal(row.name, `me/mailFolders('${folder}')/messages`, 'the subscription is named by its resource, as the tree labels it');
    assert.equal(row.detail, 'Sandbox', 'under its account');
    assert.match(row.title, new RegExp(`Subscription id: ${sub.id}`), 'the id stays in the tooltip');
    assert.equal(row.latency?.count, 3, 'each rich notification states its change time');
    assert.ok(row.latency!.p50 >= DELAY_MS, `latency p50 ${row.latency!.p50} ms is at least the Sandbox's ${DELAY_MS} ms delivery delay`);
    assert.ok(row.latency!.max < 60_000, `latency max ${row.latency!.max} ms is the delay, not a clock error`);

    // Running the command again reveals the same panel instead of opening a second one.
    await vscode.commands.executeCommand(CommandId.openHistory);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === 'Notifications Explorer');
    assert.equal(tabs.length, 1);
  });
});
