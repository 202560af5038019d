// Issue 19, items 11, 12, 20 inside VS Code against the Sandbox: what the commands tell the user.
// The test and the extension share one `vscode` API object (same extension), so the prompts are
// recorded (and answered) by replacing `vscode.window.show*` for the duration of a test.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId, CONFIG_SECTION, ConfigKey } from '../../src/constants';
import type { Subscription } from '../../src/graph/types';
import { ownResource, sandboxSubscriptionFixture, startEchoEndpoint } from './helpers';

interface Prompt {
  kind: 'info' | 'warning' | 'error' | 'quickPick';
  message: string;
  items: string[];
}

/** Records every message and quick pick; answers with `answer` (a button or item label, or undefined). */
class Prompts {
  readonly calls: Prompt[] = [];
  private readonly saved = { ...vscode.window };
  constructor(private readonly answer: (p: Prompt) => string | undefined = () => undefined) {
    const w = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
    const label = (i: unknown) => (typeof i === 'string' ? i : ((i as { label?: string; title?: string }).label ?? (i as { title?: string }).title ?? String(i)));
    const message = (kind: Prompt['kind']) => (text: string, ...rest: unknown[]) => {
      if (rest[0] && typeof rest[0] === 'object' && !('title' in (rest[0] as object))) rest.shift();
      const p: Prompt = { kind, message: text, items: rest.map(label) };
      this.calls.push(p);
      const chosen = this.answer(p);
      return Promise.resolve(rest.find((r) => label(r) === chosen));
    };
    w.showInformationMessage = message('info') as typeof w.showInformationMessage;
    w.showWarningMessage = message('warning') as typeof w.showWarningMessage;
    w.showErrorMessage = message('error') as typeof w.showErrorMessage;
    w.showQuickPick = (async (items: unknown, options?: vscode.QuickPickOptions) => {
      const list = (await Promise.resolve(items)) as unknown[];
      const p: Prompt = { kind: 'quickPick', message: options?.title ?? '', items: list.map(label) };
      this.calls.push(p);
      const chosen = this.answer(p);
      return list.find((i) => label(i) === chosen);
    }) as typeof w.showQuickPick;
  }
  of(kind: Prompt['kind']): Prompt[] {
    return this.calls.filter((c) => c.kind === kind);
  }
  restore(): void {
    Object.assign(vscode.window, { showInformationMessage: this.saved.showInformationMessage, showWarningMessage: this.saved.showWarningMessage, showErrorMessage: this.saved.showErrorMessage, showQuickPick: this.saved.showQuickPick });
  }
}

/** A resource path as it stands in a message. */
const inText = (resource: string) => resource.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

