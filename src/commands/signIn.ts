import * as vscode from 'vscode';
import { delegatedPermissionChoices } from '../auth/accountService';
import type { AppRegistration } from '../auth/msalAccounts';
import { registrationDescription, registrationLabel } from '../auth/registrationLabel';
import { CommandId } from '../constants';
import { CancelledError } from '../util/errors';
import type { CommandDeps } from './types';

export interface SignInArgs {
  /** Go straight to "Add your own app registration…". */
  addAppRegistration?: boolean;
  /** "Sign In Again" from a 401/403: the same account kind, maybe with more scopes. */
  accountId?: string;
  scopes?: string[];
}

/** Sign in with VS Code's Microsoft account, an app registration (MSAL), or open the Sandbox. */
export const signIn = (deps: CommandDeps) => async (arg?: SignInArgs) => {
  const { accounts, store } = deps;
  const registrations = accounts.appRegistrations;
  if (arg?.addAppRegistration) return registrations.signIn(await registrations.add());
  if (arg?.accountId?.startsWith('vscode:')) {
    const account = accounts.get(arg.accountId);
    const current = (await account?.grantedPermissions()) ?? [];
    return accounts.signInWithVsCode([...new Set([...current, ...(arg.scopes ?? [])])]);
  }
  if (arg?.accountId?.startsWith('msal:')) {
    const reg = registrations.list().find((r) => `msal:${r.cloud}:${r.tenantId}:${r.clientId}:${r.flow}` === arg.accountId);
    if (reg) return registrations.signIn(reg);
  }
  type Pick = vscode.QuickPickItem & { run: () => PromiseLike<unknown> };
  const items: Pick[] = [
    {
      label: '$(account) Microsoft account (VS Code sign-in)',
      detail: "Quickest. Graph then lists only subscriptions created with VS Code's application id.",
      run: async () => {
        const picked = await vscode.window.showQuickPick(
          delegatedPermissionChoices().map((c) => ({ label: c.permission, description: c.resources.join(', '), picked: c.permission === 'Mail.Read' })),
          { title: 'Graph permissions to request (delegated)', canPickMany: true, ignoreFocusOut: true, matchOnDescription: true },
        );
        if (!picked || picked.length === 0) throw new CancelledError();
        return accounts.signInWithVsCode(picked.map((p) => p.label));
      },
    },
    ...registrations.list().map(
      (reg: AppRegistration): Pick => ({
        label: `$(key) ${registrationLabel(reg)}`,
        description: registrationDescription(reg),
        run: () => registrations.signIn(reg),
      }),
    ),
    { label: '$(add) Add your own app registration…', detail: 'Browser, device code, client secret or certificate; any Microsoft cloud.', run: async () => registrations.signIn(await registrations.add()) },
    { label: '$(beaker) Open the Sandbox', detail: 'Local Graph emulator: no sign-in.', run: () => vscode.commands.executeCommand(CommandId.openSandbox) },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Sign in to Microsoft Graph', ignoreFocusOut: true });
  if (!pick) throw new CancelledError();
  const result = await pick.run();
  await store.refresh();
  return result;
};
