// Issue 19, items 15 and 16: Show Subscription JSON masks clientState in a read-only view that is
// reused; the certificate import does not offer PFX and says how to convert one (Copy Command).
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import type { Subscription } from '../../src/graph/types';
import type { Account, Services } from '../../src/services';
import { activateExtension } from './helpers';

const SECRET = 'show-json-very-secret-client-state';

/** A notification URL that passes the Sandbox's validation handshake. */
async function startEndpoint(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
    req.resume();
    res.writeHead(token !== null ? 200 : 202, { 'Content-Type': 'text/plain' });
    res.end(token ?? undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/notifications`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

suite('Show Subscription JSON and PFX import (issue 19 items 15, 16)', function () {
  this.timeout(60_000);
  let services: Services;
  let sandbox: Account;
  let endpoint: Awaited<ReturnType<typeof startEndpoint>>;
  const saved = { ...vscode.window };
  const w = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

  suiteSetup(async () => {
    services = (await activateExtension()).services;
    sandbox = await services.accounts.ensureSandbox();
    endpoint = await startEndpoint();
  });
  teardown(() => {
    Object.assign(vscode.window, { showWarningMessage: saved.showWarningMessage, showErrorMessage: saved.showErrorMessage, showOpenDialog: saved.showOpenDialog });
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await endpoint?.close();
  });

  test('item 16: Show JSON masks clientState, opens read-only (not untitled), and reuses the open view', async () => {
    const created: Subscription = await sandbox.client.create({
      resource: 'me/messages',
      changeType: 'updated',
      notificationUrl: endpoint.url,
      expirationDateTime: new Date(Date.now() + 50 * 60_000).toISOString(),
      clientState: SECRET,
    });
    services.store.upsert(sandbox.id, created);
    try {
      const untitledBefore = vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
      const target = { accountId: sandbox.id, subscriptionId: created.id };
      await vscode.commands.executeCommand(CommandId.showSubscriptionJson, target);
      const first = vscode.window.activeTextEditor?.document;
      assert.ok(first, 'an editor shows the JSON');
      assert.notEqual(first.uri.scheme, 'untitled');
      assert.equal(first.isUntitled, false);
      assert.ok(!first.getText().includes(SECRET), first.getText());
      const shown = JSON.parse(first.getText()) as Subscription;
      assert.equal(shown.id, created.id);
      assert.ok(shown.clientState && shown.clientState !== SECRET, 'clientState is present but masked');
      await vscode.commands.executeCommand(CommandId.showSubscriptionJson, target);
      const second = vscode.window.activeTextEditor?.document;
      assert.equal(second?.uri.toString(), first.uri.toString(), 'the same view is reused');
      assert.equal(vscode.workspace.textDocuments.filter((d) => d.uri.toString() === first.uri.toString()).length, 1);
      assert.equal(vscode.workspace.textDocuments.filter((d) => d.isUntitled).length, untitledBefore, 'no untitled editor piles up');
      assert.equal(second?.isDirty, false);
    } finally {
      await sandbox.client.delete(created.id);
    }
  });

  test('item 15: the import dialog does not offer PFX; a .pfx file gets the openssl command with "Copy Command"', async () => {
    let filters: Record<string, string[]> | undefined;
    w.showOpenDialog = (async (options?: vscode.OpenDialogOptions) => {
      filters = options?.filters;
      return undefined;
    }) as typeof w.showOpenDialog;
    await vscode.commands.executeCommand(CommandId.importCertificate);
    assert.ok(filters, 'the dialog was shown');
    assert.ok(!Object.keys(filters).some((k) => /pfx|pkcs/i.test(k)), JSON.stringify(filters));
    assert.ok(!Object.values(filters).flat().some((e) => /pfx|p12/i.test(e)), JSON.stringify(filters));

    const messages: { message: string; items: string[] }[] = [];
    const record = (text: string, ...rest: unknown[]) => {
      const items = rest.filter((r): r is string => typeof r === 'string');
      messages.push({ message: text, items });
      return Promise.resolve(items.includes('Copy Command') ? 'Copy Command' : undefined);
    };
    w.showWarningMessage = record as typeof w.showWarningMessage;
    w.showErrorMessage = record as typeof w.showErrorMessage;
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand(CommandId.importCertificate, vscode.Uri.file('/tmp/does-not-matter/my cert.pfx'));
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.match(messages[0].message, /openssl pkcs12 -in .*-nodes -out /);
    assert.match(messages[0].message, /-legacy/);
    assert.ok(messages[0].items.includes('Copy Command'), JSON.stringify(messages));
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /^openssl pkcs12 -in ".*my cert\.pfx" -nodes -out ".*my cert\.pem"$/);
  });
});
