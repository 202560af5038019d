// UI tier, issue 16: the notifications explorer as a user meets it. A history of a few hundred
// notifications (written in the receiver's own format into the extension's global storage, with
// duplicates, a quiet stretch, refusals, an untrusted one and lifecycle events) is opened with
// "Open Notification History": the list, counts and the rate chart with its gap; a filter is
// applied; a duplicate group is expanded; a payload is opened from the keyboard. Screenshots in
// artifacts/explorer-NN-*.png. Any error toast fails the test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { EXTENSION_ID } from '../../src/constants';
import { syntheticHistory } from '../fixtures/historyLines';
import { explorerFrame } from './explorerKit';
import { plain, Steps, waitForText } from './journeyKit';
import { withWorkbench } from './workbench';

const COUNT = 300;
const SUBSCRIPTIONS = ['7f1c2a9e-3b4d-4e5f-8a6b-1c2d3e4f5a6b', 'b2e4c6d8-0a1b-4c3d-9e8f-7a6b5c4d3e2f', '3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d'];

test('the explorer: a few hundred notifications, a filter, a duplicate group, a payload, the chart', { timeout: 600_000 }, async () => {
  await withWorkbench({ name: 'explorer', settings: { 'graphSubscriptions.tunnel.mode': 'none', 'workbench.colorTheme': 'Default Dark Modern' }, viewport: { width: 1400, height: 860 } }, async (w) => {
    const steps = new Steps(w, 'explorer');
    // The last half hour, with a 6-minute silence in the middle.
    const spacingMs = 4000;
    const gapMs = 6 * 60_000;
    const start = Date.now() - COUNT * spacingMs - gapMs - 60_000;
    const dir = path.join(w.host.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'notifications');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'history.jsonl'), syntheticHistory({ count: COUNT, start, spacingMs, gapMs, ids: SUBSCRIPTIONS }));

    await w.openViewContainer('Graph Subscriptions');
    await w.runCommand('Graph Subscriptions: Open Notification History');
    const frame = await explorerFrame(w.page);
    const summary = await waitForText(() => frame.locator('#summary').innerText(), (t) => t.startsWith(`${COUNT} notifications`), 'the explorer summary');
    assert.match(summary, /in \d+ rows \(duplicates grouped\)/);
    assert.match(summary, /latency p50/);
    // The chart: bars, and the quiet stretch hatched and labelled.
    assert.ok((await frame.locator('#chart rect.bar').count()) > 10, 'bars in the chart');
    assert.ok((await frame.locator('#chart rect.gap').count()) >= 1, 'the gap is drawn');
    assert.match(await frame.locator('#chart .gap-label').first().textContent() ?? '', /quiet [67] min/);
    // Per subscription: counts and latency.
    const subs = plain(await frame.locator('#subs').innerText());
    for (const id of SUBSCRIPTIONS) assert.ok(subs.includes(id), `${id} in the per-subscription table`);
    assert.match(subs, /\d+(\.\d)? s \/ \d+(\.\d)? s \/ \d+(\.\d)? s/);
    assert.ok((await frame.locator('#list .row').count()) < 120, 'only the rows in view are rendered');
    await steps.shot('opened');

    // A filter: only `updated`, of one subscription.
    await frame.locator('#f-type').selectOption('updated');
    await frame.locator('#f-sub').selectOption(SUBSCRIPTIONS[1]);
    // Both filters applied (the first answer may be for the change type alone).
    const filtered = await waitForText(() => frame.locator('#summary').innerText(), (t) => Number(/^(\d+) of 300 notifications match/.exec(t)?.[1] ?? 1000) < 100, 'the summary for both filters');
    const matched = Number(/^(\d+) of/.exec(filtered)![1]);
    assert.ok(matched > 10 && matched < 100, filtered);
    await waitForText(async () => (await frame.locator('#list .row:not(.placeholder) .c-type').allInnerTexts()).join('|'), (t) => t.length > 0 && t.split('|').every((x) => x.startsWith('updated')), 'only updated rows');
    await steps.shot('filtered');

    // A duplicate group: expanded with its toggle, its members listed under it.
    const toggle = frame.locator('#list .group-toggle').first();
    await toggle.waitFor();
    assert.match(await toggle.innerText(), /×2/);
    await toggle.click();
    await frame.locator('#list .row.member').first().waitFor();
    assert.equal(await frame.locator('#list .row[aria-expanded="true"]').count(), 1);
    await steps.shot('group-expanded');

    // A payload, chosen from the keyboard: the list is a grid with an active row.
    await frame.locator('#list').focus();
    await w.page.keyboard.press('Home');
    await w.page.keyboard.press('ArrowDown');
    await w.page.keyboard.press('Enter');
    const detail = await waitForText(() => frame.locator('#detail').innerText(), (t) => t.includes('"subscriptionId"'), 'the payload of the selected notification');
    assert.ok(detail.includes(SUBSCRIPTIONS[1]), 'the payload of a row of the filtered subscription');
    assert.match(detail, /✓ clientState/);
    assert.match(detail, /Replay/);
    await steps.shot('payload');

    // Back to everything: the chart still shows the gap.
    await frame.locator('#clear').click();
    await waitForText(() => frame.locator('#summary').innerText(), (t) => t.startsWith(`${COUNT} notifications`), 'all notifications again');
    assert.ok((await frame.locator('#chart rect.gap').count()) >= 1);
  });
});
