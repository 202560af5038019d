// UI tier: Export Subscription As… from a draft's CodeLens (curl opened in an editor, clientState a
// placeholder), the Sandbox's app identity beside its user (an app-only resource drafted and
// created there), and Find Orphaned Subscriptions across both identities. Screenshots in artifacts/.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeLens, editorText, plain, selectInEditor, waitForText } from './journeyKit';
import { withWorkbench } from './workbench';

const VIEW = 'Subscriptions';

test('export a draft as curl; an app-only resource in the Sandbox app identity; find orphans', { timeout: 600_000 }, async () => {
  await withWorkbench({ name: 'export' }, async (w) => {
    const page = w.page;
    await w.openViewContainer('Graph Subscriptions');
    await w.viewPane(VIEW).locator('.welcome-view-content .monaco-button', { hasText: 'Open the Sandbox' }).click({ timeout: 90_000 });
    const appRow = w.viewPane(VIEW).locator('.monaco-list-row', { hasText: 'Sandbox (app-only)' }).first();
    await appRow.waitFor({ timeout: 90_000 });
    assert.match(plain(await appRow.innerText()), /application permissions/);
    await w.screenshot('export-1-sandbox-identities');

    await w.runCommand('Graph Subscriptions: Start Receiver');

    // A draft, exported from its CodeLens as curl into a new editor.
    await w.runCommand('Graph Subscriptions: Create Subscription');
    await w.answerQuickInput('Outlook message');
    await w.pickQuickItem('users/{userId}/messages');
    await w.pickQuickItem('Webhook (receiver/tunnel)');
    const draft = await waitForText(() => editorText(page), (t) => t.includes('"expirationDateTime"') && t.includes('"clientState"'), 'the new draft');
    await page.keyboard.press('Escape');
    const clientState = /"clientState": "([^"]+)"/.exec(draft)?.[1];
    assert.ok(clientState, 'the draft has a clientState');
    await codeLens(page, 'Export…').click({ timeout: 90_000 });
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Export the draft as…' }).waitFor();
    await w.screenshot('export-2-formats');
    await w.pickQuickItem('curl');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Export as curl' }).waitFor();
    await w.screenshot('export-3-destination');
    await w.pickQuickItem('Open in Editor');
    const curl = await waitForText(() => editorText(page), (t) => t.includes('curl --request POST'), 'the curl export');
    assert.match(curl, /GRAPH_CLIENT_STATE/);
    assert.ok(!curl.includes(clientState), 'the clientState stays a placeholder');
    await w.screenshot('export-4-curl');

    // An app-only resource: the pick says where it goes, the draft targets the app identity.
    await w.runCommand('Graph Subscriptions: Create Subscription');
    const printer = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Universal Print printer' }).first();
    await page.locator('.quick-input-widget .quick-input-box input').fill('Universal Print printer');
    await printer.waitFor();
    assert.match(plain(await printer.innerText()), /as Sandbox \(app-only\)/);
    await w.screenshot('export-5-app-only-pick');
    await printer.click();
    await w.pickQuickItem('Webhook (receiver/tunnel)');
    await waitForText(() => editorText(page), (t) => t.includes('print/printers/'), 'the printer draft');
    await page.keyboard.press('Escape');
    // Fill the printer id the template leaves as a placeholder, then submit through the CodeLens.
    const text = await editorText(page);
    const resource = /"resource": "([^"]+)"/.exec(text)?.[1] ?? '';
    if (/\{|printerId/.test(resource)) {
      await selectInEditor(page, resource);
      await page.keyboard.insertText('print/printers/printer-1/jobs');
    }
    const lens = await waitForText(() => codeLens(page, /Create subscription/).innerText(), (t) => t.includes('Create subscription in Sandbox (app-only)') && !t.includes('error'), 'the app-identity CodeLens without errors', 120_000);
    assert.match(lens, /Sandbox \(app-only\)/);
    await w.screenshot('export-6-app-only-draft');
    await codeLens(page, /Create subscription/).click();
    await w.waitForNotification('Subscription created in Sandbox (app-only)');
    await w.screenshot('export-7-app-only-created');

    // Find Orphaned Subscriptions across the two identities: nothing wrong. The toasts of the
    // create flow are cleared first (VS Code shows at most three toasts; a fourth waits unseen).
    await w.runCommand('Notifications: Clear All Notifications');
    await w.runCommand('Graph Subscriptions: Find Orphaned Subscriptions');
    await w.waitForNotification('No orphaned subscriptions among 1 subscription of 2 identities');
    await w.screenshot('export-8-no-orphans');
    await w.assertNoErrorNotifications();
  });
});
