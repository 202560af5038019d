import * as vscode from 'vscode';
import { ConfigKey } from '../constants';
import { CancelledError, UserFacingError } from '../util/errors';
import { settingId } from '../util/config';
import type { TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/** Signs out of an account (a tree node, `{accountId}`, or a pick); the Sandbox needs no sign-in. */
export const signOut = (deps: CommandDeps) => async (arg?: TargetArg) => {
  const { accounts } = deps;
  let id = arg?.accountId;
  if (!id) {
    const candidates = accounts.list().filter((a) => !a.isSandbox);
    if (candidates.length === 0) throw new UserFacingError('No account is signed in (the Sandbox needs no sign-in).');
    const pick = await vscode.window.showQuickPick(candidates.map((a) => ({ label: a.label, id: a.id })), { title: 'Sign out of' });
    if (!pick) throw new CancelledError();
    id = pick.id;
  }
  if (accounts.get(id)?.isSandbox) {
    throw new UserFacingError('The Sandbox needs no sign-in. Turn it off with the graphSubscriptions.sandbox.enabled setting.', [
      { title: 'Open Settings', command: 'workbench.action.openSettings', args: [settingId(ConfigKey.sandboxEnabled)] },
    ]);
  }
  await accounts.signOut(id);
  deps.tree.autoRenew.removeAccount(id);
};
