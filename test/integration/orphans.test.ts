// Who sees what and Find Orphaned Subscriptions across the Sandbox's two identities (its user and
// its app): each lists only its own; the same resource subscribed by both apps is a duplicate; a
// subscription whose receiver is stopped is unreachable; the next step runs through
// SubscriptionActions (the store forgets a deleted subscription).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import type { OrphanFinding } from '../../src/subscriptions/orphans';
import type { Account, ReceiverEndpoints, Services } from '../../src/services';
import { accountNode } from '../../src/tree/subscriptionTreeProvider';
import { subscriptionNodeId } from '../../src/tree/treeModel';
import { activateExtension, eventually } from './helpers';
import { WindowStub } from './windowStub';

suite('Who sees what and orphaned subscriptions (Sandbox user + app)', function () {
  this.timeout(90_000);
  let services: Services;
  let user: Account;
  let app: Account;
  let endpoints: ReceiverEndpoints;
  let stub: WindowStub | undefined;

  suiteSetup(async () => {
    const api = await activateExtension();
    services = api.services;
    user = await services.accounts.ensureSandbox();
    app = services.accounts.get('sandbox:app')!;
    assert.ok(app, 'the Sandbox app identity');
    endpoints = await services.receiver.ensureStarted();
    for (const a of [user, app]) for (const s of await a.client.listAll()) await a.client.delete(s.id);
  });

  teardown(async () => {
    stub?.restore();
    stub = undefined;
    await services.receiver.ensureStarted();
    for (const a of [user, app]) for (const s of await a.client.listAll()) await a.client.delete(s.id);
    await services.store.refresh();
  });

  const body = (resource: string, notificationUrl = endpoints.localNotificationUrl) => ({
    changeType: 'updated',
    notificationUrl,
    resource,
    expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
  });

  test('the same resource by both apps: each lists its own, the tooltip says who sees it, the finder offers Delete and it deletes', async () => {
    const mine = await user.client.create(body('users'));
    const theirs = await app.client.create(body('users'));
    await services.store.refresh();
    assert.ok(services.store.subscriptions(user.id)?.some((s) => s.id === mine.id) && !services.store.subscriptions(user.id)?.some((s) => s.id === theirs.id), 'the user lists only its own');
    assert.ok(services.store.subscriptions(app.id)?.some((s) => s.id === theirs.id) && !services.store.subscriptions(app.id)?.some((s) => s.id === mine.id), 'the app lists only its own');

    const api = await activateExtension();
    await api.tree.provider.getChildren(accountNode(user));
    const node = api.tree.provider.node(subscriptionNodeId(user.id, mine.id));
    assert.ok(node && node.type === 'subscription', 'the tree shows the subscription');
    assert.match(node.tooltip, /Listed for: Sandbox — not for Sandbox \(app-only\)/);

    stub = new WindowStub((call) => {
      if (call.kind !== 'quickPick') return undefined;
      if (/^Orphaned subscriptions/.test(call.message)) return call.items.find((i) => i === 'users — $(copy) duplicate across apps · Sandbox (app-only)');
      if (/next step/.test(call.message)) return '$(trash) Delete Subscription';
      return undefined;
    });
    const findings = await vscode.commands.executeCommand<OrphanFinding[]>(CommandId.findOrphanedSubscriptions);
    const dups = findings.filter((f) => f.reason === 'duplicate').map((f) => `${f.accountId}:${f.subscription.id}`).sort();
    assert.deepEqual(dups, [`${app.id}:${theirs.id}`, `${user.id}:${mine.id}`].sort());
    const pick = stub.find('quickPick', /^Orphaned subscriptions/)[0];
    assert.ok(pick, 'the findings are offered');
    assert.ok(stub.find('quickPick', /next step/).length > 0, 'a next step is offered');
    await eventually('the duplicate deleted through SubscriptionActions', async () => !(await app.client.listAll()).some((s) => s.id === theirs.id) && !services.store.subscriptions(app.id)?.some((s) => s.id === theirs.id));
    assert.ok((await user.client.listAll()).some((s) => s.id === mine.id), 'the other one is kept');
  });

  test('a subscription whose receiver is stopped is unreachable, with Start Receiver as the next step', async () => {
    const sub = await user.client.create(body('groups'));
    await services.store.refresh();
    await services.receiver.stop(false);
    stub = new WindowStub(() => undefined);
    const findings = await vscode.commands.executeCommand<OrphanFinding[]>(CommandId.findOrphanedSubscriptions);
    const f = findings.find((x) => x.subscription.id === sub.id && x.reason === 'unreachable');
    assert.ok(f, `findings: ${findings.map((x) => `${x.reason} ${x.subscription.resource}`).join(', ')}`);
    assert.equal(f.endpoint?.kind, 'receiverStopped');
  });

  test('with nothing wrong it says so', async () => {
    await user.client.create(body('groups'));
    stub = new WindowStub(() => undefined);
    const findings = await vscode.commands.executeCommand<OrphanFinding[]>(CommandId.findOrphanedSubscriptions);
    assert.deepEqual(findings, []);
    assert.match(stub.find('info')[0]?.message ?? '', /^No orphaned subscriptions among 1 subscription of 2 identities/);
  });
});
