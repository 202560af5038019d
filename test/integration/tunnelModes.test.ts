// Inside VS Code (issue 14): the tunnel where ngrok's native module is missing (universal VSIX)
// explains why and offers "Use a Custom URL", which switches the mode and brings the tunnel up;
// a fake ngrok module with ngrok's surface carries a real handshake to the receiver; and in this
// remote window (code-server runs the extension host where the workspace is) the forwarded-port
// mode resolves the receiver through vscode.env.asExternalUri and passes the handshake self-test.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandId, CONFIG_SECTION, ConfigKey } from '../../src/constants';
import type { ReceiverServiceImpl } from '../../src/notifications/receiverService';
import type { UserFacingError } from '../../src/util/errors';
import { activateExtension } from './helpers';

suite('Tunnel modes', () => {
  let receiver: ReceiverServiceImpl;
  const config = () => vscode.workspace.getConfiguration(CONFIG_SECTION);

  suiteSetup(async () => {
    const api = await activateExtension();
    receiver = api.services.receiver as ReceiverServiceImpl;
  });

  teardown(async () => {
    receiver.ngrokModuleId = '@ngrok/ngrok';
    await receiver.stop();
    await receiver.applyingTunnelSettings(async () => {
      await config().update(ConfigKey.tunnelMode, undefined, vscode.ConfigurationTarget.Global);
      await config().update(ConfigKey.tunnelCustomPublicUrl, undefined, vscode.ConfigurationTarget.Global);
    });
  });

  test('without the ngrok native module the tunnel says why and "Use a Custom URL" brings it up', async () => {
    // As in the universal VSIX: `require` of the ngrok module fails with MODULE_NOT_FOUND.
    receiver.ngrokModuleId = '@ngrok/ngrok-not-in-this-vsix';
    await receiver.setNgrokAuthtoken('2TESTtoken_for_missing_module_check');
    await receiver.applyingTunnelSettings(() => config().update(ConfigKey.tunnelMode, 'ngrok', vscode.ConfigurationTarget.Global));
    const error = await receiver.startTunnel().then(
      () => assert.fail('the tunnel started without a native module'),
      (e: unknown) => e,
    );
    // The bundle has its own copy of the class: compare by name and shape.
    assert.ok(error instanceof Error && error.name === 'UserFacingError', String(error));
    const { nextSteps } = error as UserFacingError;
    assert.match(error.message, /^The built-in ngrok tunnel is not available: ngrok's native module for .+ is not part of this installation/);
    assert.match(error.message, /custom URL/);
    const custom = nextSteps.find((s) => s.title === 'Use a Custom URL');
    assert.ok(custom, `next steps: ${nextSteps.map((s) => s.title).join(', ')}`);
    assert.equal(custom.command, CommandId.chooseTunnelMode);
    // code-server is a remote window: the forwarded port is offered too.
    assert.ok(nextSteps.some((s) => s.title === 'Use the Forwarded Port'), 'forwarded port offered in a remote window');
    assert.ok(receiver.recentOutput().some((l) => l.includes('The built-in ngrok tunnel is not available')), 'explained in Graph Notifications');

    // The button, with the URL the input box would take.
    const url = await vscode.commands.executeCommand<string>(custom.command, { ...(custom.args?.[0] as object), url: 'https://my-tunnel.example.com/' });
    assert.equal(url, 'https://my-tunnel.example.com');
    assert.equal(receiver.tunnelUrl(), 'https://my-tunnel.example.com');
    assert.equal(config().get(ConfigKey.tunnelMode), 'customUrl');
    assert.equal(config().get(ConfigKey.tunnelCustomPublicUrl), 'https://my-tunnel.example.com');
    assert.equal(receiver.endpoints()?.publicNotificationUrl, 'https://my-tunnel.example.com/notifications');
  });

  test('a fake ngrok module with ngrok\'s surface: the tunnel comes up and the handshake passes through it', async () => {
    receiver.ngrokModuleId = path.join(__dirname, '..', 'fixtures', 'fakeNgrok.js');
    await receiver.setNgrokAuthtoken('2TESTtoken_for_fake_ngrok');
    await receiver.applyingTunnelSettings(() => config().update(ConfigKey.tunnelMode, 'ngrok', vscode.ConfigurationTarget.Global));
    const url = await vscode.commands.executeCommand<string>(CommandId.startTunnel);
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    const result = await receiver.selfTest();
    assert.equal(result.url, `${url}/notifications`);
    assert.equal(result.ok, true, result.message);
  });

  test('forwarded port (remote window): asExternalUri reaches the receiver and the handshake self-test passes', async () => {
    assert.ok(vscode.env.remoteName, `code-server runs a remote extension host (remoteName ${vscode.env.remoteName})`);
    const url = await vscode.commands.executeCommand<string>(CommandId.chooseTunnelMode, { mode: 'forwardedPort' });
    assert.ok(url, 'tunnel up');
    console.log(`    forwarded URL: ${url}`);
    const local = receiver.endpoints()!.localNotificationUrl;
    assert.notEqual(`${url}/notifications`, local, 'a forwarded URL, not the local one');
    assert.equal(config().get(ConfigKey.tunnelMode), 'forwardedPort');
    assert.ok(receiver.tunnelNote(), 'the user is told what the forwarded port needs');
    const result = await receiver.selfTest();
    assert.equal(result.url, `${url}/notifications`);
    assert.equal(result.ok, true, `${result.message} (through ${result.url})`);
  });
});
