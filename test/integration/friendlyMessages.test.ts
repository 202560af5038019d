// Issue 19 item 20: messages name subscriptions by their resource and say times the way a person
// reads them ("in 2 days (Fri 14:05)"), not as raw ISO times or bare GUIDs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import type { Subscription } from '../../src/graph/types';
import type { ProcessedItem } from '../../src/notifications/processNotification';
import type { Account, Services } from '../../src/services';
import { handleLifecycleEvent } from '../../src/subscriptions/registerLifecycleHandling';
import { activateExtension, eventually } from './helpers';

const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

/** Records information/warning messages and status-bar messages while installed. */
function recordMessages(): { messages: string[]; status: string[]; restore: () => void } {
  const w = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
  const saved = { info: w.showInformationMessage, warning: w.showWarningMessage, status: w.setStatusBarMessage };
  const messages: string[] = [];
  const status: string[] = [];
  w.showInformationMessage = ((text: string) => (messages.push(text), Promise.resolve(undefined))) as typeof w.showInformationMessage;
  w.showWarningMessage = ((text: string) => (messages.push(text), Promise.resolve(undefined))) as typeof w.showWarningMessage;
  w.setStatusBarMessage = ((text: string) => (status.push(text), { dispose: () => undefined })) as typeof w.setStatusBarMessage;
  return { messages, status, restore: () => Object.assign(vscode.window, { showInformationMessage: saved.info, showWarningMessage: saved.warning, setStatusBarMessage: saved.status }) };
}

suite('Friendly messages (issue 19 item 20)', function () {
  this.timeout(60_000);
  let services: Services;
  let sandbox: Account;
  let sub: Subscription;
  let recorded: ReturnType<typeof recordMessages> | undefined;

  suiteSetup(async () => {
    services = (await activateExtension()).services;
    sandbox = await services.accounts.ensureSandbox();
    const endpoints = await services.receiver.ensureStarted();
    sub = await sandbox.client.create({
      resource: 'me/events', changeType: 'created', notificationUrl: endpoints.localNotificationUrl,
      expirationDateTime: new Date(Date.now() + 2 * 86_400_000).toISOString(), clientState: 'friendly-messages',
    });
    services.store.upsert(sandbox.id, sub);
  });
  teardown(() => {
    recorded?.restore();
    recorded = undefined;
  });
  suiteTeardown(async () => {
    await sandbox.client.delete(sub.id).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Copy Subscription Id names the subscription by its resource', async () => {
    recorded = recordMessages();
    await vscode.commands.executeCommand(CommandId.copySubscriptionId, { accountId: sandbox.id, subscriptionId: sub.id });
    assert.equal(await vscode.env.clipboard.readText(), sub.id);
    assert.equal(recorded.status.length, 1, JSON.stringify(recorded.status));
    assert.match(recorded.status[0], /the subscription to me\/events/);
  });

  test('an update submitted from a draft says when it expires, not the ISO time', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.editSubscription, { accountId: sandbox.id, subscriptionId: sub.id });
    recorded = recordMessages();
    await vscode.commands.executeCommand(CommandId.submitDraft, uri, { confirm: false });
    const done = await eventually('the success message', () => recorded!.messages.find((m) => /^Subscription updated/.test(m)));
    assert.doesNotMatch(done, ISO);
    assert.match(done, /expires in \d+ (day|hour)/);
  });

  test('a lifecycle warning names the resource, not only the subscription id', async () => {
    recorded = recordMessages();
    const item = { subscriptionId: sub.id, lifecycleEvent: 'missed', trust: 'verified', trusted: true } as unknown as ProcessedItem;
    await handleLifecycleEvent(services, item);
    const warning = recorded.messages.find((m) => /could not deliver/.test(m));
    assert.ok(warning, JSON.stringify(recorded.messages));
    assert.match(warning, /the subscription to me\/events \(/);
  });
});
