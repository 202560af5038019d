// Simulate Lifecycle Event offers and sends only what Graph sends for the subscription's resource
// (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events): a missed event
// for a Teams chat message or a directory resource is refused with a message naming what Graph sends.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';
import type { Account, ReceiverEndpoints } from '../../src/services';
import { activateExtension } from './helpers';
import { WindowStub } from './windowStub';

suite('Sandbox: lifecycle events per resource', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let sandbox: Account;
  let endpoints: ReceiverEndpoints;
  const cleanup: string[] = [];

  suiteSetup(async () => {
    api = await activateExtension();
    sandbox = await api.services.accounts.ensureSandbox();
    endpoints = (await vscode.commands.executeCommand<ReceiverEndpoints>(CommandId.startReceiver))!;
  });

  suiteTeardown(async () => {
    for (const id of cleanup) await sandbox.client.delete(id).catch(() => undefined);
    await api.services.store.refresh(sandbox.id);
    await vscode.commands.executeCommand(CommandId.stopReceiver);
  });

  test('missed on a users subscription is refused with what Graph sends; reauthorizationRequired is delivered', async () => {
    const sub = await sandbox.client.create({
      resource: 'users',
      changeType: 'deleted',
      notificationUrl: endpoints.localNotificationUrl,
      lifecycleNotificationUrl: endpoints.localLifecycleUrl,
      expirationDateTime: new Date(Date.now() + 2 * 3_600_000).toISOString(),
    });
    cleanup.push(sub.id);
    await api.services.store.refresh(sandbox.id);
    const before = api.sandboxEmulatorForTests()!.deliveryLog().filter((a) => a.kind === 'lifecycle').length;
    const stub = new WindowStub(() => undefined);
    try {
      assert.equal(await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, { accountId: sandbox.id, subscriptionId: sub.id }, 'missed'), undefined);
      assert.equal(stub.find('error', /does not send 'missed'.*only reauthorizationRequired/).length, 1, 'the error names what Graph sends');
    } finally {
      stub.restore();
    }
    assert.equal(api.sandboxEmulatorForTests()!.deliveryLog().filter((a) => a.kind === 'lifecycle').length, before, 'nothing was sent');
    assert.equal(await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, { accountId: sandbox.id, subscriptionId: sub.id }, 'reauthorizationRequired'), true);
  });
});
