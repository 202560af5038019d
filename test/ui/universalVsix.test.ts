// UI tier, issue 14: the universal VSIX (no ngrok native module, for platforms without a VSIX of
// their own) installed as a user would. "Start Tunnel" in ngrok mode explains why ngrok is not
// available (a warning, not an error) and offers "Use a Custom URL", which asks for the URL and sets
// the tunnel to it; the URL is checked before it is called up (here it does not resolve: no internet).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { plain, statusBarText, waitForText } from './journeyKit';
import { REPO_ROOT, withWorkbench } from './workbench';

function packageUniversal(): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gs-universal-')), 'graph-subscriptions-universal.vsix');
  const r = spawnSync(process.execPath, ['scripts/package-all.js', '--only', 'universal', '--out', out, '--quiet'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error(`package-all --only universal failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return out;
}

test('universal VSIX: Start Tunnel explains the missing ngrok module and "Use a Custom URL" sets the tunnel and checks it', { timeout: 600_000 }, async () => {
  const vsix = packageUniversal();
  await withWorkbench(
    {
      name: 'universal-vsix',
      vsix,
      // An authtoken, so the tunnel gets as far as loading the native module.
      env: { NGROK_AUTHTOKEN: '2UItest_universal_vsix_token' },
      settings: { 'graphSubscriptions.tunnel.mode': 'ngrok' },
    },
    async (wb) => {
      await wb.activityItem('Graph Subscriptions').waitFor({ timeout: 90_000 });
      await wb.runCommand('Graph Subscriptions: Start Tunnel');
      const toast = await wb.waitForNotification('The built-in ngrok tunnel is not available');
      const text = plain(await toast.innerText());
      assert.match(text, /universal package, which carries no ngrok native module/);
      const button = toast.locator('.monaco-button', { hasText: 'Use a Custom URL' }).first();
      await button.waitFor();
      await wb.screenshot('universal-vsix-ngrok-unavailable');
      await button.click();
      await wb.answerQuickInput('https://my-tunnel.example.com');
      // Checked like Graph would before it is called up: this name does not resolve here.
      const check = await wb.waitForNotification('The tunnel is set to https://my-tunnel.example.com, but the check failed');
      assert.match(plain(await check.innerText()), /does not resolve/);
      const status = await waitForText(() => statusBarText(wb.page), (t) => t.includes('my-tunnel.example.com'), 'the tunnel host in the status bar');
      assert.match(status, /my-tunnel\.example\.com/);
      await wb.screenshot('universal-vsix-custom-url');
    },
  );
});
