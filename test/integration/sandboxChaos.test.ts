// Sandbox chaos profiles (issue 17): a profile picked through the command (seed given, so the faults
// are the ones test/unit/chaos.test.ts pins) shows its duplicates in the Graph Notifications output,
// and a 429 on a renewal is waited out per Retry-After behind a progress notification that says so.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as path from 'node:path';
import { CONFIG_SECTION, CommandId, ConfigKey } from '../../src/constants';
import { HistoryIndex } from '../../src/notifications/explorer/historyIndex';
import { eventually, ownResource, sandboxSubscriptionFixture } from './helpers';

suite('Sandbox: chaos profiles', function () {
  this.timeout(90_000);
  const fx = sandboxSubscriptionFixture();

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(CommandId.chooseSandboxChaosProfile, { profile: 'off' });
    const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
    await config.update(ConfigKey.sandboxChaosProfile, undefined, vscode.ConfigurationTarget.Global);
    await config.update(ConfigKey.sandboxChaosSeed, undefined, vscode.ConfigurationTarget.Global);
  });

  test('duplicates (seed 1): the output marks the repeated notification and shows the created+updated pairs', async () => {
    const { api, sandbox } = fx;
    // A folder of this test's own, named the same in every run: the chaos decisions of a delivery
    // are a stream per resource and changeType, so a random name would change what seed 1 does.
    const sub = await fx.create({ resource: "me/mailFolders('chaos')/messages", changeType: 'created,updated' });
    const applied = await vscode.commands.executeCommand(CommandId.chooseSandboxChaosProfile, { profile: 'duplicates', seed: 1 });
    assert.deepEqual(applied, { profile: 'duplicates', seed: 1 });
    assert.deepEqual(api.services.accounts.sandboxEmulator()!.chaosSettings(), { profile: 'duplicates', seed: 1 });
    const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
    assert.equal(config.get(ConfigKey.sandboxChaosProfile), 'duplicates', 'the profile is saved in the settings');
    assert.equal(config.get(ConfigKey.sandboxChaosSeed), 1, 'and so is its seed, to replay it');

    assert.equal(await vscode.commands.executeCommand(CommandId.simulateChange, { accountId: sandbox.id, subscriptionId: sub.id }, { changeType: 'created', count: 4 }), true);
    // Seed 1 on this subscription's stream: 4 created, 2 updated pairs, 1 duplicate (in one POST).
    const lines = await eventually('the chaos delivery in the output', () => {
      const mine = api.services.receiver.recentOutput().filter((l) => l.includes(sub.id));
      return mine.length >= 7 ? mine : undefined;
    });
    const duplicates = lines.filter((l) => / \| DUPLICATE: same notification id as the one received at \d\d:\d\d:\d\d\.\d{3}$/.test(l));
    assert.equal(duplicates.length, 1, lines.join('\n'));
    assert.equal(lines.filter((l) => / updated sub /.test(l)).length, 2, 'the two updated pairs');
    assert.equal(lines.filter((l) => / created sub /.test(l)).length, 5, 'four created and the duplicate of one');

    // The notifications explorer reads the same history: the repeated delivery is in the group of
    // its first arrival and marked as a re-delivery of it.
    await api.services.receiver.readHistory(1); // waits for the history appends to be flushed
    const index = await HistoryIndex.open(path.dirname(api.services.receiver.historyFile()));
    const rows = Array.from({ length: index.size }, (_, r) => index.row(r)).filter((r) => r.subscriptionId === sub.id);
    assert.equal(rows.length, 7, 'the explorer lists every delivery of the subscription');
    const redelivered = rows.filter((r) => r.redeliveryOf !== undefined);
    assert.equal(redelivered.length, 1, 'one row is the re-delivery');
    const leader = redelivered[0].groupLeader;
    assert.ok(leader !== undefined && leader !== redelivered[0].row, 'the re-delivery is grouped under an earlier row');
    assert.ok(index.groupMembers(leader).includes(redelivered[0].row));
  });

  test('throttled-api (seed 4): a 429 on renew is waited out per Retry-After, with progress, and the renewal succeeds', async () => {
    const sub = await fx.create({ resource: ownResource.events(), changeType: 'updated' });
    await vscode.commands.executeCommand(CommandId.chooseSandboxChaosProfile, { profile: 'throttled-api', seed: 4 });
    // Record what the progress notification says (the extension and this test share the vscode API object).
    const window = vscode.window as { withProgress: typeof vscode.window.withProgress };
    const original = window.withProgress;
    const reported: string[] = [];
    window.withProgress = ((options, task) =>
      original(options, (progress, token) =>
        task({ report: (value) => { if (value.message) reported.push(value.message); progress.report(value); } }, token),
      )) as typeof vscode.window.withProgress;
    const started = Date.now();
    let renewed: { expirationDateTime: string } | undefined;
    try {
      renewed = await vscode.commands.executeCommand(CommandId.renewToMax, fx.target(sub));
    } finally {
      window.withProgress = original;
    }
    const elapsed = Date.now() - started;
    assert.ok(renewed, 'the renewal succeeded after the retry');
    assert.ok(Date.parse(renewed.expirationDateTime) > Date.parse(sub.expirationDateTime), 'and moved the expiry');
    // Seed 4's first renewal gets 429 with Retry-After 1.199 s (test/unit/chaos.test.ts pins the stream's shape).
    assert.ok(elapsed >= 1150, `the client waited the Retry-After (${elapsed} ms)`);
    assert.deepEqual(reported, ['Graph answered 429 Too Many Requests: retrying in 1.2 s as it asked (Retry-After) (retry 1 of 3)']);
  });
});
