// Inside VS Code: "Check My Receiver…" runs the receiver doctor against the extension's own local
// receiver, shows progress, opens the report as a Markdown preview, and the receiver passes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import type { DoctorReport } from '../../src/doctor/types';
import { activateExtension, eventually } from './helpers';

suite('Receiver doctor', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  suiteTeardown(async function () {
    // Stopping waits for the receiver to finish processing the ~140 POSTs the doctor sent.
    this.timeout(120_000);
    const t0 = Date.now();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const t1 = Date.now();
    await vscode.commands.executeCommand(CommandId.stopReceiver);
    console.log(`doctor teardown: closeAllEditors ${t1 - t0} ms, stopReceiver ${Date.now() - t1} ms`);
  });

  test('Check My Receiver on the local receiver: every rule passes and the report opens', async function () {
    this.timeout(120_000);
    const report = await vscode.commands.executeCommand<DoctorReport>(CommandId.checkReceiver, { target: 'local' });
    assert.ok(report, 'the command resolved with the report');
    assert.match(report.notificationUrl, /^http:\/\/127\.0\.0\.1:\d+\/notifications$/);
    assert.match(report.lifecycleUrl ?? '', /\/lifecycle$/);
    const failed = report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.summary}`);
    assert.deepEqual(failed, []);
    for (const id of ['handshake.notificationUrl', 'handshake.lifecycleUrl', 'delivery.single', 'delivery.batch100', 'delivery.distribution', 'robustness.duplicates', 'lifecycle.reauthorizationRequired']) {
      assert.equal(report.checks.find((c) => c.id === id)?.status, 'pass', id);
    }
    // The Markdown preview of the saved report is the active tab.
    const tab = await eventually('the report preview tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /receiver-report-.*\.md/.test(t.label)),
    );
    assert.match(tab.label, /Preview/);
  });
});

