// UI tier, issue 14: the README's screenshots, taken from the product by a journey so they never
// go stale — the tree with subscriptions and their countdowns, a draft with a diagnostic and its
// quick fix, the Graph Notifications output with ✓ and ✗ checks, and a rich notification's
// decrypted payload. Each state is asserted before it is photographed. The pictures land in
// artifacts/readme-*.png; `npm run screenshots` (GS_README_SCREENSHOTS=1) also copies them to
// media/screenshots/, which the README shows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { applyQuickFix, codeLens, editorText, openSandbox, outputPanelText, plain, problemsText, selectInEditor, showSubscriptionsView, statusBarText, waitForText, widenSideBar } from './journeyKit';
import { REPO_ROOT, Workbench } from './workbench';

const VIEW = 'Subscriptions';
const README_DIR = path.join(REPO_ROOT, 'media', 'screenshots');
let wb: Workbench | undefined;
let failed: unknown;
const taken: string[] = [];

before(async () => {
  wb = await Workbench.launch({
    name: 'readme',
    settings: { 'graphSubscriptions.tunnel.mode': 'none', 'editor.codeLens': true, 'editor.minimap.enabled': false, 'workbench.colorTheme': 'Default Dark Modern' },
    viewport: { width: 1280, height: 760 },
  });
});

after(async () => {
  await wb?.close(failed);
  if (!failed && process.env.GS_README_SCREENSHOTS === '1') {
    fs.mkdirSync(README_DIR, { recursive: true });
    for (const file of taken) fs.copyFileSync(file, path.join(README_DIR, path.basename(file).replace(/^readme-/, '')));
    console.log(`# README screenshots updated: ${taken.map((f) => path.basename(f)).join(', ')} → media/screenshots/`);
  }
});

async function shot(w: Workbench, name: string): Promise<void> {
  taken.push(await w.screenshot(`readme-${name}`));
}

function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

async function createDraft(w: Workbench): Promise<string> {
  await w.runCommand('Graph Subscriptions: Create Subscription');
  await w.answerQuickInput('Outlook message');
  await w.pickQuickItem('users/{userId}/messages');
  await w.pickQuickItem('Webhook (receiver/tunnel)');
  const text = await waitForText(() => editorText(w.page), (t) => t.includes('"expirationDateTime"') && t.includes('"includeResourceData"'), 'the new draft');
  await w.page.keyboard.press('Escape');
  await waitForText(() => codeLens(w.page, /Create subscription/).innerText(), (t) => t.includes('Create subscription in Sandbox'), 'the draft CodeLens', 90_000);
  return text;
}

async function submit(w: Workbench): Promise<void> {
  const lens = codeLens(w.page, /Create subscription in Sandbox/);
  await waitForText(() => lens.innerText(), (t) => t.includes('Create subscription in Sandbox') && !t.includes('error'), 'the CodeLens without errors');
  await lens.click();
  await w.waitForNotification('Subscription created in Sandbox');
}

/** Closes the (untitled, submitted) drafts, answering "Don't Save" for each. */
async function closeAllEditorsWithoutSaving(w: Workbench): Promise<void> {
  await w.runCommand('View: Close All Editors');
  const dialog = w.page.locator('.monaco-dialog-box');
  for (let i = 0; i < 5; i++) {
    if (!(await dialog.waitFor({ timeout: 3_000 }).then(() => true, () => false))) break;
    await dialog.locator('.monaco-button', { hasText: "Don't Save" }).first().click();
    await dialog.waitFor({ state: 'hidden' }).catch(() => undefined);
  }
}

async function closeToasts(w: Workbench): Promise<void> {
  await w.runCommand('Notifications: Clear All Notifications');
}

