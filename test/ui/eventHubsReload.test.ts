// UI tier, issue 15: a user reading the Sandbox's event hub reloads the window ("Developer: Reload
// Window") and keeps receiving without doing anything: the output says the source was resumed and
// the next notification arrives through the hub, shown once. Screenshots in
// artifacts/eventhubs-reload-NN-*.png. The run must not raise any error toast.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { draftFromTemplate, openSandbox, outputPanelText, plain, readSandboxHub, Steps, submitDraftInSandbox, waitForText } from './journeyKit';
import { withWorkbench, type Workbench } from './workbench';

const CREATED = /\[Event Hubs\] ✓ created sub \S+/g;

async function errorToasts(w: Workbench): Promise<string[]> {
  return (await w.page.locator('.notification-toast:has(.codicon-error) .notification-list-item-message').allInnerTexts()).map((t) => t.trim());
}

async function simulateCreated(w: Workbench): Promise<void> {
  await w.runCommand('Graph Subscriptions: Simulate Change (Sandbox)');
  await w.pickQuickItem('contacts');
  await w.pickQuickItem('created');
}

test('Event Hubs: a source that was reading comes back after "Reload Window" and the next notification arrives', { timeout: 600_000 }, async () => {
  await withWorkbench({ name: 'eventhubs-reload', settings: { 'graphSubscriptions.tunnel.mode': 'none' } }, async (w) => {
    const steps = new Steps(w, 'eventhubs-reload');
    const page = w.page;
    const output = async () => plain(await outputPanelText(page)).replace(/\s+/g, ' ');
    await openSandbox(w);

    // An Event Hubs subscription on contacts, created in the Sandbox from its draft.
    await draftFromTemplate(w, { template: 'Outlook personal contact', resource: 'users/{userId}/contacts', delivery: 'Event Hubs', draftHas: '"notificationUrl": "EventHub:https://' });
    await submitDraftInSandbox(w, 120_000);

    // Reading the hub, one notification through it.
    await readSandboxHub(w);
    await simulateCreated(w);
    await waitForText(output, (t) => (t.match(CREATED) ?? []).length === 1, 'the first notification in the output', 90_000);
    await steps.shot('reading-before-reload');

    // The window reloads; nothing to do for the user.
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 120_000 }), w.runCommand('Developer: Reload Window')]);
    await w.waitForReady();
    await w.runCommand('Graph Subscriptions: Show Notifications Output');
    const resumed = await waitForText(output, (t) => /Resumed reading Event Hubs 127\.0\.0\.1:\d+\/graph-events \(\$Default\) after the window reload, from where it stopped/.test(t), 'the resumed line in the output', 120_000);
    assert.doesNotMatch(resumed, CREATED, 'the notification from before the reload is not shown again');
    await steps.shot('resumed-after-reload');

    await simulateCreated(w);
    const after = await waitForText(output, (t) => (t.match(CREATED) ?? []).length >= 1, 'the next notification after the reload', 90_000);
    await new Promise((r) => setTimeout(r, 3000));
    const settled = await output();
    assert.equal((settled.match(CREATED) ?? []).length, 1, `shown once: ${after}`);
    assert.match(settled, /\[Event Hubs\] ✓ created sub \S+ .*clientState ✓/);
    const file = await steps.shot('notification-after-reload');
    console.log(`screenshot: ${file}`);
    assert.deepEqual(await errorToasts(w), []);
  });
});
