// Inside VS Code: Event Hubs sources survive a window reload. What a reload does is simulated as in
// watchdog.test.ts: the running service is suspended (what its disposal at a reload does) and a
// fresh one is built over the same extension state (globalState, SecretStorage), then resumes.
// The reading user expects: the source comes back by itself with a line saying so, from where each
// partition stopped (what arrived meanwhile shown once, nothing shown twice); a source they stopped
// stays stopped; a source that cannot come back says so once, with Reconnect / Forget.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import { EventHubsSourcesImpl } from '../../src/notifications/eventHubsSourceService';
import { STATE_EVENT_HUBS_SOURCES, type RememberedSource } from '../../src/notifications/eventHubsSourceRecords';
import { eventually, ownResource, sandboxSubscriptionFixture } from './helpers';
import { WindowStub } from './windowStub';

const HUB = 'graph-events-resume';
const url = (hub: string) => `EventHub:https://sandbox-ns.servicebus.windows.net/eventhubname/${hub}?tenantId=sandbox.onmicrosoft.com`;

suite('Event Hubs sources after a window reload', function () {
  this.timeout(120_000);
  const fx = sandboxSubscriptionFixture({ cleanup: 'test' });
  let stub: WindowStub | undefined;
  const reloaded: EventHubsSourcesImpl[] = [];

  teardown(async () => {
    stub?.restore();
    stub = undefined;
    for (const r of reloaded.splice(0)) {
      await r.stopAll();
      r.dispose();
    }
    await vscode.commands.executeCommand(CommandId.stopEventHubs);
  });

  const remembered = () => fx.services.context.globalState.get<RememberedSource[]>(STATE_EVENT_HUBS_SOURCES) ?? [];

  /** What a window reload builds: a fresh service over the same extension state. */
  function reload(): EventHubsSourcesImpl {
    const { services } = fx;
    const fresh = new EventHubsSourcesImpl(services.context, services.log.child('eventhubs-reload'), { accounts: services.accounts, receiver: services.receiver });
    reloaded.push(fresh);
    return fresh;
  }

  function subscription(hub: string, resource: string) {
    return fx.create({ changeType: 'updated', notificationUrl: url(hub), resource, clientState: `eh-resume-${Date.now()}-${Math.random().toString(36).slice(2)}` });
  }

  async function arrivals(subscriptionId: string): Promise<number> {
    const history = await fx.services.receiver.readHistory(500);
    return history.filter((e) => e.path.startsWith('eventhubs://') && JSON.stringify(e.body).includes(subscriptionId)).length;
  }

  test('a source that was reading resumes after the reload from where it stopped: what arrived meanwhile is shown once, nothing twice', async () => {
    const sub = await subscription(HUB, ownResource.contacts('eh-resume'));
    const emulator = fx.api.sandboxEmulatorForTests()!;
    await vscode.commands.executeCommand(CommandId.readEventHubs, { source: 'sandbox', eventHubName: HUB, consumerGroup: '$Default', startPosition: 'earliest' });
    await emulator.simulateChange(sub.id, { changeType: 'updated' });
    await eventually('the first notification in the history', async () => (await arrivals(sub.id)) === 1);
    await eventually('its position remembered', () => remembered().find((r) => r.eventHubName === HUB && Object.keys(r.positions).length > 0));

    // The window reloads: the source closes; Graph keeps delivering into the hub meanwhile.
    await fx.services.eventHubs.suspend();
    assert.deepEqual(fx.services.eventHubs.labels(), []);
    await emulator.simulateChange(sub.id, { changeType: 'updated' });
    await emulator.simulateChange(sub.id, { changeType: 'updated' });
    assert.equal(await arrivals(sub.id), 1, 'nothing is read while the window reloads');

    const fresh = reload();
    const resumed = await fresh.resumeRemembered();
    assert.equal(resumed.length, 1, `resumed: ${resumed.join(', ')}`);
    assert.match(resumed[0], new RegExp(`/${HUB} \\(\\$Default\\)`));
    const out = fx.services.receiver;
    await eventually('the resumed line in the output', () => out.recentOutput().find((l) => /Resumed reading Event Hubs .*graph-events-resume.* after the window reload, from where it stopped \(partition \d after #\d+/.test(l)));
    await eventually('both notifications delivered during the reload', async () => (await arrivals(sub.id)) === 3);
    // Give a re-read of the old events (validation event, first notification) time to show up.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(await arrivals(sub.id), 3, 'nothing is shown twice');
    const validations = out.recentOutput().filter((l) => l.includes('[Event Hubs] validation event') && l.includes(HUB)).length;
    assert.ok(validations <= 1, `the validation event is not shown again (${validations} lines)`);
  });

  test('a source the user stopped stays stopped after the reload', async () => {
    await subscription(`${HUB}-stopped`, ownResource.events());
    await vscode.commands.executeCommand(CommandId.readEventHubs, { source: 'sandbox', eventHubName: `${HUB}-stopped`, consumerGroup: '$Default', startPosition: 'latest' });
    assert.ok(remembered().some((r) => r.eventHubName === `${HUB}-stopped`), 'remembered while running');
    await vscode.commands.executeCommand(CommandId.stopEventHubs);
    assert.ok(!remembered().some((r) => r.eventHubName === `${HUB}-stopped`), 'forgotten once the user stopped it');
    const fresh = reload();
    assert.deepEqual(await fresh.resumeRemembered(), []);
    assert.deepEqual(fresh.labels(), []);
  });

  test('a remembered source whose connection string is gone warns once with Reconnect / Forget; Forget removes it', async () => {
    const hub = `${HUB}-secret`;
    const eh = fx.services.accounts.sandboxEmulator()!.channels!.eventHubs!;
    const connectionString = eh.connectionString();
    await vscode.commands.executeCommand(CommandId.readEventHubs, { source: 'connectionString', connectionString, eventHubName: hub, consumerGroup: '$Default', startPosition: 'latest' });
    const record = remembered().find((r) => r.eventHubName === hub);
    assert.ok(record, 'remembered while running');
    assert.equal(record.kind, 'connectionString');
    assert.ok(!JSON.stringify(remembered()).includes('SharedAccessKey'), 'the connection string is never in globalState');

    await fx.services.eventHubs.suspend();
    const namespace = /Endpoint=sb:\/\/([^/;]+)/i.exec(connectionString)![1];
    await fx.services.context.secrets.delete(`graphSubscriptions.eventHubs.connectionString.${namespace}/${hub}`);

    stub = new WindowStub((call) => (call.kind === 'warning' ? 'Forget' : undefined));
    const fresh = reload();
    assert.deepEqual(await fresh.resumeRemembered(), []);
    const warning = await eventually('the warning', () => stub!.calls.find((c) => c.kind === 'warning'));
    assert.match(warning.message, new RegExp(`reading event hub ${hub} .*could not resume: its connection string is no longer in VS Code's secret storage`));
    assert.deepEqual(warning.items, ['Reconnect', 'Forget']);
    assert.equal(stub.calls.filter((c) => c.kind === 'warning').length, 1, 'one warning');
    await eventually('the source forgotten', () => !remembered().some((r) => r.eventHubName === hub));
    assert.deepEqual(await reload().resumeRemembered(), [], 'not resumed (nor warned about) again');
    assert.equal(stub.calls.filter((c) => c.kind === 'warning').length, 1);
  });

  test('a remembered source whose hub cannot be reached warns once, soon, with Reconnect / Forget', async () => {
    const hub = `${HUB}-gone`;
    // A namespace nobody listens on (the Sandbox's endpoint form, a closed port).
    const namespace = '127.0.0.1:9';
    const connectionString = `Endpoint=sb://${namespace};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true`;
    await fx.services.context.secrets.store(`graphSubscriptions.eventHubs.connectionString.${namespace}/${hub}`, connectionString);
    const key = `${namespace}/${hub}/$default`;
    await fx.services.context.globalState.update(STATE_EVENT_HUBS_SOURCES, [...remembered(), {
      key, kind: 'connectionString', namespace, eventHubName: hub, consumerGroup: '$Default', startPosition: 'latest', startedAt: new Date().toISOString(), positions: { 0: 4 },
    } satisfies RememberedSource]);
    stub = new WindowStub(() => undefined); // dismissed: the source stays remembered
    const started = Date.now();
    assert.deepEqual(await reload().resumeRemembered(), []);
    const warning = await eventually('the warning', () => stub!.calls.find((c) => c.kind === 'warning'));
    assert.ok(Date.now() - started < 40_000, `warned after ${Date.now() - started} ms`);
    assert.match(warning.message, new RegExp(`reading event hub ${hub} \\(\\$Default on 127\\.0\\.0\\.1:9\\) before the window reloaded and could not resume: the hub could not be reached`));
    assert.deepEqual(warning.items, ['Reconnect', 'Forget']);
    assert.equal(stub.calls.filter((c) => c.kind === 'warning').length, 1);
    assert.ok(remembered().some((r) => r.key === key && r.positions[0] === 4), 'dismissed: still remembered, with its position');
    await fx.services.context.globalState.update(STATE_EVENT_HUBS_SOURCES, remembered().filter((r) => r.key !== key));
  });
});
