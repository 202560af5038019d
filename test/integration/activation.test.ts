// Runs inside VS Code's extension host: the extension activates, its commands match the manifest
// and CommandId, its view container and tree view open, and its output channel exists.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId, EXTENSION_ID, LOG_CHANNEL_NAME, ViewId } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';
import { eventually } from './helpers';

interface ManifestCommand {
  command: string;
  title: string;
}

function extension(): vscode.Extension<ExtensionApi | undefined> {
  const ext = vscode.extensions.getExtension<ExtensionApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

/** Polls `check` until it returns a value (no timing assertions: mocha's timeout bounds it). */

suite('Activation', () => {
  suiteSetup(async () => {
    await extension().activate();
  });

  test('the extension activates and returns its API', async () => {
    const ext = extension();
    const api = await ext.activate();
    assert.equal(ext.isActive, true);
    assert.ok(api, 'activate() returned undefined: activation failed (see the Graph Subscriptions output channel)');
    assert.ok(api.services.accounts, 'API exposes the account service');
  });

  test('every command in contributes.commands is registered', async () => {
    const contributed = (extension().packageJSON.contributes.commands as ManifestCommand[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.ok(missing.length === 0, `contributed but not registered: ${missing.join(', ')}`);
  });

  test('every registered graphSubscriptions.* command is contributed', async () => {
    const contributed = new Set((extension().packageJSON.contributes.commands as ManifestCommand[]).map((c) => c.command));
    // VS Code registers `<viewId>.focus`, `.resetViewLocation`, … for our view and container; those are not ours.
    const generated = (id: string): boolean =>
      id.startsWith(`${ViewId.subscriptions}.`) || id.startsWith(`workbench.view.extension.${ViewId.container}`);
    const ours = (await vscode.commands.getCommands(true)).filter(
      (id) => id.startsWith('graphSubscriptions.') && !generated(id),
    );
    const extra = ours.filter((id) => !contributed.has(id));
    assert.ok(extra.length === 0, `registered but not in contributes.commands: ${extra.join(', ')}`);
  });

  test('contributes.commands and CommandId list the same ids', () => {
    const contributed = (extension().packageJSON.contributes.commands as ManifestCommand[]).map((c) => c.command).sort();
    const ids = [...new Set(Object.values(CommandId))].sort();
    assert.deepEqual(contributed, ids);
  });

  test('the view container opens and the tree view becomes visible', async () => {
    // Both commands exist only if the container and view are contributed; they resolve once shown.
    await vscode.commands.executeCommand(`workbench.view.extension.${ViewId.container}`);
    await vscode.commands.executeCommand(`${ViewId.subscriptions}.focus`);
    // The view's onView activation event fired (or the extension was already active).
    assert.equal(extension().isActive, true);
    const api = await extension().activate();
    assert.ok(api, 'activation failed');
    const view = api.tree.view;
    await eventually('the Subscriptions tree view to become visible', () => (view.visible ? true : undefined));
  });

  test('the output channel exists', async () => {
    await vscode.commands.executeCommand(CommandId.showLog);
    // Shown output channels appear as `output:` documents named after the extension and channel.
    const doc = await eventually('output channel document', () =>
      vscode.workspace.textDocuments.find(
        (d) => d.uri.scheme === 'output' && decodeURIComponent(d.uri.toString()).includes(LOG_CHANNEL_NAME),
      ),
    ).catch((error: unknown) => {
      const seen = vscode.workspace.textDocuments.map((d) => d.uri.toString()).join('\n  ');
      throw new Error(`${String(error)}; open documents:\n  ${seen}`);
    });
    assert.ok(doc);
  });
});
