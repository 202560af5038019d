// The integration suites share one Sandbox in one VS Code. What one suite creates must be gone —
// from Graph and from the subscription store — when the next suite starts: a store entry left for a
// subscription deleted behind its back once made a later suite's Renew All Expiring fail with 404
// and wait on its error message. The first suite uses the fixture; the second checks what it left.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import type { Subscription } from '../../src/graph/types';
import { activateExtension, ownResource, sandboxSubscriptionFixture } from './helpers';

const created: Subscription[] = [];

suite('Sandbox fixture: a suite that creates subscriptions', function () {
  this.timeout(60_000);
  const fx = sandboxSubscriptionFixture();

  test('created through the fixture and through a command, both listed in the store', async () => {
    const direct = await fx.create({ resource: ownResource.user(), changeType: 'updated' });
    created.push(direct);
    // Gone from Graph (as after a removal), so Recreate does not ask whether to replace it.
    await fx.sandbox.client.delete(direct.id);
    const recreated = await vscode.commands.executeCommand<Subscription>(CommandId.recreateSubscription, fx.target(direct));
    assert.ok(recreated && recreated.id !== direct.id, 'Recreate made a new subscription');
    created.push(recreated);
    await fx.services.store.refresh(fx.sandbox.id);
    assert.ok(fx.services.store.subscriptions(fx.sandbox.id)?.some((s) => s.id === recreated.id));
  });
});

suite('Sandbox fixture: the next suite', function () {
  this.timeout(60_000);

  test('finds none of them, neither in Graph nor in the store', async () => {
    assert.equal(created.length, 2, 'the first suite ran');
    const { services } = await activateExtension();
    const sandbox = await services.accounts.ensureSandbox();
    const ids = new Set(created.map((s) => s.id));
    assert.deepEqual((await sandbox.client.listAll()).filter((s) => ids.has(s.id)), [], 'deleted from the Sandbox');
    assert.deepEqual((services.store.subscriptions(sandbox.id) ?? []).filter((s) => ids.has(s.id)).map((s) => s.id), [], 'and gone from the store');
  });
});
