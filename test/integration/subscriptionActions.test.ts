// One implementation per subscription action (issue 13): the tree commands, the lifecycle handler
// and the handshake self-test offered by a Graph 400, inside VS Code against the sandbox.
// Each test names the defect it guards against.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId, CONFIG_SECTION, ConfigKey } from '../../src/constants';
import type { Subscription } from '../../src/graph/types';
import { eventually, ownResource, sandboxSubscriptionFixture, startEchoEndpoint, uniqueName } from './helpers';

const MINUTE = 60_000;

suite('Subscription actions: one implementation per action', function () {
  this.timeout(60_000);
  const fx = sandboxSubscriptionFixture();

  suiteTeardown(async () => {
    fx.api.tree.clock.setOffsetForTests(0);
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.autoRenewEnabled, undefined, vscode.ConfigurationTarget.Global);
  });

  /** Created as a submitted draft would be (clientState in SecretStorage), ending on the Clock. */
  const createThroughReceiver = (resource: string, clientState: string) =>
    fx.create({ resource, changeType: 'updated', lifecycle: true, clientState, expirationDateTime: new Date(fx.api.tree.clock.nowMs() + 120 * MINUTE).toISOString() });

  test('Recreate keeps the clientState of a subscription last loaded from a list (as after a reload)', async () => {
    const { api, sandbox } = fx;
    const clientState = uniqueName('recreate');
    const original = await createThroughReceiver(ownResource.messages('recreate'), clientState);
    // A list response hides clientState: the store now knows it only as null.
    await api.services.store.refresh(sandbox.id);
    assert.equal(api.services.store.lastKnownDefinition(original.id)?.subscription.clientState ?? null, null);
    await sandbox.client.delete(original.id);

    const recreated = (await vscode.commands.executeCommand(CommandId.recreateSubscription, fx.target(original))) as Subscription;
    assert.ok(recreated && recreated.id !== original.id, 'a new subscription');
    const fromGraph = await sandbox.client.get(recreated.id);
    assert.equal(fromGraph.clientState, clientState, 'the recreated subscription carries the same clientState');
    assert.equal(await api.services.context.secrets.get(`graphSubscriptions.clientState.${recreated.id}`), clientState, 'and the receiver can check it');
    assert.ok(!api.services.store.subscriptions(sandbox.id)?.some((s) => s.id === original.id), 'the old one left the tree');
  });

  test('a reauthorizationRequired event answered by auto-renew renews to the maximum measured on the Clock, like the tree command', async () => {
    const { api, sandbox } = fx;
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.autoRenewEnabled, true, vscode.ConfigurationTarget.Global);
    // Three hours ahead: a renewal measured on real time instead of the Clock falls three hours short.
    api.tree.clock.setOffsetForTests(3 * 60 * MINUTE);
    try {
      const sub = await createThroughReceiver(ownResource.contacts('lifecycle'), uniqueName('lifecycle'));
      await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, fx.target(sub), 'reauthorizationRequired');
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
    const { api, sandbox } = fx;
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.autoRenewEnabled, true, vscode.ConfigurationTarget.Global);
    const sub = await createThroughReceiver(ownResource.events(), uniqueName('gone'));
    assert.ok(api.services.store.subscriptions(sandbox.id)?.some((s) => s.id === sub.id));
    // Graph answers the renewal with 404, as for a subscription it removed meanwhile.
    const emulator = api.sandboxEmulatorForTests();
    emulator!.injectFault({ status: 404, method: 'PATCH', pathPrefix: `/v1.0/subscriptions/${sub.id}` });
    await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, fx.target(sub), 'reauthorizationRequired');
    await eventually('the subscription to leave the tree', () => !api.services.store.subscriptions(sandbox.id)?.some((s) => s.id === sub.id));
  });

  test('"Run Handshake Self-Test" offered by a Graph 400 tests the URL Graph rejected, not the local receiver', async () => {
    const elsewhere = await startEchoEndpoint('/elsewhere');
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
