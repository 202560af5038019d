// The subscription editor inside VS Code, against the sandbox (the local Graph emulator): creation
// through the command and through the CodeLens, diagnostics of broken drafts (codes and ranges),
// every quick fix leaves a draft without errors, and a Graph rejection never changes the draft.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import { DraftRegistry } from '../../src/editor/draftRegistry';
import type { Subscription, SubscriptionDraft } from '../../src/graph/types';
import type { Account, ReceiverEndpoints, Services } from '../../src/services';
import { FindingCode } from '../../src/validation/codes';
import { activateExtension, eventually } from './helpers';

/** Polls `check` until it returns a value (no timing assertions: mocha's timeout bounds it). */

function errorsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function describe(uri: vscode.Uri): string {
  return vscode.languages
    .getDiagnostics(uri)
    .map((d) => `${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]} ${d.range.start.line}:${d.range.start.character} ${d.message}`)
    .join('\n');
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

async function waitForDiagnostics(doc: vscode.TextDocument, what: string, ready: (d: readonly vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return eventually(`${what}; diagnostics now:\n${describe(doc.uri)}`, () => {
    const ds = vscode.languages.getDiagnostics(doc.uri);
    return ready(ds) ? ds : undefined;
  });
}

/** Closes drafts without the save prompt. */
async function closeDrafts(uris: readonly vscode.Uri[]): Promise<void> {
  for (const uri of uris) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!doc) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

suite('Subscription editor: create, submit, edit (sandbox)', function () {
  this.timeout(60_000);
  let services: Services;
  let sandbox: Account;
  let endpoints: ReceiverEndpoints;
  const opened: vscode.Uri[] = [];

  suiteSetup(async function () {
    const api = (await activateExtension());
    services = api.services;
    try {
      sandbox = await services.accounts.ensureSandbox();
      endpoints = await services.receiver.ensureStarted();
    } catch (error) {
      // The accounts and receiver placeholders say "not built yet" until their issues land.
      if (error instanceof Error && /not built yet/.test(error.message)) this.skip();
      throw error;
    }
  });

  suiteTeardown(async () => closeDrafts(opened));

  /** A new draft for the sandbox through the command (no quick picks), optionally replaced by `text`. */
  async function draft(resourceId: string, pathPattern: string, text?: string): Promise<vscode.TextDocument> {
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.createSubscription, { accountId: sandbox.id, resourceId, pathPattern });
    assert.ok(uri instanceof vscode.Uri, 'createSubscription returns the draft URI');
    opened.push(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (text !== undefined) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
      assert.ok(await vscode.workspace.applyEdit(edit));
    }
    return doc;
  }

  /** A valid sandbox draft as an object, to break one property at a time. */
  function valid(resource: string, changeType: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      changeType,
      notificationUrl: endpoints.localNotificationUrl,
      resource,
      expirationDateTime: inDays(1),
      clientState: 'c5f2d8a0b7e94c1f8a3d6e2b9c4f7a10',
      ...extra,
    };
  }

  const text = (o: Record<string, unknown>) => `${JSON.stringify(o, null, '\t')}\n`;

  test('Create Subscription opens a draft without errors and submitting it creates the subscription', async () => {
    const doc = await draft('user', 'users');
    const body = JSON.parse(doc.getText()) as Record<string, string>;
    assert.equal(body.resource, 'users');
    assert.equal(body.notificationUrl, endpoints.localNotificationUrl, 'notificationUrl comes from the running receiver');
    assert.ok(body.clientState.length >= 32, 'a fresh clientState');
    assert.ok(Date.parse(body.expirationDateTime) > Date.now() + 20 * 86_400_000, 'expiration at the resource maximum (29 days for users)');
    await waitForDiagnostics(doc, 'a draft without errors', () => errorsOf(doc.uri).length === 0);

    const created = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, doc.uri, { confirm: false });
    assert.ok(created?.id, 'submitDraft returns the created subscription');
    assert.ok(services.store.subscriptions(sandbox.id)?.some((s) => s.id === created.id), 'the tree store has it');
    await eventually('the draft shows the server response', () => (doc.getText().includes(created.id) ? true : undefined));
    // A window reload restores the untitled draft with the remote authority added to its URI
    // (seen in code-server); the next window's registry, built from workspace state, must still
    // see an update of this subscription.
    assert.equal(doc.uri.scheme, 'untitled');
    const nextWindow = new DraftRegistry(services);
    try {
      const restored = nextWindow.resolve(doc.uri.with({ authority: '127.0.0.1:8080' }));
      assert.equal(restored.operation, 'update', 'the untitled draft stays an update draft after a reload');
      assert.equal(restored.subscriptionId, created.id);
      assert.equal(restored.account?.id, sandbox.id);
      assert.equal(restored.original?.id, created.id, 'compared with the subscription as created, even before the tree loads');
      const saved = services.context.workspaceState.get<Record<string, { original?: { clientState?: string | null } }>>('graphSubscriptions.draftTargets') ?? {};
      assert.ok(Object.values(saved).every((t) => !t.original?.clientState), 'no clientState in workspace state');
    } finally {
      nextWindow.dispose();
    }
  });

  test('Create Subscription through its quick picks (resource type, then path) opens a draft', async () => {
    let done: vscode.Uri | undefined;
    const pending = vscode.commands.executeCommand<vscode.Uri>(CommandId.createSubscription, { accountId: sandbox.id }).then((u) => (done = u));
    // Accept the first item of each quick pick as it appears.
    const uri = await eventually('the draft after two picks', async () => {
      if (!done) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return done;
    });
    await pending;
    opened.push(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.ok(uri.path.endsWith('.subscription.json') && uri.scheme === 'untitled', uri.toString());
    const body = JSON.parse(doc.getText()) as Record<string, unknown>;
    assert.equal(typeof body.resource, 'string');
    assert.equal(typeof body.clientState, 'string');
  });

  test('the CodeLens names the account and creates the subscription', async () => {
    const doc = await draft('group', 'groups');
    await waitForDiagnostics(doc, 'a draft without errors', () => errorsOf(doc.uri).length === 0);
    const lenses = await eventually('code lenses', async () => {
      const ls = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
      return ls?.some((l) => l.command?.title.includes('Create subscription')) ? ls : undefined;
    });
    const create = lenses.find((l) => l.command?.title.includes('Create subscription'))!;
    assert.ok(create.command!.title.includes(sandbox.label), `lens names the account: ${create.command!.title}`);
    assert.ok(create.command!.title.includes('Submit: Create subscription'), `lens is worded like the Submit command: ${create.command!.title}`);
    assert.ok(lenses.some((l) => l.command?.title.includes('Change Account…')), 'a lens to switch the account');
    const created = await vscode.commands.executeCommand<Subscription | undefined>(create.command!.command, ...(create.command!.arguments ?? []));
    assert.equal(created?.resource, 'groups');
    assert.ok(services.store.subscriptions(sandbox.id)?.some((s) => s.id === created!.id));
    const after = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
    const update = after.find((l) => l.command?.title.includes('Update subscription'));
    assert.ok(update, 'the draft becomes an update draft');

    // Renew from the same draft through the Update lens.
    const body = JSON.parse(doc.getText()) as Record<string, unknown>;
    const renewed = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text({ ...body, expirationDateTime: renewed }));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(doc, 'an update draft without errors', () => errorsOf(doc.uri).length === 0);
    const patched = await vscode.commands.executeCommand<Subscription | undefined>(update.command!.command, ...(update.command!.arguments ?? []));
    assert.equal(patched?.id, created!.id);
    assert.equal(Date.parse(patched!.expirationDateTime), Date.parse(renewed));
    assert.equal(Date.parse(services.store.subscriptions(sandbox.id)!.find((s) => s.id === created!.id)!.expirationDateTime), Date.parse(renewed));
  });

  test('errors block submission (nothing is sent, the draft is unchanged)', async () => {
    const doc = await draft('user', 'users', text(valid('users', 'created')));
    await waitForDiagnostics(doc, 'GS006', (d) => d.some((x) => codeOf(x) === FindingCode.changeTypeNotSupported));
    const before = doc.getText();
    const count = services.store.subscriptions(sandbox.id)?.length ?? 0;
    const result = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, doc.uri, { confirm: false });
    assert.equal(result, undefined);
    assert.equal(doc.getText(), before);
    assert.equal(services.store.subscriptions(sandbox.id)?.length ?? 0, count, 'nothing was created');
  });

  test('a Graph rejection (409 duplicate) keeps the draft text identical and marks the resource', async () => {
    const body = text(valid('groups/0d7f8a5e-dup', 'updated'));
    const first = await draft('group', 'groups/{groupId}', body);
    const created = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, first.uri, { confirm: false });
    assert.ok(created, `first creation works:\n${describe(first.uri)}`);
    const dup = await draft('group', 'groups/{groupId}', body);
    // The validator already warns about the duplicate (GS026); send anyway to get Graph's 409.
    await waitForDiagnostics(dup, 'GS026', (d) => d.some((x) => codeOf(x) === FindingCode.duplicateSubscription));
    const before = dup.getText();
    const result = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, dup.uri, { force: true });
    assert.equal(result, undefined, 'the duplicate is rejected');
    assert.equal(dup.getText(), before, 'the draft text is unchanged');
    const graph = await waitForDiagnostics(dup, 'the Graph diagnostic', (d) => d.some((x) => x.source === 'Microsoft Graph'));
    const g = graph.find((x) => x.source === 'Microsoft Graph')!;
    assert.equal(dup.getText(g.range), JSON.stringify('groups/0d7f8a5e-dup'), 'the 409 is shown on resource');
  });

  test('a failed endpoint validation (closed port) keeps the draft text identical', async () => {
    const body = valid('groups/abc', 'updated', { notificationUrl: 'http://127.0.0.1:9/notifications' });
    const doc = await draft('group', 'groups/{groupId}', text(body));
    const before = doc.getText();
    const result = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, doc.uri, { force: true });
    assert.equal(result, undefined);
    assert.equal(doc.getText(), before);
    const graph = await waitForDiagnostics(doc, 'the Graph diagnostic', (d) => d.some((x) => x.source === 'Microsoft Graph'));
    assert.equal(doc.getText(graph.find((x) => x.source === 'Microsoft Graph')!.range), JSON.stringify(body.notificationUrl));
  });

  test('Edit Subscription opens an update draft with only updatable properties', async () => {
    // Created outside a draft: the subscriptions of the earlier tests have theirs open, which Edit shows instead.
    const sub = await sandbox.client.create(valid('me/contacts', 'created') as unknown as SubscriptionDraft);
    services.store.upsert(sandbox.id, sub);
    // The tree's subscription node carries accountId and subscriptionId.
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.editSubscription, { type: 'subscription', accountId: sandbox.id, subscriptionId: sub.id });
    opened.push(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.deepEqual(Object.keys(JSON.parse(doc.getText())).sort(), ['expirationDateTime', 'notificationUrl']);
    const updated = await vscode.commands.executeCommand<Subscription | undefined>(CommandId.submitDraft, uri, { confirm: false });
    assert.equal(updated?.id, sub.id);
  });
});

