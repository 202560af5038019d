// Simulate Lifecycle Event offers and sends only what Graph sends for the subscription's resource
// (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events): a missed event
// for a Teams chat message or a directory resource is refused with a message naming what Graph sends.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import { ownResource, sandboxSubscriptionFixture } from './helpers';
import { WindowStub } from './windowStub';

suite('Sandbox: lifecycle events per resource', function () {
  this.timeout(60_000);
  const fx = sandboxSubscriptionFixture();

  test('missed on a user subscription is refused with what Graph sends; reauthorizationRequired is delivered', async () => {
    const { api } = fx;
    const sub = await fx.create({ resource: ownResource.user(), changeType: 'deleted', lifecycle: true });
    const before = api.sandboxEmulatorForTests()!.deliveryLog().filter((a) => a.kind === 'lifecycle').length;
    const stub = new WindowStub(() => undefined);
    try {
      assert.equal(await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, fx.target(sub), 'missed'), undefined);
      assert.equal(stub.find('error', /does not send 'missed'.*only reauthorizationRequired/).length, 1, 'the error names what Graph sends');
    } finally {
      stub.restore();
    }
    assert.equal(api.sandboxEmulatorForTests()!.deliveryLog().filter((a) => a.kind === 'lifecycle').length, before, 'nothing was sent');
    assert.equal(await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, fx.target(sub), 'reauthorizationRequired'), true);
  });
});
