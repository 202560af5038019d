// UI tier, issue 8: the user journey end to end, the way a user meets the product — the packaged
// VSIX installed with `code-server --install-extension` (not the development folder), driven
// through the real workbench in headless Debian Chromium. Assertions read DOM text (tree rows,
// problems, CodeLens, output lines, status bar); every step leaves a numbered screenshot in
// artifacts/ (git-ignored).
//
// One workbench for the whole file (starting one costs about a minute on 2 cores); the tests run
// in order: basic journey, rich (encrypted) journey, then a window reload.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  applyQuickFix,
  codeLens,
  contextMenu,
  editorText,
  outputPanelText,
  packageVsix,
  plain,
  problemsText,
  selectInEditor,
  statusBarText,
  Steps,
  waitForText,
} from './journeyKit';
import { Workbench } from './workbench';

const VIEW = 'Subscriptions';
let wb: Workbench | undefined;
let steps: Steps;
let failed: unknown;
const started = Date.now();

before(async () => {
  const t0 = Date.now();
  const vsix = packageVsix();
  console.log(`# VSIX ${vsix} built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  wb = await Workbench.launch({
    name: 'journey',
    vsix,
    // Auto-renew on, so the reload test can check that its schedule survives.
    settings: { 'graphSubscriptions.autoRenew.enabled': true, 'graphSubscriptions.tunnel.mode': 'none', 'editor.codeLens': true },
  });
  steps = new Steps(wb, 'journey');
  console.log(`# workbench ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
});

after(async () => {
  await wb?.close(failed);
  console.log(`# journey total ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots: ${steps?.files.length ?? 0} in artifacts/`);
});

function workbench(): Workbench {
  if (!wb) throw new Error('the workbench did not start');
  return wb;
}

/** Records the first failure so `after` keeps the failure screenshot and console. */
async function step<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    failed ??= error;
    throw error;
  }
}

/** Opens "Create Subscription…" from the palette and picks the Outlook message path; returns the draft text. */
async function createDraft(w: Workbench): Promise<string> {
  await w.runCommand('Graph Subscriptions: Create Subscription');
  await w.answerQuickInput('Outlook message');
  // Two paths: all messages (me/messages) or one folder.
  await w.pickQuickItem('users/{userId}/messages');
  const text = await waitForText(() => editorText(w.page), (t) => t.includes('"expirationDateTime"') && t.includes('"includeResourceData"'), 'the new draft');
  // Leave the snippet's tab stops.
  await w.page.keyboard.press('Escape');
  return text;
}

