// UI tier, issue 18: "Graph Subscriptions: Check My Receiver…" from the command palette, the local
// receiver picked in the quick pick, progress while it runs, the report as a Markdown preview
// (read through the preview's webview frame) and the closing toast; screenshot in
// artifacts/doctor-NN-*.png. The run must not raise any error toast.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { Steps, waitForText } from './journeyKit';
import { withWorkbench, type Workbench } from './workbench';

async function errorToasts(w: Workbench): Promise<string[]> {
  return (await w.page.locator('.notification-toast:has(.codicon-error) .notification-list-item-message').allInnerTexts()).map((t) => t.trim());
}

/** Text of the Markdown preview showing the doctor's report (it lives in nested webview frames). */
async function previewText(w: Workbench): Promise<string> {
  for (const frame of w.page.frames() as Frame[]) {
    const text = await frame.locator('body').innerText({ timeout: 1_000 }).catch(() => '');
    if (text.includes('Receiver doctor report')) return text;
  }
  return '';
}

test('Check My Receiver… on the local receiver opens a report where every rule passes', { timeout: 600_000 }, async () => {
  await withWorkbench({ name: 'doctor', settings: { 'graphSubscriptions.tunnel.mode': 'none' } }, async (w) => {
    const steps = new Steps(w, 'doctor');
    await w.openViewContainer('Graph Subscriptions');
    await w.runCommand('Graph Subscriptions: Check My Receiver…');
    await w.page.locator('.quick-input-widget').getByText('Local receiver').first().waitFor({ timeout: 30_000 });
    await steps.shot('pick-target');
    await w.pickQuickItem('Local receiver');
    const done = await w.waitForNotification('meets Graph');
    assert.match(await done.innerText(), /Your receiver meets Graph's delivery contract \(\d+ passed/);
    const report = await waitForText(() => previewText(w), (t) => t.includes('What the doctor cannot see'), 'the report preview', 90_000);
    assert.match(report, /Ready for Microsoft Graph/);
    assert.match(report, /Validation handshake on the notification URL/);
    assert.match(report, /A batch of 100 notifications acknowledged with 2xx within 3 s/);
    assert.doesNotMatch(report, /✗ FAIL/);
    const file = await steps.shot('report');
    console.log(`screenshot: ${file}`);
    assert.deepEqual(await errorToasts(w), []);
  });
});
