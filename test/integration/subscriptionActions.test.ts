// One implementation per subscription action (issue 13): the tree commands, the lifecycle handler
// and the handshake self-test offered by a Graph 400, inside VS Code against the sandbox.
// Each test names the defect it guards against.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { CommandId, CONFIG_SECTION, ConfigKey } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';
import type { Subscription } from '../../src/graph/types';
import type { Account, ReceiverEndpoints } from '../../src/services';
import { activateExtension, eventually } from './helpers';

/** An endpoint that answers Graph's validation handshake correctly and accepts notifications. */
async function startEchoEndpoint(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
    req.resume();
    if (token !== null) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(token);
      return;
    }
    res.writeHead(202);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/elsewhere`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const MINUTE = 60_000;

suite('Subscription actions: one implementation per action', function () {
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
    api.tree.clock.setOffsetForTests(0);
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.autoRenewEnabled, undefined, vscode.ConfigurationTarget.Global);
    for (const id of cleanup) await sandbox.client.delete(id).catch(() => undefined);
    await api.services.store.refresh(sandbox.id);
    await vscode.commands.executeCommand(CommandId.stopReceiver);
  });

  async function createThroughReceiver(resource: string, clientState: string): Promise<Subscription> {
    const created = await sandbox.client.create({
      resource,
      changeType: 'updated',
      notificationUrl: endpoints.localNotificationUrl,
      lifecycleNotificationUrl: endpoints.localLifecycleUrl,
      expirationDateTime: new Date(api.tree.clock.nowMs() + 120 * MINUTE).toISOString(),
      clientState,
    });
    cleanup.push(created.id);
    // What a submitted draft does: the clientState goes to SecretStorage.
    await api.services.receiver.rememberClientState(created.id, clientState);
    return created;
  }

  test('Recreate keeps the clientState of a subscription last loaded from a list (as after a reload)', async () => {
    const clientState = `recreate-${Date.now()}`;
    const original = await createThroughReceiver('me/mailFolders/inbox/messages', clientState);
    // A list response hides clientState: the store now knows it only as null.
    await api.services.store.refresh(sandbox.id);
    assert.equal(api.services.store.lastKnownDefinition(original.id)?.subscription.clientState ?? null, null);
    await sandbox.client.delete(original.id);

    const recreated = (await vscode.commands.executeCommand(CommandId.recreateSubscription, { accountId: sandbox.id, subscriptionId: original.id })) as Subscription;
    assert.ok(recreated && recreated.id !== original.id, 'a new subscription');
    cleanup.push(recreated.id);
    const fromGraph = await sandbox.client.get(recreated.id);
    assert.equal(fromGraph.clientState, clientState, 'the recreated subscription carries the same clientState');
    assert.equal(await api.services.context.secrets.get(`graphSubscriptions.clientState.${recreated.id}`), clientState, 'and the receiver can check it');
    assert.ok(!api.services.store.subscriptions(sandbox.id)?.some((s) => s.id === original.id), 'the old one left the tree');
  });

  test('a reauthorizationRequired event answered by auto-renew renews to the maximum measured on the Clock, like the tree command', async () => {
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.autoRenewEnabled, true, vscode.ConfigurationTarget.Global);
    // Three hours ahead: a renewal measured on real time instead of the Clock falls three hours short.
    api.tree.clock.setOffsetForTests(3 * 60 * MINUTE);
    try {
      const sub = await createThroughReceiver('me/contacts', `lifecycle-${Date.now()}`);
      await api.services.store.refresh(sandbox.id);
      await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, { accountId: sandbox.id, subscriptionId: sub.id }, 'reauthorizationRequired');
      const max = 10_080 * MINUTE; // Outlook contacts
      const renewed = await eventually('the renewal', async () => {
        const now = await sandbox.client.get(sub.id);
        return Date.parse(now.expirationDateTime) > Date.parse(sub.expirationDateTime) ? now : undefined;
      });
      const expected = api.tree.clock.nowMs() + max;
      assert.ok(Date.parse(renewed.expirationDateTime) > expected - 10 * MINUTE, `renewed to ${renewed.expirationDateTime}, the maximum is about ${new Date(expected).toISOString()}`);
    } finally {
      api.tree.clock.setOffsetForTests(0);
    }
  });

  test('a lifecycle renewal that meets a 404 removes the subscription from the tree, like the tree command', async () => {
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.autoRenewEnabled, true, vscode.ConfigurationTarget.Global);
    const sub = await createThroughReceiver('me/events', `gone-${Date.now()}`);
    await api.services.store.refresh(sandbox.id);
    assert.ok(api.services.store.subscriptions(sandbox.id)?.some((s) => s.id === sub.id));
    // Graph answers the renewal with 404, as for a subscription it removed meanwhile.
    const emulator = api.sandboxEmulatorForTests();
    emulator!.injectFault({ status: 404, method: 'PATCH', pathPrefix: `/v1.0/subscriptions/${sub.id}` });
    await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, { accountId: sandbox.id, subscriptionId: sub.id }, 'reauthorizationRequired');
    await eventually('the subscription to leave the tree', () => !api.services.store.subscriptions(sandbox.id)?.some((s) => s.id === sub.id));
  });

  test('"Run Handshake Self-Test" offered by a Graph 400 tests the URL Graph rejected, not the local receiver', async () => {
    const elsewhere = await startEchoEndpoint();
    try {
      const result = (await vscode.commands.executeCommand(CommandId.handshakeSelfTest, { url: elsewhere.url })) as { ok: boolean; url: string } | undefined;
      assert.ok(result, 'the self-test ran');
      assert.equal(result.url, elsewhere.url);
      assert.equal(result.ok, true);
    } finally {
      await elsewhere.close();
    }
  });
});