test('README screenshots: tree with countdowns, draft diagnostic and quick fix, output with ✓/✗ checks, decrypted rich payload', { timeout: 900_000 }, async () => {
  const w = wb;
  assert.ok(w, 'the workbench started');
  const page = w.page;
  try {
    await openSandbox(w);
    await w.runCommand('Graph Subscriptions: Start Receiver');
    const port = Number(/Receiver :(\d+)/.exec(await waitForText(() => statusBarText(page), (t) => /Receiver :\d+/.test(t), 'the receiver status bar item'))?.[1]);

    // 1. A draft with a too-long expiration: the diagnostic and the quick-fix menu offering the maximum.
    const draft = await createDraft(w);
    const current = /"expirationDateTime": "([^"]+)"/.exec(draft)?.[1];
    assert.ok(current);
    await selectInEditor(page, current);
    await page.keyboard.insertText('2099-01-01T00:00:00Z');
    await waitForText(() => problemsText(w), (t) => t.includes('GS016') && /can last at most \d+ minutes/.test(t), 'the over-maximum diagnostic', 120_000);
    await selectInEditor(page, '2099-01-01T00:00:00Z');
    await closeToasts(w);
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget .monaco-list-row', { hasText: 'Set to the maximum' }).first().waitFor();
    await shot(w, 'draft-diagnostic-quick-fix');
    await page.keyboard.press('Escape');
    await applyQuickFix(page, 'Set to the maximum');
    await waitForText(() => editorText(page), (t) => !t.includes('2099-01-01'), 'the quick fix edit');
    await submit(w);

    // 2. A rich subscription (certificate, $select, one day at most) next to it.
    await createDraft(w);
    await w.runCommand('Graph Subscriptions: Generate Encryption Certificate');
    await waitForText(() => editorText(page), (t) => t.includes('"encryptionCertificateId"') && t.includes('"includeResourceData": true'), 'the certificate in the draft');
    await waitForText(() => problemsText(w), (t) => /must use \$select/.test(t), 'the $select diagnostic');
    await selectInEditor(page, 'me/messages');
    await applyQuickFix(page, 'Add $select=');
    await waitForText(() => editorText(page), (t) => /"resource": "me\/messages\?\$select=[^"]+"/.test(t), 'the $select fix');
    const expiration = /"expirationDateTime": "([^"]+)"/.exec(await editorText(page))?.[1];
    assert.ok(expiration);
    await selectInEditor(page, expiration);
    await applyQuickFix(page, 'Set to the maximum');
    await submit(w);

    // 4. Notifications: a change through the Sandbox (all checks ✓), then a forged one (refused: clientState ✗).
    await w.runCommand('Graph Subscriptions: Simulate Change (Sandbox)');
    await w.pickQuickItem('me/messages');
    await w.pickQuickItem('created');
    await w.runCommand('Graph Subscriptions: Show Notifications Output');
    await w.runCommand('View: Toggle Maximized Panel');
    const out = await waitForText(async () => flat(await outputPanelText(page)), (t) => /✓ created sub \S+ .*clientState ✓/.test(t), 'the notification with its checks');
    const subscriptionId = /✓ created sub (\S+)/.exec(out)?.[1];
    assert.ok(subscriptionId);
    const forged = await fetch(`http://127.0.0.1:${port}/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: [{ subscriptionId, clientState: 'not-the-secret', changeType: 'updated', resource: 'Users/00000000-0000-0000-0000-000000000001/Messages/AAMk-forged', subscriptionExpirationDateTime: new Date(Date.now() + 3600_000).toISOString(), tenantId: '00000000-0000-0000-0000-000000000000' }] }),
    });
    // A subscription created here has its clientState recorded, so the receiver refuses the forgery
    // before acknowledging it (401), and says why in the output.
    assert.equal(forged.status, 401, `the receiver answered ${forged.status} to a forged clientState`);
    await waitForText(async () => flat(await outputPanelText(page)), (t) => /✗ rejected \/notifications: 401 clientState does not match the one recorded/.test(t), 'the forged notification refused with ✗');
    await closeToasts(w);
    await shot(w, 'notifications-checks');
    await w.runCommand('View: Toggle Maximized Panel');

    // 4b. The rich subscription's change: decrypted with the certificate's private key.
    await w.runCommand('Graph Subscriptions: Simulate Change (Sandbox)');
    await w.pickQuickItem('$select=');
    await w.pickQuickItem('created');
    await w.runCommand('Graph Subscriptions: Show Notifications Output');
    await w.runCommand('View: Toggle Maximized Panel');
    const rich = await waitForText(async () => flat(await outputPanelText(page)), (t) => /decrypt ✓.*decrypted content:/.test(t), 'the decrypted notification');
    assert.match(rich, /clientState ✓ tokens ✓ decrypt ✓/);
    await closeToasts(w);
    await shot(w, 'rich-decrypted');
    await w.runCommand('View: Toggle Maximized Panel');
    // 5. The tree: both subscriptions with their countdowns.
    await showSubscriptionsView(w);
    const rows = w.viewPane(VIEW).locator('.monaco-list-row', { hasText: 'me/messages' });
    await waitForText(async () => plain((await rows.allInnerTexts()).join('\n')), (t) => (t.match(/in \d+ (d|h)/g) ?? []).length >= 2, 'two subscriptions with countdowns');
    await closeAllEditorsWithoutSaving(w);
    await closeToasts(w);
    if (await page.locator('.part.panel').isVisible()) await w.runCommand('View: Toggle Panel Visibility');
    await widenSideBar(w, 600);
    await shot(w, 'tree-countdowns');

  } catch (error) {
    failed = error;
    throw error;
  }
});
