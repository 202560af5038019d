// UI tier, issue 17: a Teams licensed path as a new user drafts it. Create Subscription → Teams
// chat message → all chats of a user → the payment-model pick (evaluation mode chosen) → the draft
// warns about evaluation mode in Problems; the quick fix "Use model=B" rewrites the resource and the
// warning goes; the hover explains the models. Screenshots in artifacts/teams-NN-*.png. The run
// must not raise any error toast.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeEditor, applyQuickFix, editorText, openSandbox, problemsText, selectInEditor, Steps, waitForText } from './journeyKit';
import { withWorkbench, type Workbench } from './workbench';


async function errorToasts(w: Workbench): Promise<string[]> {
  return (await w.page.locator('.notification-toast:has(.codicon-error) .notification-list-item-message').allInnerTexts()).map((t) => t.trim());
}

test('Teams licensing: the model pick, the evaluation-mode warning, the model=B quick fix and the hover', { timeout: 600_000 }, async () => {
  await withWorkbench({ name: 'teams', settings: { 'graphSubscriptions.tunnel.mode': 'none' } }, async (w) => {
    const steps = new Steps(w, 'teams');
    const page = w.page;
    await openSandbox(w);

    // 1. Create Subscription → Teams chat message → messages of all chats of a user → the model pick.
    await w.runCommand('Graph Subscriptions: Create Subscription');
    await w.answerQuickInput('Teams chat message');
    await w.pickQuickItem('users/{userId}/chats/getAllMessages');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Teams payment model' }).waitFor({ timeout: 30_000 });
    const pickText = await page.locator('.quick-input-widget .quick-input-list').innerText();
    assert.match(pickText, /model=B/);
    assert.doesNotMatch(pickText, /model=A/, 'this path takes model=B only');
    assert.match(pickText, /No model \(evaluation mode\)/);
    await steps.shot('model-pick');
    await w.pickQuickItem('No model (evaluation mode)');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'delivery' }).waitFor({ timeout: 30_000 });
    await w.pickQuickItem('Webhook');
    const draft = await waitForText(() => editorText(page), (t) => t.includes('"resource": "me/chats/getAllMessages"'), 'the draft');
    await page.keyboard.press('Escape');
    assert.match(draft, /"resource": "me\/chats\/getAllMessages"/);

    // 2. Problems: evaluation mode, with what it means.
    const problems = await waitForText(() => problemsText(w), (t) => t.includes('evaluation mode'), 'the evaluation-mode warning', 90_000);
    assert.match(problems, /me\/chats\/getAllMessages has no model=, so it runs in evaluation mode/);
    await steps.shot('evaluation-warning');

    // 3. The hover on the resource explains the models.
    await selectInEditor(page, 'me/chats/getAllMessages');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').filter({ hasText: 'Teams licensing' }).first();
    await hover.waitFor({ timeout: 30_000 });
    const hoverText = await waitForText(() => hover.innerText(), (t) => t.includes('Teams licensing and payment model'), 'the licensing hover');
    assert.match(hoverText, /evaluation mode/);
    assert.match(hoverText, /model=B/);
    await steps.shot('hover');
    await page.keyboard.press('Escape');

    // 4. Quick fix: Use model=B → the warning goes.
    await selectInEditor(page, 'me/chats/getAllMessages');
    await applyQuickFix(page, 'Use model=B');
    await waitForText(() => editorText(page), (t) => t.includes('"resource": "me/chats/getAllMessages?model=B"'), 'the resource with model=B');
    await waitForText(() => problemsText(w), (t) => !t.includes('evaluation mode'), 'the warning gone', 60_000);
    await activeEditor(page).click();
    const file = await steps.shot('model-b');
    console.log(`screenshot: ${file}`);
    assert.deepEqual(await errorToasts(w), []);
  });
});
