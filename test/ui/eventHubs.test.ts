// UI tier, issue 15: an Event Hubs subscription as a new user makes one. Create Subscription with
// "Event Hubs" delivery (the draft gets the EventHub: RBAC form), submit by CodeLens in the Sandbox,
// "Read Notifications from Event Hubs…" with the Sandbox's endpoint, then a simulated change: the
// output shows Graph's validation event and the notification with its checks; the tree row names
// the channel. Screenshots in artifacts/eventhubs-NN-*.png. The run must not raise any error toast.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeLens, editorText, openSandbox, outputPanelText, plain, readSandboxHub, showSubscriptionsView, Steps, waitForText } from './journeyKit';
import { withWorkbench, type Workbench } from './workbench';

const VIEW = 'Subscriptions';

async function errorToasts(w: Workbench): Promise<string[]> {
  return (await w.page.locator('.notification-toast:has(.codicon-error) .notification-list-item-message').allInnerTexts()).map((t) => t.trim());
}

test('Event Hubs: draft with the EventHub: form, create in the Sandbox, read the hub, see the validation event and the notification', { timeout: 600_000 }, async () => {
  await withWorkbench({ name: 'eventhubs', settings: { 'graphSubscriptions.tunnel.mode': 'none' } }, async (w) => {
    const steps = new Steps(w, 'eventhubs');
    const page = w.page;
    await openSandbox(w);

    // 1. Create Subscription → Outlook personal contact → all contacts → Event Hubs.
    await w.runCommand('Graph Subscriptions: Create Subscription');
    await w.answerQuickInput('Outlook personal contact');
    await w.pickQuickItem('users/{userId}/contacts');
    await page.locator('.quick-input-widget').getByText('Webhook (receiver/tunnel)').first().waitFor({ timeout: 30_000 });
    await steps.shot('delivery-choices');
    await w.pickQuickItem('Event Hubs');
    const draft = await waitForText(() => editorText(page), (t) => t.includes('"notificationUrl": "EventHub:https://'), 'the Event Hubs draft');
    await page.keyboard.press('Escape');
    assert.match(draft, /"notificationUrl": "EventHub:https:\/\/contoso-ns\.servicebus\.windows\.net\/eventhubname\/graph-events\?tenantId=sandbox\.onmicrosoft\.com"/);
    const lens = codeLens(page, /Create subscription in Sandbox/);
    await waitForText(() => lens.innerText(), (t) => t.includes('Create subscription in Sandbox') && !t.includes('error'), 'the CodeLens without errors', 120_000);
    await steps.shot('draft');
    await lens.click();
    await w.waitForNotification('Subscription created in Sandbox');

    // 2. The tree names the channel.
    await showSubscriptionsView(w);
    const row = w.viewPane(VIEW).locator('.monaco-list-row', { hasText: 'contacts' }).first();
    await row.waitFor({ timeout: 60_000 });
    assert.match(plain(await row.innerText()), /Event Hubs/);

    // 3. Read the Sandbox's hub from the start.
    const validation = await readSandboxHub(w);
    assert.match(validation, /Reading Event Hubs 127\.0\.0\.1:\d+\/graph-events \(\$Default\)/);

    // 4. A change from the Sandbox, through the hub, into the output with its checks.
    await w.runCommand('Graph Subscriptions: Simulate Change (Sandbox)');
    await w.pickQuickItem('contacts');
    await w.pickQuickItem('created');
    const out = await waitForText(async () => plain(await outputPanelText(page)).replace(/\s+/g, ' '), (t) => /\[Event Hubs\] ✓ created sub \S+/.test(t), 'the notification in the output', 90_000);
    assert.match(out, /\[Event Hubs\] ✓ created sub \S+ .*clientState ✓ tokens – \(none on Event Hubs\)/);
    const file = await steps.shot('notification-from-event-hubs');
    console.log(`screenshot: ${file}`);
    assert.deepEqual(await errorToasts(w), []);
  });
});