suite('First hour: feedback and next steps (issue 19)', function () {
  this.timeout(60_000);
  const fx = sandboxSubscriptionFixture();
  let endpoint: Awaited<ReturnType<typeof startEchoEndpoint>>;
  let prompts: Prompts | undefined;

  /** Delivering to an endpoint of its own (not the receiver), so no receiver check gets in the way. */
  async function create(resource: string, lifecycle: boolean, changeType = 'created'): Promise<Subscription> {
    return fx.create({
      resource,
      changeType,
      notificationUrl: endpoint.url,
      ...(lifecycle ? { lifecycleNotificationUrl: endpoint.url } : {}),
      expirationDateTime: new Date(Date.now() + 50 * 60_000).toISOString(),
      clientState: 'first-hour-client-state',
    });
  }
  const target = (s: Subscription) => fx.target(s);

  suiteSetup(async () => {
    endpoint = await startEchoEndpoint();
  });
  teardown(() => {
    prompts?.restore();
    prompts = undefined;
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.receiverForwardUrl, undefined, vscode.ConfigurationTarget.Global);
    await endpoint?.close();
  });

  test('item 11: Simulate Change says what the Sandbox sent and where', async () => {
    const sub = await create(ownResource.messages('simulate'), false);
    prompts = new Prompts();
    assert.equal(await vscode.commands.executeCommand(CommandId.simulateChange, target(sub), { changeType: 'created', count: 1 }), true);
    const info = prompts.of('info');
    assert.equal(info.length, 1, JSON.stringify(prompts.calls));
    assert.match(info[0].message, new RegExp(`The Sandbox sent a "created" notification for ${inText(sub.resource)} to http://127\\.0\\.0\\.1:\\d+/notifications`));
    assert.deepEqual(info[0].items, ['Simulate Again']);
    assert.deepEqual(prompts.of('error'), []);
  });

  test('item 11: Simulate Lifecycle Event without a lifecycle URL says so first (no event pick), as a warning with "Recreate with Lifecycle URL"', async () => {
    const sub = await create(ownResource.events(), false);
    prompts = new Prompts();
    await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, target(sub));
    assert.deepEqual(prompts.of('quickPick'), [], 'not asked for the event first');
    assert.deepEqual(prompts.of('error'), []);
    const [warning] = prompts.of('warning');
    assert.ok(warning, JSON.stringify(prompts.calls));
    assert.match(warning.message, /has no lifecycleNotificationUrl/);
    assert.deepEqual(warning.items, ['Recreate with Lifecycle URL']);
  });

  test('item 11: "Recreate with Lifecycle URL" replaces the subscription by one with a lifecycle URL, keeping resource, change types and clientState', async () => {
    const sub = await create(ownResource.contacts('recreate'), false, 'created,updated');
    const { services, sandbox } = fx;
    prompts = new Prompts((p) => (p.kind === 'warning' && p.items.includes('Recreate') ? 'Recreate' : undefined));
    const created = await vscode.commands.executeCommand<Subscription>(CommandId.recreateSubscription, target(sub), { addLifecycleUrl: true });
    assert.ok(created, JSON.stringify(prompts.calls));
    assert.notEqual(created.id, sub.id);
    assert.equal(created.resource, sub.resource);
    assert.equal(created.changeType, 'created,updated');
    assert.match(created.lifecycleNotificationUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\//);
    const listed = await sandbox.client.listAll();
    assert.ok(!listed.some((s) => s.id === sub.id), 'the old subscription is gone from Graph');
    assert.ok(services.store.subscriptions(sandbox.id)?.some((s) => s.id === created.id));
    assert.ok(!services.store.subscriptions(sandbox.id)?.some((s) => s.id === sub.id), 'the old row left the tree');
    assert.equal(await services.receiver.clientStates.get(created.id), 'first-hour-client-state');
    assert.match(prompts.of('info')[0]?.message ?? '', new RegExp(`Recreated the subscription to ${inText(sub.resource)} with a lifecycle URL \\(new id [0-9a-f]{8}…\\)`));
    // Now the lifecycle event is offered (only those the resource gets) and sent.
    prompts.restore();
    prompts = new Prompts((p) => (p.kind === 'quickPick' ? p.items[0] : undefined));
    assert.equal(await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, target(created)), true);
    assert.deepEqual(prompts.of('quickPick')[0]?.items, ['reauthorizationRequired', 'subscriptionRemoved', 'missed']);
  });

  test('item 12: Replay without a forward URL says so before asking which notification', async () => {
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ConfigKey.receiverForwardUrl, undefined, vscode.ConfigurationTarget.Global);
    prompts = new Prompts();
    await vscode.commands.executeCommand(CommandId.replayNotification);
    assert.deepEqual(prompts.of('quickPick'), []);
    const [warning] = prompts.of('warning');
    assert.ok(warning, JSON.stringify(prompts.calls));
    assert.match(warning.message, /forwardUrl/);
    assert.deepEqual(warning.items, ['Set Forward URL']);
  });

  test('item 20: Renew to Maximum and Delete say that they worked, in friendly times; the 10-minute rule is a warning', async () => {
    const sub = await create(ownResource.messages('renew'), true);
    prompts = new Prompts((p) => (p.items.includes('Delete') ? 'Delete' : undefined));
    await vscode.commands.executeCommand(CommandId.renewToMax, target(sub));
    const renewed = prompts.of('info')[0]?.message ?? '';
    assert.match(renewed, new RegExp(`^Renewed ${inText(sub.resource)} to its maximum: it now expires in \\d+ days?`));
    assert.doesNotMatch(renewed, ISO);
    // A reauthorize right after a renewal: Graph's 10-minute rule, an expected condition.
    await vscode.commands.executeCommand(CommandId.reauthorizeSubscription, target(sub));
    assert.deepEqual(prompts.of('error'), [], 'not a red error');
    assert.match(prompts.of('warning')[0]?.message ?? '', /10 minutes between a renewal and a reauthorize: try again after .* \(in \d+ minutes?\)/);
    await vscode.commands.executeCommand(CommandId.deleteSubscription, target(sub));
    const confirm = prompts.of('warning')[1];
    assert.equal(confirm?.message, `Delete the subscription to ${sub.resource}?`);
    assert.equal(prompts.of('info')[1]?.message, `Deleted the subscription to ${sub.resource} (Sandbox).`);
  });
});
