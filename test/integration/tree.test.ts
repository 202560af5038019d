// The subscriptions tree inside VS Code against the sandbox (the in-process Graph emulator):
// listing, renew, reauthorize, delete, recreate after 404, 409 reveal, each error class's message,
// Retry-After handling, and auto-renew driven by the test clock.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { CommandId, CONFIG_SECTION, ConfigKey } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';
import { describeGraphError, isGraphRequestError, SignInRequiredError } from '../../src/graph/errors';
import { GraphSubscriptionsClient } from '../../src/graph/graphSubscriptionsClient';
import type { Subscription, SubscriptionDraft } from '../../src/graph/types';
import type { Account, Services } from '../../src/services';
import type { TreeHandle } from '../../src/tree/registerTree';
import { SubscriptionStore } from '../../src/tree/subscriptionStore';
import { SubscriptionTreeProvider } from '../../src/tree/subscriptionTreeProvider';
import type { SubscriptionNodeData, TreeNodeData } from '../../src/tree/treeModel';
import { eventually, sandboxSubscriptionFixture } from './helpers';
import { WindowStub } from './windowStub';

/** A notification endpoint that answers Graph's validation handshake. */
async function startEndpoint(): Promise<{ url: string; close: () => Promise<void>; received: { subscriptionId: string; changeType?: string }[] }> {
  const received: { subscriptionId: string; changeType?: string }[] = [];
  const server = http.createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
    if (token !== null) {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(token);
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        received.push(...(JSON.parse(body) as { value: { subscriptionId: string; changeType?: string }[] }).value);
      } catch {
        // not a notification
      }
      res.writeHead(202);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/notifications`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function inMinutes(minutes: number, from = Date.now()): string {
  return new Date(from + minutes * 60_000).toISOString();
}

async function captureError(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

suite('Subscriptions tree (sandbox)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let services: Services;
  let tree: TreeHandle;
  let sandbox: Account;
  let endpoint: Awaited<ReturnType<typeof startEndpoint>>;

  const draft = (resource: string, minutes = 120): SubscriptionDraft => ({
    resource,
    changeType: 'created',
    notificationUrl: endpoint.url,
    lifecycleNotificationUrl: endpoint.url,
    expirationDateTime: inMinutes(minutes, tree.clock.nowMs()),
    clientState: 'tree-test-client-state',
  });

  async function childrenOfSandbox(): Promise<TreeNodeData[]> {
    const roots = await tree.provider.getChildren();
    const root = roots.find((r) => r.type === 'account' && r.accountId === sandbox.id);
    assert.ok(root, 'the Sandbox is a tree root');
    return tree.provider.getChildren(root);
  }

  async function nodeOf(id: string): Promise<SubscriptionNodeData | undefined> {
    await services.store.refresh(sandbox.id);
    return (await childrenOfSandbox()).find((n): n is SubscriptionNodeData => n.type === 'subscription' && n.subscriptionId === id);
  }

  async function create(resource: string, minutes = 120): Promise<Subscription> {
    const created = await sandbox.client.create(draft(resource, minutes));
    services.store.upsert(sandbox.id, created);
    return created;
  }

  // Cleanup: what the suite created (deleted behind the store's back by several tests) goes, and the store is refreshed.
  const fx = sandboxSubscriptionFixture();
  suiteSetup(async function () {
    ({ api, services, sandbox } = fx);
    tree = api.tree;
    endpoint = await startEndpoint();
    // Start from an empty sandbox (earlier suites may have left subscriptions).
    for (const s of await sandbox.client.listAll()) await sandbox.client.delete(s.id);
    await services.store.refresh(sandbox.id);
  });

  suiteTeardown(async () => {
    tree?.clock.setOffsetForTests(0);
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.autoRenewEnabled, undefined, vscode.ConfigurationTarget.Global);
    await endpoint?.close();
  });

  test('the Sandbox is a root with no sign-in and lists its subscriptions with state, countdown and menus', async () => {
    const roots = await tree.provider.getChildren();
    const root = roots.find((r) => r.accountId === 'sandbox')!;
    assert.equal(tree.provider.getTreeItem(root).contextValue, 'account:sandbox');
    const empty = await childrenOfSandbox();
    assert.ok(empty.some((n) => n.type === 'message' && /No subscriptions/.test(n.label)), 'an empty sandbox says so');

    const a = await create('me/messages', 120);
    const b = await create('me/events', 50);
    const nodes = (await childrenOfSandbox()).filter((n): n is SubscriptionNodeData => n.type === 'subscription');
    assert.deepEqual(nodes.map((n) => n.subscriptionId), [b.id, a.id], 'soonest expiry first');
    const itemA = tree.provider.getTreeItem(nodes[1]);
    assert.equal(itemA.id, `sandbox/${a.id}`);
    assert.equal(itemA.label, 'me/messages');
    assert.match(String(itemA.description), /^in (1 h 59 min|2 h) · created$/);
    assert.equal(itemA.contextValue, 'subscription:healthy:sandbox:delta');
    assert.match((itemA.tooltip as vscode.MarkdownString).value, /notificationUrl/);
    assert.equal(tree.provider.getTreeItem(nodes[0]).contextValue, 'subscription:expiringSoon:sandbox:delta', '50 minutes is within the default 60-minute threshold');
    // clientState is a secret: the tooltip says only that it is set.
    assert.doesNotMatch((itemA.tooltip as vscode.MarkdownString).value, /tree-test-client-state/);
  });

  test('after a reload, asking for the roots alone fills the Sandbox: its node refreshes when its list lands', async () => {
    // What a window reload leaves: a new store that has loaded nothing. VS Code may drop its
    // request for an expanded account's children when a refresh races the first render; the
    // tree must not depend on that request.
    const created = await create('me/contacts', 90);
    const store = new SubscriptionStore(services.accounts, services.log.child('reload-test'));
    const provider = new SubscriptionTreeProvider(services.accounts, store, tree.clock);
    try {
      const refreshed = new Promise<TreeNodeData | undefined>((resolve) => {
        const listener = provider.onDidChangeTreeData((node) => {
          if (node?.type === 'account' && node.accountId === sandbox.id) {
            listener.dispose();
            resolve(node);
          }
        });
      });
      const roots = await provider.getChildren();
      const node = await Promise.race([refreshed, new Promise<undefined>((r) => setTimeout(r, 10_000))]);
      assert.ok(node, 'the Sandbox node refreshed without anyone asking for its children');
      assert.equal(node, roots.find((r) => r.accountId === sandbox.id), 'the refresh names the node VS Code was given');
      assert.ok(store.subscriptions(sandbox.id)?.some((s) => s.id === created.id), 'the list was loaded');
      const children = await provider.getChildren(node);
      assert.ok(children.some((n) => n.type === 'subscription' && n.subscriptionId === created.id));
    } finally {
      provider.dispose();
      store.dispose();
      await sandbox.client.delete(created.id);
      await services.store.refresh(sandbox.id);
    }
  });

  test('renew to an exact date and to the maximum change the expiry shown', async () => {
    const sub = await create('me/contacts', 60);
    const before = await nodeOf(sub.id);
    assert.match(before!.description, /in (59 min|1 h)/);
    const target = inMinutes(3 * 24 * 60 + 30);
    const renewed = (await vscode.commands.executeCommand(CommandId.renewSubscription, { accountId: sandbox.id, subscriptionId: sub.id, expirationDateTime: target })) as Subscription;
    assert.equal(Date.parse(renewed.expirationDateTime), Date.parse(target));
    assert.match((await nodeOf(sub.id))!.description, /in 3 d/);
    assert.equal((await nodeOf(sub.id))!.state, 'healthy');

    const max = (await vscode.commands.executeCommand(CommandId.renewToMax, { accountId: sandbox.id, subscriptionId: sub.id })) as Subscription;
    // Outlook contacts: 10,080 minutes (under 7 days).
    assert.match((await nodeOf(sub.id))!.description, /in 6 d 23 h/);
    assert.ok(Date.parse(max.expirationDateTime) > Date.parse(target));
  });

  test('Renew All Expiring renews every subscription inside the threshold to its maximum', async () => {
    // Suites share one Sandbox: list every identity afresh, so only what Graph still has is due
    // (a renewal that fails ends in an error message the command waits on).
    for (const a of services.accounts.list()) await services.store.refresh(a.id);
    const sub = await create('me/mailFolders/junkemail/messages', 50);
    assert.equal((await nodeOf(sub.id))!.state, 'expiringSoon');
    // Every identity's expiring subscriptions are renewed, other suites' too: one that fails ends in
    // an error message the command waits on. Answered at once here, so such a failure is reported
    // with its message instead of holding the test until it times out.
    const stub = new WindowStub(() => undefined);
    let result: { renewed: number; failed: number } | undefined;
    try {
      result = await vscode.commands.executeCommand(CommandId.renewAllExpiring);
    } finally {
      stub.restore();
    }
    assert.deepEqual(stub.find('error').map((c) => c.message), [], 'no renewal failed');
    assert.ok(result && result.renewed >= 1);
    assert.equal(result.failed, 0);
    const node = await nodeOf(sub.id);
    assert.equal(node!.state, 'healthy');
    assert.match(node!.description, /in 6 d 23 h/);
    await sandbox.client.delete(sub.id);
  });

  test('Copy Id puts the id on the clipboard; Simulate Change makes the sandbox notify the endpoint', async () => {
    const sub = await create('me/mailFolders/outbox/messages', 120);
    await vscode.commands.executeCommand(CommandId.copySubscriptionId, { accountId: sandbox.id, subscriptionId: sub.id });
    assert.equal(await vscode.env.clipboard.readText(), sub.id);
    const before = endpoint.received.length;
    assert.equal(await vscode.commands.executeCommand(CommandId.simulateChange, { accountId: sandbox.id, subscriptionId: sub.id }, { changeType: 'created', count: 2 }), true);
    for (let i = 0; i < 100 && endpoint.received.length < before + 2; i++) await new Promise((r) => setTimeout(r, 50));
    const mine = endpoint.received.slice(before).filter((n) => n.subscriptionId === sub.id);
    assert.equal(mine.length, 2);
    assert.ok(mine.every((n) => n.changeType === 'created'));
    await sandbox.client.delete(sub.id);
  });

  test('reauthorize succeeds and holds back a renewal of the same subscription for 10 minutes', async () => {
    const sub = await create('me/mailFolders/outbox/messages', 120);
    const ok = await vscode.commands.executeCommand(CommandId.reauthorizeSubscription, { accountId: sandbox.id, subscriptionId: sub.id });
    assert.equal(ok, true);
    assert.equal(tree.recentActions.conflict(sub.id, 'renew')?.action, 'reauthorize');
  });

  test('delete with the confirmation skipped programmatically removes it from Graph and from the tree', async () => {
    const sub = await create('me/mailFolders/inbox/messages', 120);
    assert.ok(await nodeOf(sub.id));
    const ok = await vscode.commands.executeCommand(CommandId.deleteSubscription, { accountId: sandbox.id, subscriptionId: sub.id }, { confirm: false });
    assert.equal(ok, true);
    assert.equal(await nodeOf(sub.id), undefined);
    const gone = await captureError(() => sandbox.client.get(sub.id));
    assert.ok(isGraphRequestError(gone) && gone.status === 404);
  });

  test('404: the message says it is gone and "Recreate" posts the last known definition again', async () => {
    const sub = await create('me/mailFolders/sentitems/messages', 120);
    await sandbox.client.delete(sub.id);
    const error = await captureError(() => sandbox.client.update(sub.id, { expirationDateTime: inMinutes(300) }));
    const described = describeGraphError(error, { operation: 'renew', subscription: sub, account: { id: sandbox.id, label: sandbox.label, kind: sandbox.kind, isSandbox: true } });
    assert.match(described.message, /no longer exists/);
    const step = described.nextSteps.find((s) => s.title === 'Recreate');
    assert.ok(step, 'offers Recreate');
    const recreated = (await vscode.commands.executeCommand(step.command, ...(step.args ?? []))) as Subscription;
    assert.ok(recreated && recreated.id !== sub.id);
    assert.equal(recreated.resource, sub.resource);
    assert.ok(await nodeOf(recreated.id), 'the recreated subscription is in the tree');
  });

  test('409: the duplicate message offers to open the existing subscription, which reveals it', async () => {
    const sub = await create('me/mailFolders/drafts/messages', 120);
    const error = await captureError(() => sandbox.client.create(draft('me/mailFolders/drafts/messages')));
    assert.ok(isGraphRequestError(error) && error.status === 409, String(error));
    const described = describeGraphError(error, { operation: 'create', subscription: draft('me/mailFolders/drafts/messages'), account: { id: sandbox.id, label: sandbox.label, kind: sandbox.kind, isSandbox: true } });
    assert.match(described.message, /already exists/);
    const step = described.nextSteps.find((s) => s.title === 'Open Existing Subscription')!;
    const shown = (await vscode.commands.executeCommand(step.command, ...(step.args ?? []))) as Subscription;
    assert.equal(shown.id, sub.id);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('400 validation failure names the URL and offers the handshake self-test', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const bad = { ...draft('me/events'), resource: 'me/mailFolders/deleteditems/messages', notificationUrl: `http://127.0.0.1:${port}/nobody`, lifecycleNotificationUrl: null };
    const error = await captureError(() => sandbox.client.create(bad));
    assert.ok(isGraphRequestError(error) && error.status === 400, String(error));
    const described = describeGraphError(error, { operation: 'create', subscription: bad });
    assert.match(described.message, new RegExp(`127\\.0\\.0\\.1:${port}/nobody`));
    assert.equal(described.nextSteps[0].command, CommandId.handshakeSelfTest);
  });

  test('403 names the least-privileged permission and what the token has; 401 and sign-in failures offer Sign In', async () => {
    const emulator = api.sandboxEmulatorForTests()!;
    const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['User.Read'] });
    const weak = new GraphSubscriptionsClient({ graphBaseUrl: emulator.graphBaseUrl, getAccessToken: async () => token });
    const sub = draft('me/mailFolders/junkemail/messages');
    const error = await captureError(() => weak.create(sub));
    assert.ok(isGraphRequestError(error) && error.status === 403, String(error));
    const described = describeGraphError(error, { operation: 'create', subscription: sub, account: { id: 'x', label: 'Weak', kind: 'delegatedWork' }, grantedPermissions: ['User.Read'] });
    assert.match(described.message, /needs Mail\.ReadBasic/);
    assert.match(described.message, /token has: User\.Read/);

    const anonymous = new GraphSubscriptionsClient({ graphBaseUrl: emulator.graphBaseUrl, getAccessToken: async () => 'not-a-token' });
    const unauthorized = await captureError(() => anonymous.listAll());
    assert.ok(isGraphRequestError(unauthorized) && unauthorized.status === 401);
    assert.equal(describeGraphError(unauthorized, { operation: 'list' }).nextSteps[0].title, 'Sign In');
    assert.equal(describeGraphError(new SignInRequiredError('expired', 'msal:x'), { operation: 'list' }).nextSteps[0].title, 'Sign In');
  });

  test('network failure offers Retry and Open Settings; the tree shows a failed load as an error row', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const offline = new GraphSubscriptionsClient({ graphBaseUrl: `http://127.0.0.1:${port}/v1.0`, getAccessToken: async () => 't' });
    const error = await captureError(() => offline.listAll());
    const described = describeGraphError(error, { operation: 'list' });
    assert.deepEqual(described.nextSteps.map((s) => s.title), ['Retry', 'Open Settings']);

    // Graph keeps answering 503 (more often than the client retries): the account shows an error row.
    const emulator = api.sandboxEmulatorForTests()!;
    emulator.injectFault({ status: 503, retryAfterSeconds: 0, method: 'GET', count: 4 });
    await services.store.refresh(sandbox.id);
    const rows = await childrenOfSandbox();
    const errorRow = rows.find((n) => n.type === 'message' && n.contextValue === 'error');
    assert.ok(errorRow, 'an error row instead of a popup');
    assert.match(errorRow.label, /Microsoft Graph is unavailable \(HTTP 503\)/);
    assert.doesNotMatch(errorRow.label, /wait 0 s/);
    assert.equal(tree.provider.getTreeItem(errorRow).command?.command, CommandId.refresh, 'clicking it retries');
    await services.store.refresh(sandbox.id);
    assert.ok((await childrenOfSandbox()).every((n) => n.contextValue !== 'error'), 'a later refresh clears it');
  });

  test('429 with Retry-After is retried transparently', async () => {
    const emulator = api.sandboxEmulatorForTests()!;
    emulator.injectFault({ status: 429, retryAfterSeconds: 0.01, method: 'GET', count: 1 });
    const listed = services.store.subscriptions(sandbox.id)?.length;
    await services.store.refresh(sandbox.id);
    assert.equal(services.store.loadError(sandbox.id), undefined);
    assert.equal(services.store.subscriptions(sandbox.id)?.length, listed);
  });

  test('auto-renew renews a short-lived subscription before it expires (test clock)', async () => {
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.autoRenewEnabled, true, vscode.ConfigurationTarget.Global);
    const sub = await create('me/mailFolders/archive/messages', 10); // raised to 45 minutes by Graph's minimum
    await services.store.refresh(sandbox.id);
    const entry = tree.autoRenew.schedule().find((e) => e.subscriptionId === sub.id);
    assert.ok(entry, 'scheduled');
    const expiresBefore = Date.parse((await sandbox.client.get(sub.id)).expirationDateTime);
    // 20 minutes later it is within the default 30-minute lead.
    tree.clock.setOffsetForTests(20 * 60_000);
    await tree.runAutoRenew();
    const after = Date.parse((await sandbox.client.get(sub.id)).expirationDateTime);
    assert.ok(after > expiresBefore + 24 * 3_600_000, `renewed to the maximum (was ${new Date(expiresBefore).toISOString()}, now ${new Date(after).toISOString()})`);
    assert.equal(tree.recentActions.conflict(sub.id, 'reauthorize')?.action, 'renew', 'a reauthorize is now held back for 10 minutes');
    // The schedule is saved when the store reports the renewed subscription, after runAutoRenew
    // resolves: wait for it rather than reading globalState at once (a race seen on a quiet machine).
    await eventually('the new schedule is persisted for the next window', () => {
      const persisted = services.context.globalState.get<{ subscriptionId: string; dueAt: number }[]>('graphSubscriptions.autoRenew.schedule') ?? [];
      return persisted.some((e) => e.subscriptionId === sub.id && e.dueAt > after - 24 * 3_600_000 * 30);
    });
    tree.clock.setOffsetForTests(0);
  });
});
