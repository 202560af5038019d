// Issue 16, the watchdog, inside VS Code through the ExtensionApi: a Sandbox subscription that
// stops receiving turns silent in the tree and the status bar once its expected activity passes
// (the test clock moves, nothing waits 15 minutes) and comes back when a notification arrives; a
// tunnel URL that changed while the user declined re-pointing shows "not served" with Re-point as
// its next step; an unanswered reauthorizationRequired waits until a reauthorize answers it.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandId, CONFIG_SECTION, ConfigKey } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';
import type { Subscription } from '../../src/graph/types';
import type { Account, ReceiverEndpoints } from '../../src/services';
import type { SubscriptionNodeData } from '../../src/tree/treeModel';
import { activateExtension, eventually } from './helpers';
import { WindowStub } from './windowStub';
import { WatchdogServiceImpl } from '../../src/watchdog/watchdogService';

const MINUTE = 60_000;

suite('Watchdog', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let sandbox: Account;
  let endpoints: ReceiverEndpoints;
  let stub: WindowStub | undefined;
  const config = () => vscode.workspace.getConfiguration(CONFIG_SECTION);

  suiteSetup(async () => {
    api = await activateExtension();
    sandbox = await api.services.accounts.ensureSandbox();
    for (const s of await sandbox.client.listAll()) await sandbox.client.delete(s.id);
    await api.services.store.refresh(sandbox.id);
    endpoints = (await vscode.commands.executeCommand<ReceiverEndpoints>(CommandId.startReceiver))!;
  });

  teardown(async () => {
    stub?.restore();
    stub = undefined;
    api.tree.clock.setOffsetForTests(0);
  });

  suiteTeardown(async () => {
    const { receiver } = api.services;
    receiver.ngrokModuleId = '@ngrok/ngrok';
    await receiver.stopTunnel(false);
    await receiver.applyingTunnelSettings(() => config().update(ConfigKey.tunnelMode, undefined, vscode.ConfigurationTarget.Global));
    for (const s of await sandbox.client.listAll()) await sandbox.client.delete(s.id).catch(() => undefined);
    await api.services.store.refresh(sandbox.id);
    await vscode.commands.executeCommand(CommandId.stopReceiver);
  });

  async function create(resource: string, notificationUrl: string, extra: Partial<Subscription> = {}): Promise<Subscription> {
    const sub = await sandbox.client.create({ resource, changeType: 'created', notificationUrl, expirationDateTime: new Date(api.tree.clock.nowMs() + 3 * 60 * MINUTE).toISOString(), ...extra });
    await api.services.store.refresh(sandbox.id);
    return sub;
  }

  /** The tree's row for a subscription, as VS Code renders it. */
  async function row(subscriptionId: string): Promise<vscode.TreeItem | undefined> {
    const provider = api.tree.provider;
    const root = (await provider.getChildren()).find((n) => n.accountId === sandbox.id);
    const node = (await provider.getChildren(root)).find((n): n is SubscriptionNodeData => n.type === 'subscription' && n.subscriptionId === subscriptionId);
    return node && provider.getTreeItem(node);
  }

  test('a Sandbox subscription that stops receiving turns silent in the tree and the status bar within its threshold, and comes back when a notification arrives', async () => {
    const { watchdog } = api.services;
    const sub = await create('me/messages', endpoints.localNotificationUrl);
    assert.equal(await vscode.commands.executeCommand(CommandId.setExpectedActivity, { accountId: sandbox.id, subscriptionId: sub.id }, 15), 15);
    assert.equal(watchdog.expectation(sub.id)?.minutes, 15);

    const sent = await api.services.accounts.sandboxEmulator()!.simulateChange(sub.id, { changeType: 'created' });
    assert.equal(sent.delivered, 1);
    await eventually('the arrival to be seen', () => /^Last notification/.test(watchdog.verdict(sandbox.id, sub.id)?.activityLine ?? ''));
    assert.equal(watchdog.verdict(sandbox.id, sub.id)?.state, 'ok');
    assert.ok(!watchdog.attention().some((i) => i.subscriptionId === sub.id));

    // 14 minutes later: still within "at least one every 15 minutes".
    api.tree.clock.setOffsetForTests(14 * MINUTE);
    watchdog.refresh();
    assert.equal(watchdog.verdict(sandbox.id, sub.id)?.state, 'ok', 'not silent before its threshold');

    // 20 minutes later, with no refresh from the test: the watchdog's own timer notices.
    api.tree.clock.setOffsetForTests(20 * MINUTE);
    await eventually('the subscription to turn silent', () => watchdog.verdict(sandbox.id, sub.id)?.state === 'silent', 200);
    const item = (await row(sub.id))!;
    assert.match(String(item.description), /^silent 20 min · in 2 h/, 'the problem leads the description, before the countdown');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'mute');
    assert.match(item.accessibilityInformation?.label ?? '', /watchdog: Silent/);
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /\*\*Watchdog: Silent\*\*/);
    assert.match(tooltip, /No notification for 20 minutes/);
    assert.match(watchdog.verdict(sandbox.id, sub.id)!.problems[0].detail, /No notification for 20 minutes \(expected at least one every 15 minutes\)/);
    assert.match(tooltip, /\(command:graphSubscriptions\.handshakeSelfTest\?/, 'the next step is a link in the tooltip');
    const bar = watchdog.statusBarState();
    assert.equal(bar.shown, true);
    assert.match(bar.text, /\$\(warning\) \d+ subscriptions? needs? attention/);
    assert.match(bar.tooltip, /me\/messages \(Sandbox[^)]*\): silent 20 min/);
    assert.equal(bar.command, CommandId.showWatchdog);

    // The status bar's click lists it with its next step.
    stub = new WindowStub(() => undefined);
    await vscode.commands.executeCommand(CommandId.showWatchdog);
    const pick = stub.find('quickPick')[0];
    assert.ok(pick?.items.some((i) => /me\/messages — silent 20 min/.test(i)), `listed: ${pick?.items.join(' | ')}`);
    stub.restore();
    stub = undefined;

    // A notification arrives: back to normal, in the tree and the status bar.
    await api.services.accounts.sandboxEmulator()!.simulateChange(sub.id, { changeType: 'created' });
    await eventually('the subscription to be back', () => watchdog.verdict(sandbox.id, sub.id)?.state === 'ok');
    assert.doesNotMatch(String((await row(sub.id))!.description), /silent/);
    assert.ok(!watchdog.attention().some((i) => i.subscriptionId === sub.id));
    assert.doesNotMatch(watchdog.statusBarState().tooltip, /me\/messages \(Sandbox[^)]*\): silent/);
  });

  test('the expected activity survives a reload: a new watchdog over the same extension state has it', async () => {
    const sub = await create('users', endpoints.localNotificationUrl, { changeType: 'updated' });
    await vscode.commands.executeCommand(CommandId.setExpectedActivity, { accountId: sandbox.id, subscriptionId: sub.id }, 42);
    const { services } = api;
    // What a window reload builds: a fresh service reading the same globalState.
    const reloaded = new WatchdogServiceImpl(services.context, services.log.child('watchdog-reload'), { clock: api.tree.clock, accounts: services.accounts, store: services.store, receiver: services.receiver, actions: services.actions });
    try {
      assert.equal(reloaded.expectation(sub.id)?.minutes, 42);
      reloaded.refresh();
      assert.match(reloaded.verdict(sandbox.id, sub.id)?.activityLine ?? '', /expected at least every 42 minutes/);
    } finally {
      reloaded.dispose();
    }
    // Clearing it (0) is kept too.
    await vscode.commands.executeCommand(CommandId.setExpectedActivity, { accountId: sandbox.id, subscriptionId: sub.id }, 0);
    assert.equal(services.watchdog.expectation(sub.id), undefined);
  });

  test('a changed tunnel URL with re-pointing declined shows "not served"; Re-point fixes it', async () => {
    const { receiver, watchdog } = api.services;
    stub = new WindowStub(() => undefined); // declines every offer, "Update Subscriptions" included
    receiver.ngrokModuleId = path.join(__dirname, '..', 'fixtures', 'fakeNgrok.js');
    await receiver.setNgrokAuthtoken('2TESTtoken_for_watchdog');
    await receiver.applyingTunnelSettings(() => config().update(ConfigKey.tunnelMode, 'ngrok', vscode.ConfigurationTarget.Global));
    const first = (await vscode.commands.executeCommand<string>(CommandId.startTunnel))!;
    const sub = await create('me/events', `${first}/notifications`);
    await eventually('the subscription to be served', () => watchdog.verdict(sandbox.id, sub.id)?.state === 'ok');
    const offersBefore = stub.calls.filter((c) => c.items.includes('Update Subscriptions')).length;

    // The tunnel comes back with another public URL (as a free ngrok URL does); the offer is declined.
    await vscode.commands.executeCommand(CommandId.stopTunnel);
    const second = (await vscode.commands.executeCommand<string>(CommandId.startTunnel))!;
    assert.notEqual(second, first);
    await eventually('the re-point offer', () => stub!.calls.filter((c) => c.items.includes('Update Subscriptions')).length > offersBefore);

    const verdict = await eventually('the "not served" state', () => {
      const v = watchdog.verdict(sandbox.id, sub.id);
      return v?.state === 'notServed' ? v : undefined;
    });
    assert.equal(verdict.problems[0].nextStep.command, CommandId.repointSubscription);
    assert.match(verdict.problems[0].detail, new RegExp(`points at ${first.replace(/[.:/]/g, '\\$&')}, which this receiver no longer serves`));
    const item = (await row(sub.id))!;
    assert.match(String(item.description), /URL not served/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'debug-disconnect');
    assert.match(String(item.contextValue), /:watch-notServed/, 'the row offers Re-point in its menu');
    const bar = watchdog.statusBarState();
    assert.equal(bar.shown, true);
    assert.match(bar.text, /^\$\(error\)/, 'not served is an error');
    assert.match(bar.tooltip, /me\/events .*URL not served/);

    // One click: the subscription points at the tunnel's URL now, and the state clears.
    const moved = await vscode.commands.executeCommand<string>(CommandId.repointSubscription, { accountId: sandbox.id, subscriptionId: sub.id });
    assert.equal(moved, `${second}/notifications`);
    assert.equal((await sandbox.client.get(sub.id)).notificationUrl, `${second}/notifications`);
    await eventually('the state to clear', () => watchdog.verdict(sandbox.id, sub.id)?.state === 'ok');
  });

  test('a Sandbox subscription whose endpoint answers 500 shows "deliveries failing" (from the delivery log) with Check Receiver', async () => {
    const { watchdog } = api.services;
    // Answers Graph's handshake, then refuses every notification.
    const server = http.createServer((req, res) => {
      const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
      if (token !== null) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(token);
      } else {
        req.resume();
        res.writeHead(500);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const sub = await create('me/events', `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, { changeType: 'updated' });
      const sent = await api.services.accounts.sandboxEmulator()!.simulateChange(sub.id, { changeType: 'updated' });
      assert.equal(sent.dropped, 1, 'the Sandbox gave up after its retries');
      watchdog.refresh();
      const verdict = watchdog.verdict(sandbox.id, sub.id)!;
      assert.equal(verdict.state, 'failing', JSON.stringify(verdict.problems));
      assert.match(verdict.problems[0].detail, /last delivery to its notificationUrl failed \(HTTP 500\)\. 1 notification was dropped in the last 10 minutes; Graph does not resend them/);
      assert.equal(verdict.problems[0].nextStep.command, CommandId.checkReceiver);
      assert.match(String((await row(sub.id))!.description), /^deliveries failing · /);
      assert.match(watchdog.statusBarState().tooltip, /me\/events \(Sandbox[^)]*\): deliveries failing/);
      await sandbox.client.delete(sub.id);
      await api.services.store.refresh(sandbox.id);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('an unanswered reauthorizationRequired shows until a reauthorize answers it', async () => {
    const { watchdog } = api.services;
    stub = new WindowStub(() => undefined); // the lifecycle prompt is left unanswered
    const sub = await create('me/contacts', endpoints.localNotificationUrl, { lifecycleNotificationUrl: endpoints.localLifecycleUrl });
    assert.equal(await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, { accountId: sandbox.id, subscriptionId: sub.id }, 'reauthorizationRequired'), true);
    const verdict = await eventually('the lifecycle state', () => {
      const v = watchdog.verdict(sandbox.id, sub.id);
      return v?.state === 'lifecycle' ? v : undefined;
    });
    assert.match(verdict.problems[0].short, /reauthorization required/);
    assert.equal(verdict.problems[0].nextStep.command, CommandId.reauthorizeSubscription);
    assert.match(String((await row(sub.id))!.contextValue), /:watch-lifecycle/);
    await vscode.commands.executeCommand(verdict.problems[0].nextStep.command, ...(verdict.problems[0].nextStep.args ?? []));
    await eventually('the event to be answered', () => watchdog.verdict(sandbox.id, sub.id)?.state === 'ok');
  });
});
