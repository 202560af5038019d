import * as vscode from 'vscode';
import { ViewId } from '../constants';
import { accountNode } from '../tree/subscriptionTreeProvider';
import type { CommandDeps } from './types';

/** Starts the Sandbox (local Graph emulator) and reveals it in the view; resolves to its account id. */
export const openSandbox = (deps: CommandDeps) => async () => {
  const account = await deps.accounts.ensureSandbox();
  await deps.store.refresh(account.id);
  await vscode.commands.executeCommand(`${ViewId.subscriptions}.focus`);
  try {
    // The node the view registered, when it has one: a fresh object makes VS Code resolve (fetch)
    // the roots again while the view may be fetching them itself.
    const node = deps.tree.provider.node(account.id) ?? accountNode(account);
    await deps.tree.view.reveal(node, { expand: true, select: true });
  } catch {
    // the view may not be visible (e.g. tests without a workbench); the tree is loaded anyway
  }
  return account.id;
};
