// UI tier, issue 19 items 10 and 14: the tunnel path and the sign-in wizard, clicked through as a
// new user on this machine (no internet: ngrok and login.microsoftonline.com are unreachable for
// real). Start Tunnel with the mode "none" offers the modes; ngrok without an authtoken → Set
// ngrok Authtoken… → Start Tunnel → ngrok offline explained with Retry / Use a Custom URL / Open
// Settings; a custom URL that does not resolve is not "Tunnel up". The registration wizard has
// Back, and Escape keeps what was typed; signing in offline names the registration with Retry.
// No error toast anywhere (the harness fails on one). Screenshots: artifacts/tunnelPath-NN-*.png.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { journeySession, plain } from './journeyKit';
import type { Workbench } from './workbench';

const session = journeySession('tunnelPath', () => ({ settings: { 'graphSubscriptions.tunnel.mode': 'none' } }));
const { workbench, step } = session;

const TITLE = '.quick-input-widget .quick-input-title';
const INPUT = '.quick-input-widget .quick-input-box input';

async function quickInputTitle(w: Workbench, text: string | RegExp): Promise<void> {
  await w.page.locator(TITLE, { hasText: text }).first().waitFor({ timeout: 60_000 });
}

async function click(toast: Awaited<ReturnType<Workbench['waitForNotification']>>, button: string): Promise<void> {
  const b = toast.locator('.monaco-button', { hasText: button }).first();
  await b.waitFor();
  await b.click();
}

/** A notification cuts buttons that do not fit ("Use a Custo…"): every label must show whole. */
async function assertButtonsWhole(toast: Awaited<ReturnType<Workbench['waitForNotification']>>): Promise<void> {
  const cut = await toast.locator('.monaco-button').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent ?? ''));
  assert.deepEqual(cut, [], 'button labels cut');
}

