// The Sandbox acts as a user and as an app (issue 19 item 13): app-only resources (Universal
// Print, teams/getAllMessages…) can be created offline as "Sandbox (app-only)", the emulator checks
// the app's roles as Graph does, and "Send Anyway" of an app-only draft in the delegated Sandbox
// never ends in a 403 whose button is Sign In: its next step sends it as the app identity.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import { SANDBOX_DAEMON_APP_ID } from '../../src/emulator';
import type { Subscription } from '../../src/graph/types';
import type { Account, ReceiverEndpoints, Services } from '../../src/services';
import type { ExtensionApi } from '../../src/extension';
import { activateExtension, eventually } from './helpers';
import { WindowStub } from './windowStub';

const APP_ACCOUNT_ID = 'sandbox:app';

suite('Sandbox app identity (app-only resources offline)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let services: Services;
  let sandbox: Account;
  let endpoints: ReceiverEndpoints;
  let stub: WindowStub | undefined;

  suiteSetup(async () => {
    api = await activateExtension();
    services = api.services;
    sandbox = await services.accounts.ensureSandbox();
    endpoints = await services.receiver.ensureStarted();
  });

  teardown(async () => {
    stub?.restore();
    stub = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const account of services.accounts.list().filter((a) => a.isSandbox)) {
      for (const s of await account.client.listAll()) if (/^print\//.test(s.resource)) await account.client.delete(s.id);
      // Deleted behind the store's back: refresh it, or a later suite's Renew All Expiring finds them.
      await services.store.refresh(account.id);
    }
  });

  function printerDraft(): string {
    return `${JSON.stringify(
      { changeType: 'updated', notificationUrl: endpoints.localNotificationUrl, resource: 'print/printers/printer-1/jobs', expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(), clientState: 'app-identity-state' },
      null,
      '\t',
    )}\n`;
  }

  test('the Sandbox lists an app identity beside its user, with application permissions', () => {
    const app = services.accounts.get(APP_ACCOUNT_ID);
    assert.ok(app, `accounts: ${services.accounts.list().map((a) => a.id).join(', ')}`);
    assert.equal(app.kind, 'application');
    assert.ok(app.isSandbox);
    assert.equal(app.applicationId, SANDBOX_DAEMON_APP_ID);
    assert.notEqual(app.applicationId, sandbox.applicationId, 'a daemon app of its own');
  });

  test('"Send Anyway" of an app-only draft in the delegated Sandbox offers to send it as the app, never Sign In', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.createSubscription, { accountId: sandbox.id, resourceId: 'user', pathPattern: 'users' });
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), printerDraft());
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(api.drafts.resolve(uri).account?.id, sandbox.id, 'the draft targets the delegated Sandbox');

    stub = new WindowStub(() => undefined);
    const result = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, uri, { force: true, confirm: false });
    assert.equal(result, undefined, 'the delegated Sandbox refuses an app-only resource');
    const error = await eventually('the error message', () => stub!.find('error')[0]);
    assert.ok(!error.items.includes('Sign In'), `no Sign In for the Sandbox: ${error.message} [${error.items.join(', ')}]`);
    assert.ok(error.items.includes('Send as Sandbox (app-only)'), `the next step sends it as the app: [${error.items.join(', ')}]`);
    assert.match(error.message, /application permissions/);

    // The button's command: the draft retargeted to the app identity and created there.
    const created = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, uri, { accountId: APP_ACCOUNT_ID, confirm: false });
    assert.equal(created?.resource, 'print/printers/printer-1/jobs');
    assert.equal(created?.applicationId, SANDBOX_DAEMON_APP_ID);
    assert.equal(api.drafts.resolve(uri).account?.id, APP_ACCOUNT_ID);
    const app = services.accounts.get(APP_ACCOUNT_ID)!;
    assert.ok((await app.client.listAll()).some((s) => s.id === created!.id), 'the app lists its subscription');
    assert.ok(!(await sandbox.client.listAll()).some((s) => s.id === created!.id), 'the Sandbox user does not see the app’s subscription');
  });

  test('Create Subscription… of an app-only resource in the Sandbox targets the app identity', async () => {
    stub = new WindowStub((call) => (call.kind === 'quickPick' ? call.items.find((i) => i.startsWith('Universal Print printer') || i.startsWith('Webhook')) : undefined));
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.createSubscription, { accountId: sandbox.id });
    const pick = stub.find('quickPick')[0];
    const printer = pick.items.find((i) => i.startsWith('Universal Print printer'));
    assert.ok(printer?.includes('as Sandbox (app-only)'), `the pick says where it goes: ${printer}`);
    assert.ok(uri instanceof vscode.Uri, 'a draft opened');
    assert.ok(!printer?.includes('$(circle-slash)'), 'not marked unavailable');
    stub.restore();
    stub = undefined;
    assert.equal(api.drafts.resolve(uri).account?.id, APP_ACCOUNT_ID);
  });

  test('the emulator checks the app’s roles: an app token without the role gets Graph’s 403 naming it', async () => {
    const emulator = api.sandboxEmulatorForTests()!;
    const post = async (roles: string[]) => {
      const token = await emulator.issueToken({ accountKind: 'application', permissions: roles, appId: SANDBOX_DAEMON_APP_ID });
      return fetch(`${emulator.graphBaseUrl}/subscriptions`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: printerDraft() });
    };
    const denied = await post(['User.Read.All']);
    assert.equal(denied.status, 403);
    assert.match(await denied.text(), /Printer\.Read\.All/);
    const allowed = await post(['Printer.Read.All']);
    assert.equal(allowed.status, 201, await allowed.clone().text());
  });
});
