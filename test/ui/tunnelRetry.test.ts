// UI tier: ngrok cannot reach its servers (no internet on this machine), and the user clicks Retry
// on the warning, again and again. After each failed attempt the user must see one warning with
// its buttons on top, clickable: not hidden under the "Starting the tunnel…" progress toast, not
// stacked under duplicates of itself. Screenshots: artifacts/tunnelRetry-NN-*.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { Steps } from './journeyKit';
import { ARTIFACTS_DIR, Workbench } from './workbench';

let wb: Workbench | undefined;
let steps: Steps;
let failed: unknown;

before(async () => {
  if (fs.existsSync(ARTIFACTS_DIR)) for (const f of fs.readdirSync(ARTIFACTS_DIR)) if (f.startsWith('tunnelRetry-')) fs.rmSync(path.join(ARTIFACTS_DIR, f), { force: true });
  wb = await Workbench.launch({ name: 'tunnelRetry', settings: { 'graphSubscriptions.tunnel.mode': 'none' } });
  steps = new Steps(wb, 'tunnelRetry');
});

after(async () => {
  await wb?.close(failed);
});

const OFFLINE = 'ngrok could not reach its servers';
const TOAST = '.notification-toast';

/** Each button's label when the point at its centre is the button itself (nothing covers it). */
async function clickableButtons(toast: Locator): Promise<string[]> {
  return toast.locator('.monaco-button').evaluateAll((els) =>
    els
      .filter((e) => {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit !== null && (hit === e || e.contains(hit));
      })
      .map((e) => (e.textContent ?? '').trim()),
  );
}

/** What the toasts showed, sampled every 50 ms in the page from now until `stop()` (for "shown together" checks). */
async function watchToasts(w: Workbench): Promise<{ stop: () => Promise<string[][]> }> {
  await w.page.evaluate(() => {
    const g = window as unknown as { __gsToastSamples: string[][]; __gsToastTimer: ReturnType<typeof setInterval> };
    g.__gsToastSamples = [];
    g.__gsToastTimer = setInterval(() => {
      g.__gsToastSamples.push(Array.from(document.querySelectorAll('.notification-toast .notification-list-item-message')).map((e) => (e.textContent ?? '').trim()));
    }, 50);
  });
  return {
    stop: () =>
      w.page.evaluate(() => {
        const g = window as unknown as { __gsToastSamples: string[][]; __gsToastTimer: ReturnType<typeof setInterval> };
        clearInterval(g.__gsToastTimer);
        return g.__gsToastSamples;
      }),
  };
}

/** Waits until the toasts settle: no progress toast, and the offline warning shown. */
async function settledOfflineWarning(w: Workbench): Promise<Locator> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const texts = await w.notifications();
    const progress = texts.filter((t) => /Starting the tunnel/.test(t));
    const offline = texts.filter((t) => t.includes(OFFLINE));
    if (progress.length === 0 && offline.length > 0) break;
    if (Date.now() > deadline) throw new Error(`toasts did not settle: ${JSON.stringify(texts)}`);
    await w.page.waitForTimeout(250);
  }
  // Let a late toast (a progress shown after the warning, a duplicate) appear before judging.
  await w.page.waitForTimeout(1_500);
  return w.page.locator(TOAST, { hasText: OFFLINE }).first();
}

async function assertOneActionableWarning(w: Workbench, attempt: string, watch: { stop: () => Promise<string[][]> }): Promise<Locator> {
  // The window as the user first sees the warning (before the fix: under the progress toast).
  await w.page.locator(TOAST, { hasText: OFFLINE }).first().waitFor({ timeout: 90_000 });
  await steps.shot(`${attempt.replace(/\s+/g, '-').toLowerCase()}-warning-appears`);
  const toast = await settledOfflineWarning(w);
  // The warning must never share the screen with the attempt's progress toast (which covers its buttons).
  const samples = await watch.stop();
  const together = samples.filter((t) => t.some((x) => x.includes(OFFLINE)) && t.some((x) => /Starting the tunnel/.test(x)));
  assert.deepEqual(together.slice(0, 1), [], `${attempt}: the warning showed while "Starting the tunnel…" was still up (${together.length} of ${samples.length} samples)`);
  const texts = await w.notifications();
  assert.deepEqual(texts.filter((t) => /Starting the tunnel/.test(t)), [], `${attempt}: the progress toast is gone once the attempt failed`);
  assert.equal(texts.filter((t) => t.includes(OFFLINE)).length, 1, `${attempt}: one offline warning, not a stack of them: ${JSON.stringify(texts)}`);
  const clickable = await clickableButtons(toast);
  for (const b of ['Retry', 'Use a Custom URL', 'Open Settings']) assert.ok(clickable.includes(b), `${attempt}: ${b} visible and clickable (clickable: ${clickable.join(', ')}; toasts: ${JSON.stringify(texts)})`);
  return toast;
}

test('ngrok offline: after each Retry the warning with its buttons is on top, once', { timeout: 420_000 }, async () => {
  const w = wb;
  if (!w) throw new Error('the workbench did not start');
  try {
    await w.activityItem('Graph Subscriptions').waitFor({ timeout: 90_000 });
    await w.runCommand('Graph Subscriptions: Start Tunnel');
    await w.page.locator('.quick-input-widget .quick-input-title', { hasText: 'No tunnel mode is set' }).first().waitFor({ timeout: 60_000 });
    await w.pickQuickItem('ngrok');
    const noToken = await w.waitForNotification('ngrok needs your authtoken');
    await noToken.locator('.monaco-button', { hasText: 'Set ngrok Authtoken…' }).first().click();
    await w.page.locator('.quick-input-widget .quick-input-title', { hasText: 'ngrok authtoken' }).first().waitFor({ timeout: 60_000 });
    await w.answerQuickInput('2UItest_tunnel_retry_token_0123456789');
    const saved = await w.waitForNotification('ngrok authtoken saved');
    let watch = await watchToasts(w);
    await saved.locator('.monaco-button', { hasText: 'Start Tunnel' }).first().click();

    let toast = await assertOneActionableWarning(w, 'first attempt', watch);
    await steps.shot('offline-first-attempt');
    for (const attempt of ['after Retry 1', 'after Retry 2']) {
      watch = await watchToasts(w);
      await toast.locator('.monaco-button', { hasText: 'Retry' }).first().click();
      toast = await assertOneActionableWarning(w, attempt, watch);
      await steps.shot(`offline-${attempt.replace(/\s+/g, '-').toLowerCase()}`);
    }
    await w.assertNoErrorNotifications();
  } catch (error) {
    failed ??= error;
    throw error;
  }
});
