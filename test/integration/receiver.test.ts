// Inside VS Code: the sandbox-style emulator delivers to the extension's receiver; the
// "Graph Notifications" output shows the notification with its checks, and the history (global
// storage) still holds it when read back by a fresh reader, as after a window reload.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';
import type { ReceiverEndpoints, ReceiverService } from '../../src/services';
import { startEmulator, type Emulator } from '../../src/emulator';
import { activateExtension, eventually } from './helpers';


suite('Receiver', () => {
  let receiver: ReceiverService;
  let api: ExtensionApi;
  let emulator: Emulator | undefined;

  suiteSetup(async () => {
    const activated = await activateExtension();
    assert.ok(activated, 'extension activated');
    api = activated;
    receiver = api.services.receiver;
  });

  suiteTeardown(async () => {
    await emulator?.close();
    await vscode.commands.executeCommand(CommandId.stopReceiver);
  });

  test('emulator → receiver → Graph Notifications output with checks → history after a reload', async () => {
    const endpoints = (await vscode.commands.executeCommand<ReceiverEndpoints>(CommandId.startReceiver))!;
    assert.match(endpoints.localNotificationUrl, /^http:\/\/127\.0\.0\.1:\d+\/notifications$/);

    emulator = await startEmulator({ port: 0 });
    const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] });
    const clientState = `integration-${Date.now()}`;
    const res = await fetch(`${emulator.graphBaseUrl}/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        changeType: 'created',
        notificationUrl: endpoints.localNotificationUrl,
        resource: 'me/messages',
        expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(),
        clientState,
      }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const subscription = (await res.json()) as { id: string };
    await receiver.rememberClientState(subscription.id, clientState);

    await emulator.simulateChange(subscription.id, { changeType: 'created' });

    const line = await eventually('the notification in the output', () =>
      receiver.recentOutput().find((l) => l.includes(`sub ${subscription.id}`) && l.includes('created')),
    );
    assert.match(line, /clientState ✓/);
    assert.match(line, /tokens/);
    assert.ok(!receiver.recentOutput().some((l) => l.includes(clientState)), 'the clientState value is never printed');
    assert.ok(receiver.recentOutput().some((l) => /handshake \/notifications/.test(l)), 'the validation handshake is shown');

    // A fresh reader over the same global-storage file: what a window reload would see.
    const reopened = receiver.openHistory();
    const entry = await eventually('the entry with its verdicts in the history', async () => {
      const entries = await reopened.read(20);
      return entries.find((e) => JSON.stringify(e.body).includes(subscription.id) && e.processed);
    });
    assert.equal(entry.kind, 'change');
    assert.equal(entry.processed?.items[0].checks.clientState.status, 'pass');
    await reopened.close();
  });

  test('a receiver running at a window reload resumes on the same port; a user stop does not resume', async () => {
    const first = (await vscode.commands.executeCommand<ReceiverEndpoints>(CommandId.startReceiver))!;
    const port = new URL(first.localNotificationUrl).port;
    // What disposal does when the window reloads: close without forgetting. (A second service
    // instance would share the live one's output channel by name, so the resume path is run on
    // the live one: it reads the same workspace state a reloaded window reads.)
    await receiver.stop(false);
    assert.equal(receiver.isRunning(), false);
    assert.ok(receiver.shouldResume(), 'the reloaded window knows the receiver was running');
    const resumed = await receiver.ensureStarted();
    assert.equal(new URL(resumed.localNotificationUrl).port, port, 'same port, so existing notificationUrls still work');
    await vscode.commands.executeCommand(CommandId.stopReceiver);
    assert.equal(receiver.shouldResume(), false, 'Stop Receiver is remembered: no resume after the next reload');
  });
});