// Hand-written drafts (no account chosen: they target the default account, if any).
suite('Subscription editor: diagnostics and quick fixes', function () {
  this.timeout(60_000);
  let services: Services;
  let receiverReady = false;
  const opened: vscode.Uri[] = [];
  let n = 0;

  suiteSetup(async () => {
    services = (await activateExtension()).services;
    try {
      await services.receiver.generateCertificate();
      receiverReady = true;
    } catch {
      receiverReady = false; // the receiver issue has not landed: the certificate fix is skipped
    }
  });

  suiteTeardown(async () => closeDrafts(opened));

  async function handDraft(content: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.from({ scheme: 'untitled', path: `/tmp/gs-editor-test-${process.pid}-${++n}.subscription.json` });
    opened.push(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), content);
    assert.ok(await vscode.workspace.applyEdit(edit));
    return doc;
  }

  function valid(resource: string, changeType: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      changeType,
      notificationUrl: 'https://hooks.example.com/notifications',
      resource,
      expirationDateTime: inDays(1),
      clientState: 'c5f2d8a0b7e94c1f8a3d6e2b9c4f7a10',
      ...extra,
    };
  }

  const text = (o: Record<string, unknown>) => `${JSON.stringify(o, null, '\t')}\n`;

  // Each broken draft has exactly one error, with its code and the exact text it underlines.
  const broken: { name: string; body: () => Record<string, unknown>; raw?: (t: string) => string; needsReceiver?: boolean; code: string; underlines: string }[] = [
    { name: 'change type the resource does not support', body: () => valid('users/abc', 'created'), code: FindingCode.changeTypeNotSupported, underlines: '"created"' },
    {
      name: 'misspelt property name',
      body: () => valid('users/abc', 'updated'),
      raw: (t) => t.replace('"clientState"', '"clientstate"'),
      code: FindingCode.unknownProperty,
      underlines: '"clientstate"',
    },
    { name: 'expiration over the maximum', body: () => valid('users/abc', 'updated', { expirationDateTime: inDays(90) }), code: FindingCode.expirationOverMaximum, underlines: 'EXPIRATION' },
    { name: 'rich notifications without certificate', body: () => valid('chats/19:abc@thread.v2', 'created,updated', { expirationDateTime: inDays(50 / 1440), includeResourceData: true }), code: FindingCode.certificateRequired, needsReceiver: true, underlines: 'true' },
    { name: 'Teams over one hour without lifecycleNotificationUrl', body: () => valid('chats/19:def@thread.v2', 'created,updated', { expirationDateTime: inDays(2) }), code: FindingCode.lifecycleUrlRequired, underlines: 'EXPIRATION' },
    { name: 'clientState over 128 characters', body: () => valid('users/abc', 'updated', { clientState: 'x'.repeat(200) }), code: FindingCode.clientStateTooLong, underlines: JSON.stringify('x'.repeat(200)) },
    { name: 'includeResourceData where rich notifications are not supported', body: () => valid('users/xyz', 'updated', { includeResourceData: true }), code: FindingCode.richNotSupported, underlines: 'true' },
  ];

  const docs = new Map<string, vscode.TextDocument>();

  for (const c of broken) {
    test(`broken draft: ${c.name} → ${c.code} at the right range`, async () => {
      const body = c.body();
      let t = text(body);
      if (c.raw) t = c.raw(t);
      const doc = await handDraft(t);
      docs.set(c.name, doc);
      const ds = await waitForDiagnostics(doc, `${c.code}`, (d) => d.some((x) => codeOf(x) === c.code));
      const diag = ds.find((x) => codeOf(x) === c.code)!;
      const underlined = doc.getText(diag.range);
      const expected = c.underlines === 'EXPIRATION' ? JSON.stringify(body.expirationDateTime) : c.underlines === 'RESOURCE' ? JSON.stringify(body.resource) : c.underlines;
      // Findings on a property's value or key: accept the value with or without quotes.
      assert.ok(underlined === expected || `"${underlined}"` === expected, `${c.code} underlines ${JSON.stringify(underlined)}, expected ${expected}`);
      assert.equal(diag.source, 'Graph Subscriptions');
      assert.deepEqual(errorsOf(doc.uri).map(codeOf), [c.code], `only one error:\n${describe(doc.uri)}`);
    });
  }

  for (const c of broken) {
    test(`quick fix of ${c.code} (${c.name}) leaves no errors`, async function () {
      const doc = docs.get(c.name);
      assert.ok(doc, 'the broken-draft test ran first');
      if (c.needsReceiver && !receiverReady) return this.skip();
      const diag = errorsOf(doc.uri).find((x) => codeOf(x) === c.code);
      assert.ok(diag, describe(doc.uri));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value, 10);
      const fix = actions.find((a) => a.diagnostics?.some((d) => codeOf(d) === c.code)) ?? actions.find((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value);
      assert.ok(fix, `a quick fix for ${c.code}; got ${actions.map((a) => a.title).join(', ')}`);
      if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), `applies ${fix.title}`);
      if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      await waitForDiagnostics(doc, `${c.code} gone after "${fix.title}"`, (d) => !d.some((x) => codeOf(x) === c.code));
      assert.deepEqual(errorsOf(doc.uri).map(codeOf), [], `after "${fix.title}":\n${doc.getText()}\n${describe(doc.uri)}`);
    });
  }


  test('completions offer catalog paths, the change types of the resource and TLS versions; hover shows the matrix row', async () => {
    const doc = await handDraft(text(valid('users', 'updated', { latestSupportedTlsVersion: 'v1_2' })));
    const at = (needle: string, delta = 1) => doc.positionAt(doc.getText().indexOf(needle) + delta);
    const labels = async (pos: vscode.Position) =>
      (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos)).items.map((i) =>
        typeof i.label === 'string' ? i.label : i.label.label,
      );
    const resources = await labels(at('"users"'));
    assert.ok(resources.includes('users/{userId}/messages') && resources.includes('chats/{chatId}/messages'), `resource completions: ${resources.slice(0, 20).join(', ')}`);
    const changeTypes = await labels(at('"updated"'));
    assert.ok(changeTypes.includes('updated,deleted'), `change types: ${changeTypes.join(', ')}`);
    assert.ok(!changeTypes.some((c) => c.split(',').includes('created')), 'users do not support created');
    const tls = await labels(at('"v1_2"'));
    assert.ok(['v1_0', 'v1_1', 'v1_2', 'v1_3'].every((v) => tls.includes(v)));

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at('"users"', 2));
    const md = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    for (const needle of ['Application', 'Maximum lifetime', 'Rich notifications', 'Quotas', 'learn.microsoft.com']) {
      assert.ok(md.includes(needle), `hover mentions ${needle}:\n${md}`);
    }
  });

  test('the resource value offers the switch between me/… and users/{userId}/…', async () => {
    const doc = await handDraft(text(valid('me/messages', 'created')));
    const pos = doc.positionAt(doc.getText().indexOf('me/messages') + 2);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(pos, pos));
    const swap = actions.find((a) => a.edit?.get(doc.uri).some((e) => e.newText === '"users/{userId}/messages"'));
    assert.ok(swap, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(swap.edit!));
    assert.equal(JSON.parse(doc.getText()).resource, 'users/{userId}/messages');
  });

  test('the contributed JSON schema describes properties of untitled drafts', async () => {
    const doc = await handDraft(text(valid('users', 'updated')));
    const pos = doc.positionAt(doc.getText().indexOf('"clientState"') + 3);
    await eventually('the JSON language service hover from media/subscription.schema.json', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
      const md = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return md.includes('echoed in every notification') ? true : undefined;
    });
  });
});