async function buttons(toast: Awaited<ReturnType<Workbench['waitForNotification']>>): Promise<string[]> {
  return (await toast.locator('.monaco-button').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
}

test('item 10: mode "none" → a choice of modes → ngrok → authtoken → Start Tunnel → offline explained → custom URL checked, not "Tunnel up"', { timeout: 420_000 }, () =>
  step(async () => {
    const w = workbench();
    await w.activityItem('Graph Subscriptions').waitFor({ timeout: 90_000 });
    await w.runCommand('Graph Subscriptions: Start Tunnel');
    await quickInputTitle(w, 'No tunnel mode is set');
    const rows = plain(await w.page.locator('.quick-input-widget .quick-input-list').innerText());
    for (const mode of ['ngrok', 'Custom URL', 'Keep None']) assert.match(rows, new RegExp(mode));
    await session.steps.shot('mode-none-offers-modes');
    await w.pickQuickItem('ngrok');

    const noToken = await w.waitForNotification('ngrok needs your authtoken');
    assert.ok((await buttons(noToken)).includes('Set ngrok Authtoken…'));
    await assertButtonsWhole(noToken);
    await session.steps.shot('no-authtoken');
    await click(noToken, 'Set ngrok Authtoken…');
    await quickInputTitle(w, 'ngrok authtoken');
    await w.answerQuickInput('2UItest_tunnel_path_token_0123456789');

    const saved = await w.waitForNotification('ngrok authtoken saved');
    await click(saved, 'Start Tunnel');
    // No internet here: the real ngrok module cannot reach ngrok's servers.
    const offline = await w.waitForNotification('ngrok could not reach its servers');
    const offlineText = plain(await offline.innerText());
    assert.doesNotMatch(offlineText, /tcp connection|failed to connect session/);
    for (const b of ['Retry', 'Use a Custom URL', 'Open Settings']) assert.ok((await buttons(offline)).includes(b), `${b} offered: ${(await buttons(offline)).join(', ')}`);
    await assertButtonsWhole(offline);
    await session.steps.shot('ngrok-offline');

    await click(offline, 'Use a Custom URL');
    await quickInputTitle(w, 'Public URL of your tunnel');
    await w.answerQuickInput('https://my-tunnel.example.com');
    const check = await w.waitForNotification('but the check failed');
    const checkText = plain(await check.innerText());
    assert.match(checkText, /my-tunnel\.example\.com does not resolve/);
    for (const b of ['Check Again', 'Change URL…', 'Stop Tunnel']) assert.ok((await buttons(check)).includes(b), `${b} offered`);
    assert.ok(!(await w.notifications()).some((t) => t.startsWith('Tunnel up')), 'no "Tunnel up" for a URL that fails the check');
    await assertButtonsWhole(check);
    await session.steps.shot('custom-url-check-failed');
    await w.assertNoErrorNotifications();
  }),
);

test('item 14: the registration wizard has Back, Escape keeps what was typed, and signing in offline names the registration with Retry', { timeout: 420_000 }, () =>
  step(async () => {
    const w = workbench();
    const clientId = '0a1b2c3d-1111-2222-3333-444444444444';
    await w.runCommand('Graph Subscriptions: Sign In');
    await quickInputTitle(w, 'Sign in to Microsoft Graph');
    await w.pickQuickItem('Add your own app registration');
    await quickInputTitle(w, /Add app registration \(1\/6\)/);
    await w.answerQuickInput(clientId);
    await quickInputTitle(w, /Add app registration \(2\/6\)/);
    await w.page.locator(INPUT).fill('contoso.onmicrosoft.com');
    await session.steps.shot('wizard-step-2-with-back');
    await w.page.locator('.quick-input-widget .codicon-quick-input-back').first().click();
    await quickInputTitle(w, /Add app registration \(1\/6\)/);
    assert.equal(await w.page.locator(INPUT).inputValue(), clientId, 'Back shows the client id typed on step 1');
    await w.answerQuickInput();
    await quickInputTitle(w, /Add app registration \(2\/6\)/);
    assert.equal(await w.page.locator(INPUT).inputValue(), 'contoso.onmicrosoft.com', 'the tenant typed before Back is still there');
    await w.page.keyboard.press('Escape');
    await w.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });

    // Reopened: everything is prefilled.
    await w.runCommand('Graph Subscriptions: Sign In');
    await quickInputTitle(w, 'Sign in to Microsoft Graph');
    await w.pickQuickItem('Add your own app registration');
    await quickInputTitle(w, /continuing where you left off/);
    assert.equal(await w.page.locator(INPUT).inputValue(), clientId);
    await session.steps.shot('wizard-reopened-prefilled');
    await w.answerQuickInput();
    await quickInputTitle(w, /\(2\/6\)/);
    assert.equal(await w.page.locator(INPUT).inputValue(), 'contoso.onmicrosoft.com');
    await w.answerQuickInput();
    await quickInputTitle(w, /\(3\/6\): cloud/);
    await w.pickQuickItem('Global');
    await quickInputTitle(w, /\(4\/6\): how to sign in/);
    await w.pickQuickItem('Device code');
    await quickInputTitle(w, /\(5\/6\): delegated scopes/);
    await w.answerQuickInput('Mail.Read');
    await quickInputTitle(w, /\(6\/6\): name/);
    await w.answerQuickInput();

    // No internet: MSAL cannot reach login.microsoftonline.com.
    const offline = await w.waitForNotification('Could not reach login.microsoftonline.com');
    const text = plain(await offline.innerText());
    assert.match(text, /to sign in to contoso\.onmicrosoft\.com · 0a1b2c3d…/);
    assert.doesNotMatch(text, /network_error|fetch failed/);
    for (const b of ['Retry', 'Open the Sandbox']) assert.ok((await buttons(offline)).includes(b), `${b} offered`);
    await assertButtonsWhole(offline);
    await session.steps.shot('sign-in-offline');
    await w.assertNoErrorNotifications();
  }),
);
