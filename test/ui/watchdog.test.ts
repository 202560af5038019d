// UI tier, issue 16: the watchdog as a user meets it. A Sandbox subscription expected to notify at
// least once a minute goes quiet: its row turns "silent" (icon + description) and the status bar
// says a subscription needs attention; a click there lists it with its next step; a notification
// brings both back. Real time (one minute): the UI cannot move the extension's test clock.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextMenu, draftFromTemplate, journeySession, openSandbox, startReceiverFromPalette, statusBarText, submitDraftInSandbox, tidyUp, waitForText, widenSideBar } from './journeyKit';
import type { Workbench } from './workbench';

const VIEW = 'Subscriptions';
const session = journeySession('watchdog', () => ({
  settings: { 'graphSubscriptions.tunnel.mode': 'none', 'editor.codeLens': true, 'editor.minimap.enabled': false },
  viewport: { width: 1280, height: 760 },
}));

async function rowLabel(w: Workbench, label: string): Promise<string> {
  return (await w.treeItem(VIEW, label).getAttribute('aria-label')) ?? '';
}

test('a silent subscription shows in the tree and the status bar, with its next step, and comes back when a notification arrives', { timeout: 600_000 }, () =>
  session.step(async () => {
    const w = session.workbench();
    const page = w.page;
    const steps = session.steps;
    await openSandbox(w);
    await startReceiverFromPalette(w);

    // A subscription to the signed-in user's messages, through the draft editor.
    await draftFromTemplate(w, { template: 'Outlook message', resource: 'users/{userId}/messages' });
    await submitDraftInSandbox(w);
    await tidyUp(w);

    // "Expect at least one notification every minute", from the row's context menu.
    const row = w.treeItem(VIEW, 'me/messages');
    await row.waitFor({ timeout: 60_000 });
    await contextMenu(page, row, 'Set Expected Activity…');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Expected activity of me/messages' }).waitFor();
    await w.answerQuickInput('1');

    // One notification now: the row is fine.
    await w.runCommand('Graph Subscriptions: Simulate Change (Sandbox)');
    await w.pickQuickItem('me/messages');
    await w.pickQuickItem('created');
    await w.waitForNotification('The Sandbox sent');
    assert.doesNotMatch(await rowLabel(w, 'me/messages'), /silent/);

    // A minute and a bit without any: silent in the tree and in the status bar.
    const label = await waitForText(() => rowLabel(w, 'me/messages'), (t) => /silent 1 min/.test(t), 'the silent row', 150_000);
    assert.match(label, /watchdog: Silent/);
    const bar = await waitForText(() => statusBarText(page), (t) => /1 subscription needs attention/.test(t), 'the status bar summary', 30_000);
    assert.match(bar, /1 subscription needs attention/);
    await w.runCommand('Notifications: Clear All Notifications');
    if (await page.locator('.part.panel').isVisible()) await w.runCommand('View: Toggle Panel Visibility');
    await widenSideBar(w, 520);
    await row.hover();
    // The tooltip: what is wrong, the next step as a link, the activity.
    const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Watchdog: Silent' }).first();
    await hover.waitFor({ timeout: 15_000 });
    assert.match(await hover.innerText(), /Run Handshake Self-Test/);
    await steps.shot('silent-row-and-status-bar');
    await page.mouse.move(900, 400);

    // The status bar item lists it with its next step.
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'needs attention' }).first().click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Subscriptions needing attention' }).waitFor();
    const pick = await page.locator('.quick-input-widget .quick-input-list').innerText();
    assert.match(pick, /me\/messages/);
    assert.match(pick, /Run Handshake Self-Test: No notification for/);
    await steps.shot('attention-quick-pick');
    await page.keyboard.press('Escape');

    // A notification arrives: the row and the status bar are back to normal.
    await w.runCommand('Graph Subscriptions: Simulate Change (Sandbox)');
    await w.pickQuickItem('me/messages');
    await w.pickQuickItem('created');
    await waitForText(() => rowLabel(w, 'me/messages'), (t) => !/silent/.test(t) && t.includes('me/messages'), 'the row back to normal', 30_000);
    await waitForText(() => statusBarText(page), (t) => !/needs attention/.test(t), 'the status bar summary gone', 30_000);
    await steps.shot('back-to-normal');
  }),
);
