// UI tier: the real workbench in headless Chromium. Clicking the extension's activity-bar icon
// shows its view: the welcome text when no account is connected, or the Sandbox account row.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { withWorkbench } from './workbench';

const WELCOME = 'No Microsoft Graph account is connected yet';

test('the activity-bar icon opens the Graph Subscriptions view with its welcome text or the Sandbox account', async () => {
  await withWorkbench({ name: 'activity-bar' }, async (wb) => {
    await wb.openViewContainer('Graph Subscriptions');
    const pane = wb.viewPane('Subscriptions');
    // Either the welcome (no account yet) or the sandbox account row, whichever the build shows.
    const shown = pane.locator('.welcome-view-content', { hasText: WELCOME })
      .or(pane.locator('.monaco-list-row', { hasText: 'Sandbox' }))
      .first();
    await shown.waitFor({ timeout: 60_000 });
    const text = await shown.innerText();
    assert.ok(text.includes(WELCOME) || text.includes('Sandbox'), `view shows: ${text}`);
    const file = await wb.screenshot('activity-bar');
    console.log(`screenshot: ${file}`);
  });
});