/** Whitespace (and the output's soft wraps) collapsed to single spaces. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function subscriptionRow(w: Workbench, resource: string) {
  return w.viewPane(VIEW).locator('.monaco-list-row', { hasText: resource }).filter({ hasNotText: 'Sandbox' }).first();
}

let basicId = '';

test('journey: sandbox, receiver, draft with a quick fix, submit by CodeLens, notification with checks, renew, delete', { timeout: 600_000 }, () =>
  step(async () => {
    const w = workbench();
    const page = w.page;

    // 1. The view and its Sandbox account.
    await w.openViewContainer('Graph Subscriptions');
    const sandbox = w.viewPane(VIEW).locator('.monaco-list-row', { hasText: 'Sandbox' }).first();
    await sandbox.waitFor({ timeout: 90_000 });
    assert.match(plain(await sandbox.innerText()), /Sandbox/);
    await steps.shot('view-with-sandbox');

    // 2. The receiver, tunnel "none": the status bar shows its local port.
    await w.runCommand('Graph Subscriptions: Start Receiver');
    const status = await waitForText(() => statusBarText(page), (t) => /Receiver :\d+/.test(t), 'the receiver status bar item');
    assert.match(status, /Receiver :\d+/);
    await steps.shot('receiver-started');

    // 3. A draft from the command palette.
    const draft = await createDraft(w);
    assert.match(draft, /"resource": "me\/messages"/);
    assert.match(draft, /"notificationUrl": "http:\/\/127\.0\.0\.1:\d+\/notifications"/, 'the draft points at the running receiver');
    const firstLens = await waitForText(() => codeLens(page, /Create subscription/).innerText(), (t) => t.includes('Create subscription in Sandbox'), 'the draft CodeLens', 90_000);
    assert.ok(!firstLens.includes('error'), `a fresh draft has no error: ${firstLens}`);
    await steps.shot('draft-opened');

    // 4. A too-long expiration: the diagnostic, then its quick fix.
    const current = /"expirationDateTime": "([^"]+)"/.exec(draft)?.[1];
    assert.ok(current, 'the draft has an expiration');
    await selectInEditor(page, current);
    await page.keyboard.insertText('2099-01-01T00:00:00Z');
    const problems = await waitForText(() => problemsText(w), (t) => t.includes('GS016'), 'the over-maximum diagnostic in Problems');
    assert.match(problems, /can last at most \d+ minutes/);
    const lensWithError = await waitForText(() => codeLens(page, /Create subscription in Sandbox/).innerText(), (t) => t.includes('(1 error)'), 'the CodeLens to count the error');
    assert.match(lensWithError, /Create subscription in Sandbox \(1 error\)/);
    await steps.shot('diagnostic-too-long-expiration');

    await selectInEditor(page, '2099-01-01T00:00:00Z');
    const fix = await applyQuickFix(page, 'Set to the maximum');
    assert.match(fix, /Set to the maximum \(\d{4}-\d\d-\d\dT/);
    const fixed = await waitForText(() => editorText(page), (t) => !t.includes('2099-01-01'), 'the quick fix edit');
    assert.match(fixed, /"expirationDateTime": "20\d\d-\d\d-\d\dT[\d:.]+Z"/);
    await waitForText(() => problemsText(w), (t) => !t.includes('GS016'), 'the diagnostic to clear');
    await steps.shot('quick-fix-applied');

    // 5. Submit with the CodeLens; the tree shows the subscription and its countdown.
    const lens = codeLens(page, /Create subscription in Sandbox/);
    await waitForText(() => lens.innerText(), (t) => !t.includes('error'), 'the CodeLens without errors');
    await lens.click();
    const toast = await w.waitForNotification('Subscription created in Sandbox');
    basicId = '';
    const row = subscriptionRow(w, 'me/messages');
    await row.waitFor({ timeout: 60_000 });
    const rowText = plain(await row.innerText());
    assert.match(rowText, /created,updated,deleted · in \d+ d( \d+ h)?/, `countdown in the tree: ${rowText}`);
    assert.ok(await toast.isVisible());
    await steps.shot('subscription-in-tree');

    // 6. A change from the emulator, seen in the Graph Notifications output with its checks.
    await w.runCommand('Graph Subscriptions: Simulate Change (Sandbox)');
    await w.pickQuickItem('me/messages');
    await w.pickQuickItem('created');
    await w.runCommand('Graph Subscriptions: Show Notifications Output');
    // The output wraps long lines: compare with whitespace collapsed.
    const out = await waitForText(async () => flat(await outputPanelText(page)), (t) => /✓ created sub \S+ .*clientState ✓/.test(t), 'the notification line in the output');
    basicId = /✓ created sub (\S+)/.exec(out)?.[1] ?? '';
    assert.match(out, /clientState ✓ tokens – \(none sent\) decrypt – /);
    assert.match(out, /resourceData:/);
    await steps.shot('notification-in-output');

    // 7. Renew from the context menu: by one hour, the countdown follows.
    await w.openViewContainer('Graph Subscriptions');
    await contextMenu(page, row, 'Renew…');
    await w.pickQuickItem('By 1 hour');
    await waitForText(() => row.innerText(), (t) => /· in (59 min|1 h)/.test(t), 'the renewed countdown');
    await steps.shot('renewed');

    // 8. Delete from the context menu (modal confirmation).
    await contextMenu(page, row, 'Delete Subscription');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(plain(await dialog.innerText()), /Delete the subscription to created,updated,deleted on me\/messages\?/);
    await steps.shot('delete-confirmation');
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).first().click();
    await waitForText(async () => String(await subscriptionRow(w, 'me/messages').count()), (t) => t === '0', 'the row to go away');
    await steps.shot('deleted');
    assert.ok(basicId.length > 0, 'the output named the subscription');
  }),
);
