// UI tier: the notifications explorer names subscriptions the way the sidebar tree does. A Sandbox
// subscription to me/messages gets a notification; the history also holds notifications of
// subscriptions this window does not list (another window's, or deleted ones). Open Notification
// History: the per-subscription table, the filter and the list's Subscription column read
// "me/messages" with "Sandbox" (the id under it and in the tooltip), the others their last known
// resource marked "no longer listed" — not bare ids. Screenshot: artifacts/explorerNames-NN-*.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { EXTENSION_ID } from '../../src/constants';
import { syntheticHistory } from '../fixtures/historyLines';
import { explorerFrame } from './explorerKit';
import { draftFromTemplate, openSandbox, plain, startReceiverFromPalette, statusBarText, Steps, submitDraftInSandbox, tidyUp, waitForText } from './journeyKit';
import { ARTIFACTS_DIR, Workbench } from './workbench';

const OTHERS = ['0a1b2c3d-1111-4e5f-8a6b-1c2d3e4f5a6b', '9f8e7d6c-2222-4c3d-9e8f-7a6b5c4d3e2f'];
let wb: Workbench | undefined;
let failed: unknown;

before(async () => {
  if (fs.existsSync(ARTIFACTS_DIR)) for (const f of fs.readdirSync(ARTIFACTS_DIR)) if (f.startsWith('explorerNames-')) fs.rmSync(path.join(ARTIFACTS_DIR, f), { force: true });
  wb = await Workbench.launch({
    name: 'explorerNames',
    settings: { 'graphSubscriptions.tunnel.mode': 'none', 'editor.codeLens': true, 'editor.minimap.enabled': false },
    viewport: { width: 1400, height: 860 },
  });
});

after(async () => {
  await wb?.close(failed);
});

test('the explorer names subscriptions by resource and account, ids in the tooltip; unlisted ones say so', { timeout: 600_000 }, async () => {
  const w = wb;
  assert.ok(w, 'the workbench started');
  const page = w.page;
  const steps = new Steps(w, 'explorerNames');
  try {
    // Notifications of subscriptions this window does not list, already in the history.
    const dir = path.join(w.host.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'notifications');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'history.jsonl'), syntheticHistory({ count: 40, start: Date.now() - 40 * 60_000, spacingMs: 60_000, ids: OTHERS }));

    await openSandbox(w);
    await startReceiverFromPalette(w);
    await draftFromTemplate(w, { template: 'Outlook message', resource: 'users/{userId}/messages' });
    await submitDraftInSandbox(w);
    await tidyUp(w);
    await w.treeItem('Subscriptions', 'me/messages').waitFor({ timeout: 60_000 });

    await w.runCommand('Graph Subscriptions: Simulate Change (Sandbox)');
    await w.pickQuickItem('me/messages');
    await w.pickQuickItem('created');
    await w.waitForNotification('The Sandbox sent');
    await w.runCommand('Notifications: Clear All Notifications');

    await w.runCommand('Graph Subscriptions: Open Notification History');
    const frame = await explorerFrame(page);
    await waitForText(() => frame.locator('#summary').innerText(), (t) => /^41 notifications/.test(t), 'the 40 old notifications and the Sandbox one');

    // Per subscription: the Sandbox one by resource and account, its id under it (selectable) and in the tooltip.
    const subs = frame.locator('#subs tbody tr');
    const sandboxRow = subs.filter({ hasText: 'me/messages' }).first();
    await sandboxRow.waitFor();
    const link = sandboxRow.locator('button.link');
    assert.equal((await link.innerText()).trim(), 'me/messages');
    const secondary = plain(await sandboxRow.locator('.id').innerText());
    assert.match(secondary, /^Sandbox · [0-9a-f-]{36}$/, secondary);
    const sandboxId = secondary.replace(/^Sandbox · /, '');
    assert.match((await link.getAttribute('title')) ?? '', new RegExp(`Subscription id: ${sandboxId}`));
    // The others: their last known resource, "no longer listed", never a bare id as the name.
    for (const [i, id] of OTHERS.entries()) {
      const row = subs.filter({ hasText: id }).first();
      // The collection its notifications were about (the fixture's are Users/u-N/Messages/…).
      assert.equal((await row.locator('button.link').innerText()).trim(), `Users/u-${i}/Messages`, `${id} is named, not shown as an id`);
      assert.match(plain(await row.locator('.id').innerText()), new RegExp(`^no longer listed · ${id}$`));
    }
    // Every name and its secondary line shows whole in the table (the id may be cut: it is in the tooltip and the copy button).
    const cutNames = await subs.locator('button.link').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    assert.deepEqual(cutNames, [], 'subscription names cut off');
    const lastColumnShown = await frame.locator('#subs thead th').last().evaluate((e) => {
      const wrap = e.closest('.subs-wrap');
      return wrap !== null && e.getBoundingClientRect().right <= wrap.getBoundingClientRect().right + 1;
    });
    assert.ok(lastColumnShown, 'the per-subscription table fits its pane (no column cut off)');

    // The filter: one line per subscription, resource first.
    const options = (await frame.locator('#f-sub option').allInnerTexts()).map((t) => plain(t).trim());
    assert.ok(options.includes('me/messages — Sandbox (1)'), options.join(' | '));
    for (const i of OTHERS.keys()) assert.ok(options.some((o) => new RegExp(`^Users/u-${i}/Messages — no longer listed \\(\\d+\\)$`).test(o)), options.join(' | '));

    // The list's Subscription column: names, not ids; readable whole for the Sandbox row.
    const first = frame.locator('#list .row:not(.placeholder)').first();
    await first.waitFor();
    const cell = first.locator('.c-sub');
    assert.equal((await cell.innerText()).trim(), 'me/messages', 'the newest row is the Sandbox notification, named by its resource');
    assert.match((await cell.getAttribute('title')) ?? '', new RegExp(`Subscription id: ${sandboxId}`));
    const cut = await cell.evaluate((e) => e.scrollWidth > e.clientWidth + 1);
    assert.equal(cut, false, 'the name is not cut off');
    const cells = (await frame.locator('#list .row:not(.placeholder) .c-sub').allInnerTexts()).map((t) => t.trim());
    for (const id of [sandboxId, ...OTHERS]) assert.ok(!cells.includes(id), `no row shows the bare id ${id}: ${cells.slice(0, 5).join(' | ')}`);
    await steps.shot('names-not-ids');

    // The copy button puts the id on the clipboard (VS Code's), and says so in the status bar.
    await sandboxRow.locator('button.copy-id').click();
    await waitForText(() => statusBarText(page), (t) => t.includes(`Copied the subscription id ${sandboxId}`), 'the copy confirmation', 15_000);

    // Filtering by the Sandbox subscription from its name.
    await frame.locator('#f-sub').selectOption({ label: 'me/messages — Sandbox (1)' });
    await waitForText(() => frame.locator('#summary').innerText(), (t) => /^1 of 41 notifications match/.test(t), 'only the Sandbox notification');
    await steps.shot('filtered-by-name');
    await w.assertNoErrorNotifications();
  } catch (error) {
    failed = error;
    throw error;
  }
});
