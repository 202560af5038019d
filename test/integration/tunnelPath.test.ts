// Issue 19 item 10, inside VS Code: every step of the tunnel path ends in a next step. Mode "none"
// → a choice of modes; ngrok offline (the real native module dialling a refused port) → a plain
// warning with Retry / Use a Custom URL / Open Settings; an empty custom URL → Enter URL… / Open
// Settings; "Tunnel up" only after the public URL passed Graph's validation request (a custom URL
// that fails it says why); a burst of settings edits → one prompt; saving the authtoken → Start Tunnel.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandId, CONFIG_SECTION, ConfigKey } from '../../src/constants';
import type { ReceiverServiceImpl } from '../../src/notifications/receiverService';
import { activateExtension, eventually } from './helpers';
import { WindowStub, type Answer } from './windowStub';

type Mutable = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

suite('Tunnel path', () => {
  let receiver: ReceiverServiceImpl;
  let stub: WindowStub | undefined;
  const w = vscode.window as Mutable;
  const originalInputBox = w.showInputBox;
  const originalProgress = w.withProgress;
  let inputs: string[] = [];
  let inputAnswers: (string | undefined)[] = [];
  let progressTitles: string[] = [];
  const config = () => vscode.workspace.getConfiguration(CONFIG_SECTION);
  const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', `${name}.js`);

  function answer(script: Answer): WindowStub {
    stub = new WindowStub(script);
    return stub;
  }

  async function settings(values: Partial<Record<'mode' | 'url', string | undefined>>): Promise<void> {
    await receiver.applyingTunnelSettings(async () => {
      if ('url' in values) await config().update(ConfigKey.tunnelCustomPublicUrl, values.url, vscode.ConfigurationTarget.Global);
      if ('mode' in values) await config().update(ConfigKey.tunnelMode, values.mode, vscode.ConfigurationTarget.Global);
    });
  }

  suiteSetup(async () => {
    const api = await activateExtension();
    receiver = api.services.receiver as ReceiverServiceImpl;
  });

  setup(() => {
    inputs = [];
    inputAnswers = [];
    progressTitles = [];
    w.showInputBox = ((options?: vscode.InputBoxOptions) => {
      inputs.push(options?.title ?? '');
      return Promise.resolve(inputAnswers.shift());
    }) as Mutable['showInputBox'];
    w.withProgress = ((options: vscode.ProgressOptions, task: Parameters<Mutable['withProgress']>[1]) => {
      progressTitles.push(options.title ?? '');
      return originalProgress(options, task);
    }) as Mutable['withProgress'];
  });

  teardown(async () => {
    stub?.restore();
    stub = undefined;
    w.showInputBox = originalInputBox;
    w.withProgress = originalProgress;
    receiver.ngrokModuleId = '@ngrok/ngrok';
    await receiver.stop();
    await settings({ mode: undefined, url: undefined });
  });

  test('mode "none": Start Tunnel offers the modes instead of an error, and Keep None stays quiet', async () => {
    await settings({ mode: 'none' });
    const s = answer((c) => (c.kind === 'quickPick' ? '$(circle-slash) Keep None' : undefined));
    const url = await vscode.commands.executeCommand<string | undefined>(CommandId.startTunnel);
    assert.equal(url, undefined);
    const picks = s.find('quickPick');
    assert.equal(picks.length, 1, 'one quick pick of modes');
    assert.match(picks[0].message, /how should Microsoft Graph reach the receiver/);
    for (const mode of ['ngrok', 'Custom URL', 'Keep None']) assert.ok(picks[0].items.some((i) => i.includes(mode)), `${mode} offered: ${picks[0].items.join(' | ')}`);
    // code-server runs a remote extension host: its forwarded port is supported here.
    assert.ok(picks[0].items.some((i) => i.includes('Forwarded port')), 'forwarded port offered in a remote window');
    assert.deepEqual(s.find('error'), [], 'no error');
    assert.deepEqual(s.find('warning'), [], 'no warning');
  });

  test('mode "none" → pick ngrok: the mode is set and the tunnel comes up through (fake) ngrok, checked first', async () => {
    receiver.ngrokModuleId = fixture('fakeNgrok');
    await receiver.setNgrokAuthtoken('2TESTtoken_for_tunnel_path');
    await settings({ mode: 'none' });
    const s = answer((c) => (c.kind === 'quickPick' ? '$(globe) ngrok' : undefined));
    const url = await vscode.commands.executeCommand<string>(CommandId.startTunnel);
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(config().get(ConfigKey.tunnelMode), 'ngrok');
    assert.ok(progressTitles.some((t) => /^Checking that Graph can reach .*\/notifications/.test(t)), `progress while checking: ${progressTitles.join(' | ')}`);
    const up = await eventually('the Tunnel up message', () => s.find('info', /^Tunnel up: /)[0]);
    assert.match(up.message, /answered Graph's validation request in \d+ ms/);
    assert.deepEqual(s.find('error'), []);
  });

  test('ngrok offline (the real module, refused server): a plain warning with Retry, Use a Custom URL and Open Settings', async () => {
    receiver.ngrokModuleId = fixture('offlineNgrok');
    await receiver.setNgrokAuthtoken('2TESTtoken_offline_ngrok_12345');
    await settings({ mode: 'ngrok' });
    const s = answer(() => undefined);
    const url = await vscode.commands.executeCommand<string | undefined>(CommandId.startTunnel);
    assert.equal(url, undefined);
    assert.deepEqual(s.find('error').map((c) => c.message), [], 'not a red error');
    const warning = await eventually('the offline warning', () => s.find('warning', /ngrok could not reach its servers/)[0]);
    assert.doesNotMatch(warning.message, /tcp connection|failed to connect session/);
    assert.ok(['Retry', 'Use a Custom URL', 'Open Settings'].every((b) => warning.items.includes(b)), `buttons: ${warning.items.join(', ')}`);
    // Retry runs Start Tunnel again (still offline: the same warning, no error).
    s.answerWith((c) => (c.kind === 'warning' && s.find('warning').length === 2 ? 'Retry' : undefined));
    await vscode.commands.executeCommand(CommandId.startTunnel);
    await eventually('a second warning after Retry', () => s.find('warning', /ngrok could not reach its servers/).length >= 3 || undefined);
    assert.deepEqual(s.find('error'), []);
  });

  test('empty custom URL: a warning with Enter URL… (asks, then brings the tunnel up) and Open Settings on the setting', async () => {
    await settings({ mode: 'customUrl', url: '' });
    const s = answer(() => undefined);
    await vscode.commands.executeCommand(CommandId.startTunnel);
    const warning = await eventually('the empty-URL warning', () => s.find('warning', /no custom public URL is set/)[0]);
    assert.deepEqual(warning.items, ['Enter URL…', 'Open Settings']);
    assert.deepEqual(s.find('error'), []);
    // Enter URL…: the input box; the tunnel comes up with that URL (its check fails: nobody listens).
    inputAnswers = ['https://127.0.0.1:1/'];
    s.answerWith((c) => (c.kind === 'warning' && /no custom public URL/.test(c.message) ? 'Enter URL…' : undefined));
    await vscode.commands.executeCommand(CommandId.startTunnel);
    await eventually('the URL asked for', () => inputs.some((t) => /Public URL of your tunnel/.test(t)) || undefined);
    await eventually('the tunnel set to it', () => receiver.tunnelUrl() === 'https://127.0.0.1:1' || undefined);
    assert.equal(config().get(ConfigKey.tunnelCustomPublicUrl), 'https://127.0.0.1:1');
  });

  test('a custom URL that fails the check (ENOTFOUND, refused) is not "Tunnel up": the reason and next steps', async () => {
    for (const [url, reason] of [
      ['https://my-tunnel.example.com', /my-tunnel\.example\.com does not resolve \((ENOTFOUND|EAI_AGAIN)\)/],
      ['https://127.0.0.1:1', /refused the connection \(ECONNREFUSED\)/],
    ] as const) {
      await receiver.stopTunnel(false);
      await settings({ mode: 'customUrl', url });
      const s = answer(() => undefined);
      const result = await vscode.commands.executeCommand<string>(CommandId.startTunnel);
      assert.equal(result, url, 'the URL stays set');
      const warning = await eventually(`the failed check of ${url}`, () => s.find('warning', /the check failed/)[0]);
      assert.match(warning.message, reason);
      assert.deepEqual(warning.items, ['Check Again', 'Change URL…', 'Stop Tunnel']);
      assert.deepEqual(s.find('info', /Tunnel up/), [], `no "Tunnel up" for ${url}`);
      assert.deepEqual(s.find('error'), []);
      s.restore();
    }
  });

  test('several tunnel settings edited in a row: one "restart to apply?" prompt with a button', async () => {
    await settings({ mode: 'customUrl', url: 'https://127.0.0.1:1' });
    await vscode.commands.executeCommand(CommandId.startReceiver);
    assert.ok(receiver.isRunning());
    const s = answer(() => undefined);
    // A user editing three settings (not through Choose Tunnel Mode, which applies them itself).
    await config().update(ConfigKey.tunnelCustomPublicUrl, 'https://127.0.0.1:2', vscode.ConfigurationTarget.Global);
    await config().update(ConfigKey.tunnelNgrokDomain, 'me.ngrok.app', vscode.ConfigurationTarget.Global);
    await config().update(ConfigKey.tunnelMode, 'ngrok', vscode.ConfigurationTarget.Global);
    await eventually('the prompt', () => s.find('info', /settings changed/i)[0]);
    await new Promise((r) => setTimeout(r, 2500));
    const prompts = s.find('info', /settings changed/i);
    assert.equal(prompts.length, 1, `one prompt, not ${prompts.length}: ${prompts.map((p) => p.message).join(' / ')}`);
    assert.match(prompts[0].message, /custom public URL/);
    assert.match(prompts[0].message, /ngrok domain/);
    assert.match(prompts[0].message, /tunnel mode/);
    assert.ok(['Restart', 'Start Tunnel'].some((b) => prompts[0].items.includes(b)), `a button: ${prompts[0].items.join(', ')}`);
    await receiver.applyingTunnelSettings(() => config().update(ConfigKey.tunnelNgrokDomain, undefined, vscode.ConfigurationTarget.Global));
  });

  test('a failed handshake self-test is a warning with its result, not a red error', async () => {
    const s = answer(() => undefined);
    await vscode.commands.executeCommand(CommandId.handshakeSelfTest, { url: 'http://127.0.0.1:1/notifications' });
    assert.deepEqual(s.find('error').map((c) => c.message), [], 'not a red error');
    const warning = s.find('warning', /^Handshake self-test of http:\/\/127\.0\.0\.1:1\/notifications failed \(rule: reachable\)/)[0];
    assert.ok(warning, `a warning: ${s.calls.map((c) => c.message).join(' / ')}`);
    assert.deepEqual(warning.items, ['Show Notifications']);
  });

  test('saving the ngrok authtoken offers Start Tunnel, which brings the (fake) ngrok tunnel up', async () => {
    receiver.ngrokModuleId = fixture('fakeNgrok');
    await settings({ mode: 'ngrok' });
    inputAnswers = ['2TESTtoken_saved_then_started'];
    const s = answer((c) => (c.kind === 'info' && /authtoken saved/.test(c.message) ? 'Start Tunnel' : undefined));
    await vscode.commands.executeCommand(CommandId.setNgrokAuthtoken);
    const saved = s.find('info', /authtoken saved/)[0];
    assert.ok(saved, 'a confirmation');
    assert.ok(saved.items.includes('Start Tunnel'), `buttons: ${saved.items.join(', ')}`);
    await eventually('the tunnel up', () => receiver.tunnelUrl());
    await eventually('the Tunnel up message', () => s.find('info', /^Tunnel up: /)[0]);
    assert.deepEqual(s.find('error'), []);
  });
});
