// UI tier, issue 19 items 9–23: the confusing paths of a new user's first hour, clicked through in
// the real workbench (code-server + headless Chromium, the repository loaded as development
// extension). Each step asserts what the user sees (welcome view, tree rows and their
// screen-reader labels, view title, toasts and their buttons, output) and leaves a numbered
// screenshot in artifacts/ (firstHour-NN-*.png). One workbench for the file; tests run in order.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { journeySession, plain, showSubscriptionsView, waitForText } from './journeyKit';
import type { Workbench } from './workbench';

const VIEW = 'Graph Subscriptions';
const session = journeySession('firstHour', () => ({ settings: { 'graphSubscriptions.tunnel.mode': 'none' } }));
const { workbench, step } = session;

/** Error toasts currently shown (the first hour must not meet any on these paths). */
async function errorToasts(w: Workbench): Promise<string[]> {
  return (await w.page.locator('.notification-toast:has(.codicon-error) .notification-list-item-message').allInnerTexts()).map((t) => t.trim());
}

test('item 9, 21, 22: a fresh profile meets the welcome view; Open the Sandbox lists it with a full screen-reader label; the view title is not cut', { timeout: 300_000 }, () =>
  step(async () => {
    const w = workbench();
    await w.openViewContainer('Graph Subscriptions');
    const pane = w.viewPane(VIEW);
    const welcome = pane.locator('.welcome-view-content');
    await welcome.waitFor({ timeout: 90_000 });
    const text = plain(await welcome.innerText());
    assert.match(text, /No Microsoft Graph account is connected yet/);
    for (const button of ['Open the Sandbox', 'Sign In to Microsoft Graph']) {
      assert.ok(await welcome.locator('.monaco-button', { hasText: button }).count(), `welcome offers ${button}`);
    }
    assert.match(text, /Get Started walkthrough/);
    // One title, not "GRAPH SUBSCRIPTIONS: SUBSCRIPTIONS" cut by the title-bar actions.
    const title = plain(await w.page.locator('.part.sidebar .composite.title .title-label').first().innerText()).trim();
    assert.equal(title.toUpperCase(), 'GRAPH SUBSCRIPTIONS');
    await session.steps.shot('welcome');

    await welcome.locator('.monaco-button', { hasText: 'Open the Sandbox' }).click();
    const sandbox = pane.locator('.monaco-list-row', { hasText: 'Sandbox' }).first();
    await sandbox.waitFor({ timeout: 90_000 });
    const aria = (await sandbox.getAttribute('aria-label')) ?? '';
    assert.match(aria, /Sandbox/, `the Sandbox row's screen-reader label names it: ${aria}`);
    await waitForText(() => pane.innerText(), (t) => t.includes('No subscriptions yet'), 'the empty Sandbox row');
    await session.steps.shot('sandbox-listed');
    assert.deepEqual(await errorToasts(w), []);
  }),
);

test('item 21: the receiver status bar item has a screen-reader label without markdown', { timeout: 180_000 }, () =>
  step(async () => {
    const w = workbench();
    await showSubscriptionsView(w);
    await w.runCommand('Graph Subscriptions: Start Receiver');
    const item = w.page.locator('.part.statusbar .statusbar-item', { hasText: /Receiver/ }).first();
    await item.waitFor({ timeout: 60_000 });
    const aria = (await item.locator('a').first().getAttribute('aria-label').catch(() => null)) ?? (await item.getAttribute('aria-label')) ?? '';
    assert.match(aria, /receiver/i, `aria-label: ${aria}`);
    assert.doesNotMatch(aria, /\*\*|\$\(|\]\(/, `no markdown or icon syntax read aloud: ${aria}`);
    await session.steps.shot('receiver-status-bar');
  }),
);
