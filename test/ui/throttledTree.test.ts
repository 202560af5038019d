// UI tier: a Sandbox subscription whose receiver answers slowly is throttled the way Graph throttles
// slow endpoints (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#throttling),
// and the sidebar tree says so. Driven quickly through the Sandbox's own test hooks (the loopback-only
// /_emulator routes: a token, then simulated changes), against a receiver started here that answers
// after 3.5 s (over Graph's 3 s first-try timeout). Screenshot: artifacts/throttledTree-NN-*.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { SANDBOX_APP_ID } from '../../src/emulator/tokens';
import { openSandbox, Steps, waitForText } from './journeyKit';
import { ARTIFACTS_DIR, Workbench } from './workbench';

const VIEW = 'Subscriptions';
const SLOW_MS = 3_500;
let wb: Workbench | undefined;
let failed: unknown;
let slow: http.Server | undefined;
let sandboxPort = 0;

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A receiver that passes the validation handshake at once and answers every notification late. */
async function startSlowReceiver(): Promise<string> {
  slow = http.createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
    if (token !== null) {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(token);
      return;
    }
    req.resume();
    setTimeout(() => res.writeHead(202).end(), SLOW_MS);
  });
  await new Promise<void>((resolve) => slow!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(slow.address() as AddressInfo).port}/notify`;
}

async function sandbox<T>(method: string, route: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${sandboxPort}${route}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Text of the Markdown preview showing the doctor's report (it lives in nested webview frames). */
async function previewText(w: Workbench): Promise<string> {
  for (const frame of w.page.frames()) {
    const text = await frame.locator('body').innerText({ timeout: 1_000 }).catch(() => '');
    if (text.includes('Receiver doctor report')) return text;
  }
  return '';
}

before(async () => {
  if (fs.existsSync(ARTIFACTS_DIR)) for (const f of fs.readdirSync(ARTIFACTS_DIR)) if (f.startsWith('throttledTree-')) fs.rmSync(path.join(ARTIFACTS_DIR, f), { force: true });
  sandboxPort = await freePort();
  wb = await Workbench.launch({
    name: 'throttledTree',
    settings: { 'graphSubscriptions.tunnel.mode': 'none', 'graphSubscriptions.sandbox.port': sandboxPort },
    viewport: { width: 1280, height: 760 },
  });
});

after(async () => {
  await wb?.close(failed);
  await new Promise<void>((resolve) => (slow ? slow.close(() => resolve()) : resolve()));
});

test('a subscription whose receiver answers slowly is marked "throttled: delayed" in the tree, with the reason in its tooltip', { timeout: 600_000 }, async () => {
  const w = wb;
  assert.ok(w, 'the workbench started');
  const page = w.page;
  const steps = new Steps(w, 'throttledTree');
  try {
    await openSandbox(w);

    // Another tool of the same app (the Sandbox's) subscribes to me/messages with a slow receiver.
    const url = await startSlowReceiver();
    const { access_token: token } = await sandbox<{ access_token: string }>('POST', '/_emulator/token', { accountKind: 'delegatedWork', permissions: ['Mail.Read'], appId: SANDBOX_APP_ID });
    const sub = await sandbox<{ id: string }>('POST', '/v1.0/subscriptions', { changeType: 'created', notificationUrl: url, resource: 'me/messages', expirationDateTime: new Date(Date.now() + 2 * 3_600_000).toISOString(), clientState: 'slow-receiver' }, token);

    // Ten changes at once: every first try outlasts Graph's 3 s timeout, so the endpoint is "slow".
    await Promise.all(Array.from({ length: 10 }, () => sandbox('POST', `/_emulator/subscriptions/${sub.id}/simulate`, { changeType: 'created' })));
    const states = await sandbox<{ throttling: { host: string; state: string }[] }>('GET', '/_emulator/deliveries');
    assert.ok(states.throttling.some((t) => url.includes(t.host) && t.state === 'slow'), JSON.stringify(states.throttling));

    await w.runCommand('Graph Subscriptions: Refresh');
    const row = w.treeItem(VIEW, 'me/messages');
    await row.waitFor({ timeout: 60_000 });
    const label = await waitForText(async () => (await row.getAttribute('aria-label')) ?? '', (t) => /throttled/i.test(t), 'the throttled row', 60_000);
    assert.match(label, /throttled: delayed/i);
    // The row as the side bar shows it, not hovered (no inline actions taking room).
    await page.mouse.move(900, 500);
    await steps.shot('throttled-row');
    await row.hover();
    const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Watchdog: Throttled' }).first();
    await hover.waitFor({ timeout: 15_000 });
    assert.match(await hover.innerText(), /delays its notifications by 10 minutes/);
    await steps.shot('throttled-tooltip');
    // Its next step checks the slow endpoint itself (before: a quick pick of this window's receivers).
    const check = hover.locator('a', { hasText: 'Check Receiver' }).first();
    const href = (await check.getAttribute('data-href')) ?? (await check.getAttribute('href')) ?? '';
    assert.ok(decodeURIComponent(href).includes(url), `Check Receiver targets ${url}: ${decodeURIComponent(href)}`);
    await check.click();
    const report = await waitForText(() => previewText(w), (t) => t.includes('What the doctor cannot see'), 'the doctor report on the slow endpoint', 180_000);
    assert.ok(report.includes(url), 'the report is about the slow endpoint');
    assert.match(report, /✗/, 'the report names what the slow endpoint fails');
    await steps.shot('check-receiver-report');
    await w.assertNoErrorNotifications();
  } catch (error) {
    failed = error;
    throw error;
  }
});
