// Resync after a `missed` lifecycle event, inside VS Code against the Sandbox: notifications that
// could not be delivered (the receiver was down) are found again with the delta query
// (https://learn.microsoft.com/en-us/graph/delta-query-overview); the deltaLink is kept, so the
// next resync (the tree's command) lists only what changed after the first one.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import type { ReceiverEndpoints, ResyncReport } from '../../src/services';
import { eventually, ownResource, sandboxSubscriptionFixture, uniqueName } from './helpers';
import { WindowStub } from './windowStub';

suite('Resync after missed notifications (Sandbox delta query)', function () {
  this.timeout(120_000);
  const fx = sandboxSubscriptionFixture();

  suiteSetup(() => fx.api.tree.clock.setOffsetForTests(0));

  test('a missed event offers Resync, which lists exactly the changes made meanwhile; the next resync only newer ones', async () => {
    const { api, endpoints } = fx;
    // A folder of its own: Graph's message delta is per folder, and the Sandbox keeps the items other
    // suites' simulations made in the Inbox (the resync would rightly list them too).
    const sub = await fx.create({ resource: ownResource.messages('resync'), changeType: 'created,updated,deleted', lifecycle: true, clientState: uniqueName('resync') });
    const emulator = api.sandboxEmulatorForTests()!;

    // Two messages arrive and are notified: the last notification the receiver got.
    const seen = await emulator.simulateChange(sub.id, { changeType: 'created', count: 2, resourceData: { subject: 'seen before' } });
    assert.equal(seen.delivered, 2);
    await eventually('the notification in the history', async () =>
      (await api.services.receiver.readHistory(50)).some((e) => e.kind === 'change' && JSON.stringify(e.body).includes(sub.id)),
    );

    // The receiver is down: two new messages and an update of a seen one are never notified.
    await vscode.commands.executeCommand(CommandId.stopReceiver);
    const lost = await emulator.simulateChange(sub.id, { changeType: 'created', count: 2, resourceData: { subject: 'sent meanwhile' } });
    const lostUpdate = await emulator.simulateChange(sub.id, { changeType: 'updated' });
    assert.equal(lost.delivered + lostUpdate.delivered, 0, 'nothing reached the stopped receiver');
    const again = (await vscode.commands.executeCommand<ReceiverEndpoints>(CommandId.startReceiver))!;
    assert.equal(again.localLifecycleUrl, endpoints.localLifecycleUrl, 'the receiver came back on its port');

    // Graph says so with `missed`; the warning offers Resync, and the user takes it.
    // Only this subscription's warning is answered: another suite's missed event may warn meanwhile.
    const ours = (message: string) => /could not deliver/.test(message) && message.includes(sub.resource);
    const stub = new WindowStub((call) => (call.kind === 'warning' && ours(call.message) ? 'Resync' : undefined));
    let first: ResyncReport;
    try {
      assert.equal(await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, fx.target(sub), 'missed'), true);
      first = await eventually('the resync after the missed event', () => api.services.resync.lastReport(sub.id), 300);
      const warning = stub.calls.find((c) => c.kind === 'warning' && ours(c.message));
      assert.ok(warning, 'the missed event was shown');
      assert.deepEqual(warning.items, ['Resync']);
    } finally {
      stub.restore();
    }
    assert.equal(first.fromDeltaLink, false);
    const created = first.changes.filter((c) => c.kind === 'created');
    const updated = first.changes.filter((c) => c.kind === 'updated');
    assert.equal(first.changes.length, 3, JSON.stringify(first.changes));
    assert.deepEqual(created.map((c) => c.label), ['sent meanwhile', 'sent meanwhile']);
    assert.deepEqual(updated.map((c) => c.label), ['seen before'], 'the update of an earlier message');
    assert.equal(first.unchanged, 1, 'the other earlier message was notified and is not listed');
    const report = fs.readFileSync(first.reportPath, 'utf8');
    assert.match(report, /## Created \(2\)/);
    assert.match(report, /## Updated \(1\)/);
    assert.ok(api.services.receiver.recentOutput().some((l) => l.includes(`Resync of ${sub.id}`) && l.includes('2 created, 1 updated')), 'the output says what changed');
    assert.equal(api.services.resync.kept(sub.id)?.deltaLink, first.deltaLink, 'the deltaLink is kept for next time');
    const stored = api.services.context.globalState.get<Record<string, { deltaLink: string }>>('graphSubscriptions.resync.deltaLinks');
    assert.equal(stored?.[sub.id]?.deltaLink, first.deltaLink, 'in globalState: it survives a reload');

    // Later: one more message and a deletion. The tree's Resync reads from the kept deltaLink.
    await emulator.simulateChange(sub.id, { changeType: 'created', resourceData: { subject: 'after the resync' } });
    await emulator.simulateChange(sub.id, { changeType: 'deleted' });
    const second = await vscode.commands.executeCommand<ResyncReport>(CommandId.resyncSubscription, fx.target(sub));
    assert.ok(second);
    assert.equal(second.fromDeltaLink, true);
    assert.deepEqual(second.changes.map((c) => `${c.kind}:${c.label ?? c.reason}`).sort(), ['created:after the resync', 'deleted:deleted']);
    assert.notEqual(api.services.resync.kept(sub.id)?.deltaLink, first.deltaLink, 'the newer deltaLink replaced it');
  });

  test('a missed event left unanswered: the watchdog next step is Resync, and running it settles the event', async () => {
    const { api, sandbox } = fx;
    const sub = await fx.create({ resource: ownResource.messages('resync-watch'), changeType: 'created', lifecycle: true, clientState: uniqueName('resync-watch') });
    await api.sandboxEmulatorForTests()!.simulateChange(sub.id, { resourceData: { subject: 'waiting' } });
    // The user dismisses the warning: the event stays unanswered.
    const stub = new WindowStub(() => undefined);
    try {
      assert.equal(await vscode.commands.executeCommand(CommandId.simulateLifecycleEvent, fx.target(sub), 'missed'), true);
      await eventually('the missed warning', () => stub.calls.find((c) => c.kind === 'warning' && /could not deliver/.test(c.message)));
    } finally {
      stub.restore();
    }
    const problem = await eventually('the watchdog flags the missed event', () => {
      api.services.watchdog.refresh();
      return api.services.watchdog.verdict(sandbox.id, sub.id)?.problems.find((p) => p.kind === 'lifecycle');
    });
    assert.equal(problem.nextStep.title, 'Resync');
    assert.equal(problem.nextStep.command, CommandId.resyncSubscription);
    const report = await vscode.commands.executeCommand<ResyncReport>(problem.nextStep.command, ...(problem.nextStep.args ?? []));
    assert.equal(report?.subscriptionId, sub.id);
    // The one message was notified before the missed event: nothing to list, and it is not relisted.
    assert.deepEqual(report.changes, []);
    assert.ok(report.unchanged >= 1);
    await eventually('the event settled by the resync', () => {
      api.services.watchdog.refresh();
      return !api.services.watchdog.verdict(sandbox.id, sub.id)?.problems.some((p) => p.kind === 'lifecycle');
    });
  });

  test('two resyncs at once (two warnings answered) both keep their deltaLink', async () => {
    const { api, sandbox } = fx;
    const a = await fx.create({ resource: ownResource.messages('resync-a'), changeType: 'created' });
    const b = await fx.create({ resource: ownResource.messages('resync-b'), changeType: 'created' });
    const emulator = api.sandboxEmulatorForTests()!;
    await emulator.simulateChange(a.id, { resourceData: { subject: 'a' } });
    await emulator.simulateChange(b.id, { resourceData: { subject: 'b' } });
    // Each run read the kept links when it started and wrote them back with its own when it ended:
    // the one that ended last dropped the other's link.
    const [ra, rb] = await Promise.all([api.services.resync.run(sandbox, a, { show: false }), api.services.resync.run(sandbox, b, { show: false })]);
    assert.equal(api.services.resync.kept(a.id)?.deltaLink, ra.deltaLink, 'the first one\'s deltaLink is kept');
    assert.equal(api.services.resync.kept(b.id)?.deltaLink, rb.deltaLink, 'the second one\'s deltaLink is kept');
  });

  test('Resync on a resource without a delta query explains why, naming the resource', async () => {
    const { api } = fx;
    const sub = await fx.create({ resource: `communications/presences/${randomUUID()}`, changeType: 'updated', lifecycle: true, expirationDateTime: new Date(Date.now() + 50 * 60_000).toISOString() });
    const stub = new WindowStub(() => undefined);
    try {
      await vscode.commands.executeCommand(CommandId.resyncSubscription, fx.target(sub));
      await eventually('the explanation', () => stub.calls.find((c) => /no delta query for 'communications\/presences\//.test(c.message)));
    } finally {
      stub.restore();
    }
    assert.equal(api.services.resync.lastReport(sub.id), undefined);
  });
});
