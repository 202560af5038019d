// Issue 19 item 14, inside VS Code: signing in with an app registration while offline (MSAL's HTTP
// sent to a refused port) is a warning naming the registration and the login host, with Retry —
// and Retry, once the (stub) login host answers, signs in. The saved registration is listed by its
// label, not a bare GUID.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId, CONFIG_SECTION, ConfigKey } from '../../src/constants';
import type { AccountServiceImpl } from '../../src/auth/accountService';
import { offlineNetworkClient } from '../fixtures/offlineNetwork';
import { TokenEndpointStub } from '../fixtures/tokenEndpointStub';
import { activateExtension, eventually } from './helpers';
import { WindowStub } from './windowStub';

const CLIENT = '0a1b2c3d-1111-2222-3333-444444444444';

suite('Sign-in offline', () => {
  let accounts: AccountServiceImpl;
  let stub: WindowStub | undefined;
  let tokens: TokenEndpointStub;
  const config = () => vscode.workspace.getConfiguration(CONFIG_SECTION);

  suiteSetup(async () => {
    const api = await activateExtension();
    accounts = api.services.accounts as AccountServiceImpl;
    tokens = new TokenEndpointStub();
    await tokens.start();
    await config().update(ConfigKey.appRegistrations, [{ clientId: CLIENT, tenantId: tokens.tenantId, cloud: 'global', flow: 'deviceCode', scopes: ['Mail.Read'] }], vscode.ConfigurationTarget.Global);
    await eventually('the registration read', () => accounts.appRegistrations.list().length === 1 || undefined);
  });

  suiteTeardown(async () => {
    stub?.restore();
    accounts.msal.networkClient = undefined;
    const id = `msal:global:${tokens.tenantId}:${CLIENT}:deviceCode`;
    if (accounts.get(id)) await accounts.msal.signOut(id);
    await config().update(ConfigKey.appRegistrations, undefined, vscode.ConfigurationTarget.Global);
    await tokens.close();
  });

  test('device code offline: a warning naming the registration and login.microsoftonline.com, with Retry that signs in once online', async () => {
    const accountId = `msal:global:${tokens.tenantId}:${CLIENT}:deviceCode`;
    const offline = offlineNetworkClient();
    accounts.msal.networkClient = offline;
    // The user reads the warning and, back online (the stub login host), presses Retry; the
    // "browser" then approves the device code.
    stub = new WindowStub((c) => {
      if (c.kind === 'warning' && /^Could not reach/.test(c.message)) {
        accounts.msal.networkClient = tokens.networkClient();
        return 'Retry';
      }
      if (c.kind === 'info' && /enter the code/.test(c.message)) setTimeout(() => tokens.approveAll(), 0);
      return undefined;
    });
    await vscode.commands.executeCommand(CommandId.signIn, { accountId });
    assert.deepEqual(stub.find('error').map((c) => c.message), [], 'not a red error');
    assert.ok(offline.attempts.length > 0, 'MSAL tried the (refused) network');
    const warnings = stub.find('warning', /^Could not reach login\.microsoftonline\.com to sign in to /);
    assert.equal(warnings.length, 1, 'one warning, then Retry succeeded');
    assert.match(warnings[0].message, /to sign in to 11111111… · 0a1b2c3d…: /, 'the registration by its label');
    assert.doesNotMatch(warnings[0].message, /network_error|fetch failed/);
    assert.deepEqual(warnings[0].items, ['Retry', 'Open the Sandbox']);
    const account = await eventually('the account signed in by Retry', () => accounts.get(accountId));
    assert.match(account.label, /^11111111… · 0a1b2c3d… \(/);
  });

  test('the saved registration is listed by its label, not a bare GUID', async () => {
    stub?.restore();
    stub = new WindowStub(() => undefined);
    await vscode.commands.executeCommand(CommandId.signIn);
    const pick = stub.find('quickPick', /Sign in to Microsoft Graph/)[0];
    assert.ok(pick, 'the sign-in pick');
    const row = pick.items.find((i) => i.includes('0a1b2c3d…'));
    assert.ok(row, `the registration's row: ${pick.items.join(' | ')}`);
    assert.match(row, /^\$\(key\) 11111111… · 0a1b2c3d… — device code · tenant /);
    assert.ok(!pick.items.some((i) => i.startsWith(`$(key) ${CLIENT}`)), 'not the bare client id');
  });
});
