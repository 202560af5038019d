// Inside VS Code: Sandbox subscriptions delivered through Event Hubs (read by the Event Hubs source
// with the real @azure/event-hubs client) and through Event Grid (CloudEvents to the receiver) show
// in the "Graph Notifications" output with their checks; the tree names each channel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';
import type { Account, ReceiverEndpoints } from '../../src/services';
import { activateExtension, eventually } from './helpers';

const HUB = 'graph-events-it';
const EVENT_HUB_URL = `EventHub:https://sandbox-ns.servicebus.windows.net/eventhubname/${HUB}?tenantId=sandbox.onmicrosoft.com`;
const EVENT_GRID_URL = 'EventGrid:?azuresubscriptionid=8a3c2f4e-0000-4c1b-9f1d-1e2d3c4b5a69&resourcegroup=rg-graph&partnertopic=graph-users&location=westeurope';

suite('Event Hubs and Event Grid', () => {
  let api: ExtensionApi;
  let sandbox: Account;

  suiteSetup(async () => {
    const activated = await activateExtension();
    assert.ok(activated, 'extension activated');
    api = activated;
    sandbox = await api.services.accounts.ensureSandbox();
    await vscode.commands.executeCommand<ReceiverEndpoints>(CommandId.startReceiver);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(CommandId.stopEventHubs);
    await vscode.commands.executeCommand(CommandId.stopReceiver);
  });

  async function create(notificationUrl: string, resource: string, changeType: string) {
    const clientState = `eh-it-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    // Suites share one Sandbox: a subscription an earlier suite left on the same resource and
    // changeType would make Graph (and the Sandbox) answer 409 Conflict.
    for (const left of await sandbox.client.listAll()) {
      if (left.resource === resource && left.changeType === changeType) await sandbox.client.delete(left.id);
    }
    const sub = await sandbox.client.create({
      changeType, notificationUrl, resource, clientState, expirationDateTime: new Date(Date.now() + 50 * 60_000).toISOString(),
    });
    await api.services.receiver.rememberClientState(sub.id, clientState);
    api.services.store.upsert(sandbox.id, sub);
    return { sub, clientState };
  }

  /** On failure, what the output showed (the extension's view of what arrived). */
  async function explained<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- Graph Notifications output:\n${api.services.receiver.recentOutput().slice(-30).join('\n')}`);
    }
  }

  test('Event Hubs: the source reads the validation event, then the notification with clientState ✓ and no tokens expected', async function () {
    this.timeout(90_000);
    await explained(async () => {
    const { sub, clientState } = await create(EVENT_HUB_URL, 'me/contacts', 'created');
    const label = await vscode.commands.executeCommand<string>(CommandId.readEventHubs, { source: 'sandbox', eventHubName: HUB, consumerGroup: '$Default', startPosition: 'earliest' });
    assert.match(label ?? '', new RegExp(`127\\.0\\.0\\.1:\\d+/${HUB} \\(\\$Default\\)`));
    await api.sandboxEmulatorForTests()!.simulateChange(sub.id, { changeType: 'created' });
    const out = api.services.receiver;
    await eventually('the validation event in the output', () => out.recentOutput().find((l) => l.includes('[Event Hubs] validation event')));
    const line = await eventually('the notification in the output', () => out.recentOutput().find((l) => l.includes('[Event Hubs]') && l.includes(`sub ${sub.id}`)));
    assert.match(line, /\[Event Hubs\] ✓ created/);
    assert.match(line, /clientState ✓/);
    assert.match(line, /tokens – \(none on Event Hubs\)/);
    assert.ok(!out.recentOutput().some((l) => l.includes(clientState)), 'the clientState value is never printed');
    const history = await out.readHistory(50);
    assert.ok(history.some((e) => e.path.startsWith('eventhubs://') && JSON.stringify(e.body).includes(sub.id)), 'in the same history as webhook deliveries');
    });
  });

  test('Event Grid: the receiver answers the handshake and shows the unwrapped notification with its checks', async function () {
    this.timeout(60_000);
    await explained(async () => {
    const { sub } = await create(EVENT_GRID_URL, 'groups', 'deleted');
    await api.sandboxEmulatorForTests()!.simulateChange(sub.id, { changeType: 'deleted' });
    const out = api.services.receiver;
    const line = await eventually('the Event Grid notification in the output', () => out.recentOutput().find((l) => l.includes('[Event Grid]') && l.includes(`sub ${sub.id}`)));
    assert.match(line, /\[Event Grid\] ✓ deleted/);
    assert.match(line, /clientState ✓/);
    assert.ok(out.recentOutput().some((l) => /Event Grid handshake/.test(l)), 'the abuse-protection handshake is shown');
    });
  });

  test('the tree names the delivery channel of each subscription', async () => {
    const { sub } = await create(EVENT_HUB_URL.replace(HUB, `${HUB}-tree`), 'me/events', 'updated');
    const provider = api.tree.provider;
    const rows = await eventually('the subscription row', async () => {
      const roots = await provider.getChildren();
      const account = roots?.find((r) => (r as { accountId?: string }).accountId === sandbox.id);
      const children = account ? await provider.getChildren(account) : undefined;
      return children?.find((c) => (c as { subscriptionId?: string }).subscriptionId === sub.id) ? children : undefined;
    });
    const row = rows.find((c) => (c as { subscriptionId?: string }).subscriptionId === sub.id)!;
    const item = await provider.getTreeItem(row);
    assert.match(String(item.description), /Event Hubs/);
  });
});
