// Inside VS Code (issue 8, reliability — secrets): known secret values are planted where the
// product keeps them — an ngrok authtoken and a certificate's private key in SecretStorage, a
// clientState through a submitted draft, a bearer token (a JWT) in a notification — then a rich
// subscription is created from a draft and notified through the sandbox. None of the values, and
// no whole JWT, may appear in the extension's log files (both output channels, as written to
// disk), the "Graph Notifications" output, or the history files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import type { Subscription } from '../../src/graph/types';
import { SECRET_NGROK_AUTHTOKEN } from '../../src/notifications/receiverService';
import type { ReceiverEndpoints, ReceiverService, Services } from '../../src/services';
import { activateExtension, eventually } from './helpers';


/** Every file under a folder, as text (log and history folders are small). */
function readAll(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

const WHOLE_JWT = /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;

suite('Reliability: secrets', () => {
  let services: Services;
  let receiver: ReceiverService;
  const drafts: vscode.Uri[] = [];
  let created: Subscription | undefined;

  suiteSetup(async () => {
    const api = await activateExtension();
    assert.ok(api, 'extension activated');
    services = api.services;
    receiver = services.receiver;
  });

  suiteTeardown(async () => {
    for (const uri of drafts) {
      await vscode.window.showTextDocument(uri).then(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'), () => undefined);
    }
    const sandbox = services.accounts.list().find((a) => a.isSandbox);
    if (created && sandbox) await sandbox.client.delete(created.id).catch(() => undefined);
  });

  test('planted secrets never reach the log files, the notifications output or the history', async () => {
    const planted = {
      ngrokAuthtoken: `2PLANTEDngrok${Date.now()}_aB3dE5fG7hJ9kL`,
      clientState: `PLANTED-clientState-${Date.now()}-x9Q`,
    };
    // The ngrok authtoken as the "Set ngrok Authtoken…" command keeps it.
    await receiver.setNgrokAuthtoken(planted.ngrokAuthtoken);
    assert.equal(await services.context.secrets.get(SECRET_NGROK_AUTHTOKEN), planted.ngrokAuthtoken, 'kept in SecretStorage');

    const endpoints = (await vscode.commands.executeCommand<ReceiverEndpoints>(CommandId.startReceiver))!;
    const sandbox = await services.accounts.ensureSandbox();
    // A certificate from the helper: its private key goes to SecretStorage.
    const cert = await receiver.generateCertificate();
    const privateKeyPem = await services.context.secrets.get(`graphSubscriptions.certificateKey.${cert.encryptionCertificateId}`);
    assert.ok(privateKeyPem?.includes('PRIVATE KEY'), 'the private key is in SecretStorage');

    // A rich draft with the planted clientState, submitted the way the CodeLens does.
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.createSubscription, { accountId: sandbox.id, resourceId: 'message', pathPattern: 'users/{userId}/messages' });
    assert.ok(uri instanceof vscode.Uri);
    drafts.push(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const text = JSON.stringify(
      {
        changeType: 'created',
        notificationUrl: endpoints.localNotificationUrl,
        resource: 'me/messages?$select=subject',
        expirationDateTime: new Date(Date.now() + 50 * 60_000).toISOString(),
        clientState: planted.clientState,
        includeResourceData: true,
        encryptionCertificate: cert.encryptionCertificate,
        encryptionCertificateId: cert.encryptionCertificateId,
      },
      null,
      '\t',
    );
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    created = await eventually('the submitted subscription', async () =>
      (await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, uri, { confirm: false }).then(
        (s) => s,
        () => undefined, // diagnostics may still be on their debounce: try again
      )),
    50);
    assert.ok(created?.id);

    // A notification from the sandbox (clientState + encrypted content + validation tokens) …
    await vscode.commands.executeCommand(CommandId.simulateChange, { accountId: sandbox.id, subscriptionId: created.id }, { changeType: 'created', count: 2 });
    const decrypted = await eventually('the decrypted notification in the output', () =>
      receiver.recentOutput().some((l) => l.includes(`sub ${created!.id}`) && l.includes('decrypt ✓')),
    );
    assert.ok(decrypted);
    // … and one by hand with a wrong clientState and a real bearer token as "validation token".
    const bearer = await eventually('a sandbox token', async () => (await fetch(`${sandboxBase(services)}/_emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] }),
    }).then((r) => r.json() as Promise<{ access_token?: string; token?: string }>)).access_token);
    assert.match(bearer, WHOLE_JWT);
    const res = await fetch(endpoints.localNotificationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        value: [{ subscriptionId: created.id, clientState: `${planted.clientState}-wrong`, changeType: 'created', resource: 'me/messages/1', tenantId: 'x' }],
        validationTokens: [bearer],
      }),
    });
    // A subscription created here: the forgery is refused before the 202 (issue 18, strict receiver).
    assert.equal(res.status, 401);
    await eventually('the wrong clientState reported', () => receiver.recentOutput().some((l) => l.includes('401 clientState does not match')));

    // What was written: wait until the log file on disk has the simulate line (output channels flush lazily).
    const logDir = services.context.logUri.fsPath;
    await eventually('the log files on disk', () => readAll(logDir).includes(`Simulated created on ${created!.id}`) && readAll(logDir).includes('clientState does not match'));
    const places: [string, string][] = [
      ['log files', readAll(logDir)],
      ['Graph Notifications output', receiver.recentOutput().join('\n')],
      ['history', readAll(path.dirname(receiver.historyFile()))],
    ];
    const secrets: [string, string][] = [
      ['ngrok authtoken', planted.ngrokAuthtoken],
      ['clientState', planted.clientState],
      ['private key', privateKeyPem!.split('\n')[1]],
      ['bearer token', bearer],
    ];
    const leaks: string[] = [];
    for (const [where, content] of places) {
      assert.ok(content.length > 0, `${where} is not empty`);
      for (const [what, value] of secrets) if (content.includes(value)) leaks.push(`${what} in the ${where}`);
      const jwt = WHOLE_JWT.exec(content);
      if (jwt) leaks.push(`a whole JWT in the ${where}: ${jwt[0].slice(0, 12)}…`);
    }
    assert.deepEqual(leaks, []);
  });
});

/** The running sandbox emulator's base URL (from the log line the account service writes). */
function sandboxBase(services: Services): string {
  const text = readAll(services.context.logUri.fsPath);
  const m = [...text.matchAll(/Sandbox Graph emulator listening at (http:\/\/127\.0\.0\.1:\d+)/g)].pop();
  if (!m) throw new Error('sandbox URL not logged yet');
  return m[1];
}
