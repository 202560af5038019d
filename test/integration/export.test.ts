// Export Subscription As… on a real Sandbox subscription and on a draft: the exported .http
// request, read back by a strict reader and sent to the Sandbox's Graph, creates the same
// subscription again; secrets stay placeholders unless the user asks.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allCatalogPermissions } from '../../src/auth/accountService';
import { CommandId } from '../../src/constants';
import type { ExportResult } from '../../src/commands/exportSubscription';
import { SANDBOX_APP_ID } from '../../src/emulator';
import type { Subscription } from '../../src/graph/types';
import { parseHttpFile, shellWords, parseCurlWords } from '../unit/export/parsers';
import { eventually, ownResource, sandboxSubscriptionFixture } from './helpers';

suite('Export Subscription As… (sandbox)', function () {
  this.timeout(60_000);
  const CLIENT_STATE = `export-${Date.now()}-'$secret"`;
  const fx = sandboxSubscriptionFixture();

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** A day long, with a clientState that needs escaping in every export format. */
  const create = (resource: string) => fx.create({ resource, changeType: 'updated', expirationDateTime: new Date(Date.now() + 86_400_000).toISOString(), clientState: CLIENT_STATE });

  test('a tree subscription exported as .http reads back and, sent to the Sandbox, creates the same subscription', async () => {
    const { api, sandbox } = fx;
    const created = await create(ownResource.user());
    const result = await vscode.commands.executeCommand<ExportResult>(CommandId.exportSubscription, { accountId: sandbox.id, subscriptionId: created.id }, { format: 'http', destination: 'editor' });
    assert.equal(result.destination, 'editor');
    const doc = result.document!;
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString(), 'the export opens in front');
    assert.ok(!doc.getText().includes(CLIENT_STATE), 'the clientState is a placeholder by default');
    assert.match(doc.getText(), /Exported from the Sandbox/);

    const emulator = api.sandboxEmulatorForTests()!;
    const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: allCatalogPermissions(), appId: SANDBOX_APP_ID });
    const parsed = parseHttpFile(doc.getText(), { GRAPH_TOKEN: token, GRAPH_CLIENT_STATE: 'from-the-environment' });
    assert.equal(parsed.method, 'POST');
    assert.equal(parsed.url, 'https://graph.microsoft.com/v1.0/subscriptions');
    const body = parsed.body as Record<string, unknown>;
    for (const key of ['changeType', 'notificationUrl', 'resource', 'expirationDateTime'] as const) assert.equal(body[key], created[key], key);
    assert.equal(body.clientState, 'from-the-environment');

    // The same request against the Sandbox's Graph: a duplicate while the original lives, created once it is gone.
    await sandbox.client.delete(created.id);
    const response = await fetch(parsed.url.replace('https://graph.microsoft.com/v1.0', emulator.graphBaseUrl), { method: parsed.method, headers: parsed.headers, body: JSON.stringify(parsed.body) });
    assert.equal(response.status, 201, await response.clone().text());
    const again = (await response.json()) as Subscription;
    assert.equal(again.resource, created.resource);
    assert.equal(again.changeType, created.changeType);
    await sandbox.client.delete(again.id);
  });

  test('the clientState goes into the text only when the user picks it', async () => {
    const { sandbox } = fx;
    const created = await create(ownResource.user());
    const withSecret = await vscode.commands.executeCommand<ExportResult>(CommandId.exportSubscription, { accountId: sandbox.id, subscriptionId: created.id }, { format: 'curl', destination: 'clipboard', includeClientState: true });
    assert.equal(withSecret.destination, 'clipboard');
    assert.equal(await vscode.env.clipboard.readText(), withSecret.text);
    const [words] = shellWords(withSecret.text, 'curl', { GRAPH_TOKEN: 't' });
    assert.equal((parseCurlWords(words).body as Record<string, unknown>).clientState, CLIENT_STATE);
    for (const format of ['http', 'curl', 'powershell', 'm365', 'javascript', 'csharp'] as const) {
      const r = await vscode.commands.executeCommand<ExportResult>(CommandId.exportSubscription, { accountId: sandbox.id, subscriptionId: created.id }, { format, destination: 'clipboard' });
      assert.ok(!r.text.includes(CLIENT_STATE), `${format} leaves the clientState out`);
      assert.ok(r.text.includes('GRAPH_CLIENT_STATE'), `${format} reads it from the environment`);
    }
    await sandbox.client.delete(created.id);
  });

  test('a draft’s request headers (@requestHeaders) are exported as headers, not in the body', async () => {
    const { sandbox, endpoints } = fx;
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.createSubscription, { accountId: sandbox.id, resourceId: 'user', pathPattern: 'users' });
    const doc = await vscode.workspace.openTextDocument(uri);
    const draft = {
      '@requestHeaders': { Prefer: 'IdType="ImmutableId"' },
      changeType: 'created',
      notificationUrl: endpoints.localNotificationUrl,
      resource: 'me/messages',
      expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), JSON.stringify(draft, null, '\t'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const result = await vscode.commands.executeCommand<ExportResult>(CommandId.exportSubscription, uri, { format: 'http', destination: 'clipboard' });
    const parsed = parseHttpFile(result.text, { GRAPH_TOKEN: 't' });
    assert.equal(parsed.headers.Prefer, 'IdType="ImmutableId"');
    assert.deepEqual(Object.keys(parsed.body as object).sort(), ['changeType', 'expirationDateTime', 'notificationUrl', 'resource']);
  });

  test('the draft CodeLens offers Export…, which exports what the draft says', async () => {
    const { sandbox } = fx;
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.createSubscription, { accountId: sandbox.id, resourceId: 'user', pathPattern: 'users' });
    const doc = await vscode.workspace.openTextDocument(uri);
    const lens = await eventually('the Export lens', async () => {
      const ls = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
      return ls?.find((l) => l.command?.title.includes('Export…'));
    });
    const result = await vscode.commands.executeCommand<ExportResult>(lens.command!.command, ...(lens.command!.arguments ?? []), { format: 'powershell', destination: 'editor' });
    const draft = JSON.parse(doc.getText()) as Record<string, string>;
    assert.ok(result.text.includes(`resource = '${draft.resource}'`), result.text);
    assert.ok(result.text.includes(`notificationUrl = '${draft.notificationUrl}'`), result.text);
    assert.ok(result.text.includes('clientState = $env:GRAPH_CLIENT_STATE'), result.text);
    assert.ok(!result.text.includes(draft.clientState), 'the draft clientState stays out');
    assert.equal(result.document?.languageId, (await vscode.languages.getLanguages()).includes('powershell') ? 'powershell' : 'plaintext');
  });
});
