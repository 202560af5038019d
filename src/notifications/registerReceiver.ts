/**
 * Commands of the receiver, tunnel, output, history and certificates; context keys
 * `receiverRunning` / `tunnelRunning`; the "public URL changed" offer.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { CommandId, CONFIG_SECTION, ConfigKey, ContextKey, DRAFT_FILE_SUFFIX } from '../constants';
import { registerCommand } from '../commands/registerCommand';
import type { Services } from '../services';
import { CancelledError, UserFacingError } from '../util/errors';
import { certificateDraftEdits } from './certificateDraft';
import { ReceiverServiceImpl, type PublicUrlChange } from './receiverService';

export function registerReceiver(services: Services): void {
  const { context, log } = services;
  const receiver = services.receiver;
  if (!(receiver instanceof ReceiverServiceImpl)) return;
  receiver.attach(services);

  const syncContext = () => {
    void vscode.commands.executeCommand('setContext', ContextKey.receiverRunning, receiver.isRunning());
    void vscode.commands.executeCommand('setContext', ContextKey.tunnelRunning, receiver.tunnelUrl() !== undefined);
  };
  context.subscriptions.push(receiver.onDidChangeState(syncContext));
  syncContext();
  if (receiver.shouldResume()) {
    // It was running before the window reloaded: bring it back on the same port.
    receiver.ensureStarted().then(
      (endpoints) => log.info(`Receiver resumed after reload at ${endpoints.localNotificationUrl}`),
      (error: unknown) => log.error('The receiver could not resume after the reload; start it again with "Start Receiver"', error),
    );
  }
  context.subscriptions.push(receiver.onDidChangePublicUrl((change) => void offerMove(receiver, change)));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!receiver.isRunning()) return;
      const keys = [ConfigKey.receiverPort, ConfigKey.receiverMaxBodyBytes, ConfigKey.tunnelMode, ConfigKey.tunnelCustomPublicUrl, ConfigKey.tunnelNgrokDomain];
      if (!keys.some((k) => e.affectsConfiguration(`${CONFIG_SECTION}.${k}`))) return;
      void vscode.window.showInformationMessage('Receiver or tunnel settings changed: restart the receiver to apply them.', 'Restart Receiver').then(async (choice) => {
        if (choice !== 'Restart Receiver') return;
        await receiver.stop();
        await vscode.commands.executeCommand(CommandId.startReceiver);
      });
    }),
  );

  const copy = async (url: string, what: string) => {
    await vscode.env.clipboard.writeText(url);
    void vscode.window.showInformationMessage(`Copied the ${what}: ${url}`);
  };

  registerCommand(context, log, CommandId.startReceiver, async () => {
    const endpoints = await receiver.ensureStarted();
    const url = endpoints.publicNotificationUrl ?? endpoints.localNotificationUrl;
    // Not awaited: the command resolves with the endpoints while the message is still up.
    void vscode.window.showInformationMessage(`Receiver listening: ${url}`, 'Copy URL', 'Show Notifications').then(async (choice) => {
      if (choice === 'Copy URL') await copy(url, 'notification URL');
      if (choice === 'Show Notifications') receiver.showOutput();
    });
    return endpoints;
  });

  registerCommand(context, log, CommandId.stopReceiver, () => receiver.stop());

  registerCommand(context, log, CommandId.startTunnel, async () => {
    const url = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Starting the tunnel…' },
      () => receiver.startTunnel(),
    );
    if (url) {
      void vscode.window.showInformationMessage(`Tunnel up: ${url}/notifications`, 'Copy URL', 'Run Self-Test').then(async (choice) => {
        if (choice === 'Copy URL') await copy(`${url}/notifications`, 'public notification URL');
        if (choice === 'Run Self-Test') await vscode.commands.executeCommand(CommandId.handshakeSelfTest);
      });
    }
    return url;
  });

  registerCommand(context, log, CommandId.stopTunnel, () => receiver.stopTunnel());

  registerCommand(context, log, CommandId.setNgrokAuthtoken, async () => {
    const token = await vscode.window.showInputBox({
      title: 'ngrok authtoken',
      prompt: 'Kept in VS Code Secret Storage. Find it at dashboard.ngrok.com → Your Authtoken.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (/^\S{10,}$/.test(v.trim()) ? undefined : 'An authtoken is a long string without spaces'),
    });
    if (token === undefined) throw new CancelledError();
    await receiver.setNgrokAuthtoken(token.trim());
    void vscode.window.showInformationMessage('ngrok authtoken saved in Secret Storage.');
  });

  registerCommand(context, log, CommandId.copyPublicUrl, async (arg?: { pick?: boolean }) => {
    const endpoints = receiver.endpoints();
    if (arg?.pick) {
      type Item = vscode.QuickPickItem & { run: () => unknown };
      const items: Item[] = [];
      if (endpoints?.publicNotificationUrl) items.push({ label: '$(link) Copy public notification URL', description: endpoints.publicNotificationUrl, run: () => copy(endpoints.publicNotificationUrl!, 'public notification URL') });
      if (endpoints) items.push({ label: '$(link) Copy local notification URL', description: endpoints.localNotificationUrl, run: () => copy(endpoints.localNotificationUrl, 'local notification URL') });
      items.push({ label: '$(check-all) Run handshake self-test', run: () => vscode.commands.executeCommand(CommandId.handshakeSelfTest) });
      items.push({ label: '$(output) Show notifications', run: () => receiver.showOutput() });
      items.push({ label: '$(book) Open history', run: () => vscode.commands.executeCommand(CommandId.openHistory) });
      if (receiver.tunnelUrl()) items.push({ label: '$(debug-disconnect) Stop tunnel', run: () => receiver.stopTunnel() });
      else items.push({ label: '$(globe) Start tunnel', run: () => vscode.commands.executeCommand(CommandId.startTunnel) });
      items.push({ label: '$(debug-stop) Stop receiver', run: () => receiver.stop() });
      const picked = await vscode.window.showQuickPick(items, { title: 'Graph notification receiver' });
      if (!picked) throw new CancelledError();
      return picked.run();
    }
    if (!endpoints) {
      throw new UserFacingError('The receiver is not running.', [{ title: 'Start Receiver', command: CommandId.startReceiver }]);
    }
    if (endpoints.publicNotificationUrl) return copy(endpoints.publicNotificationUrl, 'public notification URL');
    return copy(endpoints.localNotificationUrl, 'local notification URL (no tunnel: only this machine and the sandbox can reach it)');
  });

  registerCommand(context, log, CommandId.handshakeSelfTest, async () => {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Sending a validation request like Graph does…' },
      () => receiver.selfTest(),
    );
    if (!result.ok) {
      throw new UserFacingError(`Handshake self-test failed (rule: ${result.failedRule ?? '?'}): ${result.message}`, [
        { title: 'Show Notifications', command: CommandId.showNotifications },
      ]);
    }
    void vscode.window.showInformationMessage(`Handshake self-test passed through ${result.url} in ${Math.round(result.rttMs ?? 0)} ms (200, text/plain, exact echo).`);
    return result;
  });

  registerCommand(context, log, CommandId.showNotifications, () => receiver.showOutput());

  registerCommand(context, log, CommandId.openHistory, async () => {
    const file = receiver.historyFile();
    if (!fs.existsSync(file)) {
      void vscode.window.showInformationMessage('No notification has been received yet.');
      return;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc, { preview: true });
  });

  registerCommand(context, log, CommandId.replayNotification, async (arg?: string | { id?: string }) => {
    let id = typeof arg === 'string' ? arg : arg?.id;
    if (!id) {
      const entries = (await receiver.readHistory(50)).filter((e) => e.kind !== 'rejected' && e.body !== undefined);
      if (entries.length === 0) throw new UserFacingError('The history holds no notification to replay.');
      const picked = await vscode.window.showQuickPick(
        entries.map((e) => {
          const first = e.processed?.items[0];
          return {
            label: `${e.receivedAt.slice(0, 19).replace('T', ' ')} ${first?.lifecycleEvent ?? first?.changeType ?? e.kind}`,
            description: first ? `${first.subscriptionId} ${first.resource ?? ''}` : e.path,
            detail: first ? (first.trusted ? '$(pass) checks passed' : '$(error) untrusted') : undefined,
            id: e.id,
          };
        }),
        { title: 'Replay a notification to the forward URL' },
      );
      if (!picked) throw new CancelledError();
      id = picked.id;
    }
    const status = await receiver.replay(id);
    void vscode.window.showInformationMessage(`Replayed: your app answered ${status}.`);
    return status;
  });

  const insertIntoDraft = async (certificate: { encryptionCertificate: string; encryptionCertificateId: string }) => {
    const editor = vscode.window.activeTextEditor;
    if (editor && editor.document.fileName.endsWith(DRAFT_FILE_SUFFIX)) {
      const text = editor.document.getText();
      const edits = certificateDraftEdits(text, certificate, {
        insertSpaces: editor.options.insertSpaces === true,
        tabSize: typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4,
        eol: editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
      });
      const we = new vscode.WorkspaceEdit();
      for (const e of edits) {
        we.replace(editor.document.uri, new vscode.Range(editor.document.positionAt(e.offset), editor.document.positionAt(e.offset + e.length)), e.content);
      }
      await vscode.workspace.applyEdit(we);
      void vscode.window.showInformationMessage(`Certificate ${certificate.encryptionCertificateId} added to the draft (includeResourceData: true). Its private key is in Secret Storage.`);
      return;
    }
    const snippet = JSON.stringify({ includeResourceData: true, ...certificate }, null, 2);
    await vscode.env.clipboard.writeText(snippet);
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: snippet });
    await vscode.window.showTextDocument(doc);
    void vscode.window.showInformationMessage('No subscription draft is open: the certificate properties are on the clipboard and in a new editor.');
  };

  registerCommand(context, log, CommandId.generateCertificate, async () => {
    const certificate = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Generating an RSA-2048 certificate…' },
      () => receiver.generateCertificate(),
    );
    await insertIntoDraft(certificate);
    return certificate;
  });

  registerCommand(context, log, CommandId.importCertificate, async (arg?: vscode.Uri) => {
    const uri =
      arg instanceof vscode.Uri
        ? arg
        : (await vscode.window.showOpenDialog({ title: 'Certificate with its private key', canSelectMany: false, filters: { 'PEM (certificate + private key)': ['pem', 'crt', 'key'], 'PFX / PKCS#12': ['pfx', 'p12'] } }))?.[0];
    if (!uri) throw new CancelledError();
    if (/\.(pfx|p12)$/i.test(uri.fsPath)) {
      throw new UserFacingError(
        'PFX files are not read directly. Convert it to PEM first: openssl pkcs12 -in cert.pfx -nodes -out cert.pem — then import cert.pem.',
      );
    }
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    let material;
    try {
      material = await receiver.importCertificate(text);
    } catch (error) {
      throw new UserFacingError((error as Error).message);
    }
    await insertIntoDraft(material);
    return { encryptionCertificate: material.encryptionCertificate, encryptionCertificateId: material.encryptionCertificateId };
  });
}

async function offerMove(receiver: ReceiverServiceImpl, change: PublicUrlChange): Promise<void> {
  const affected = receiver.subscriptionsUsing(change.oldUrl);
  if (affected.length === 0) return;
  const choice = await vscode.window.showInformationMessage(
    `The public URL changed from ${change.oldUrl} to ${change.newUrl}. ${affected.length} subscription(s) still point at the old one.`,
    'Update Subscriptions',
  );
  if (choice !== 'Update Subscriptions') return;
  const { updated, failed } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Updating notificationUrl…' },
    () => receiver.moveSubscriptions(change),
  );
  const message = `${updated} subscription(s) now point at ${change.newUrl}.${failed ? ` ${failed} failed (see the log).` : ''}`;
  if (failed) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
}
