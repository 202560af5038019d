// Helpers of the end-to-end journey (journey.test.ts) on top of the harness's Workbench: build
// the VSIX the way a release does, and the editor / problems / quick-fix / CodeLens / context-menu
// gestures a user makes. Assertions read DOM text, never pixels.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS_DIR, REPO_ROOT, Workbench, type LaunchOptions } from './workbench';

/**
 * The VSIX a user installs: `npm run package` (production build + vsce with the .vscodeignore
 * allowlist). GS_VSIX=<file> uses an already built one instead.
 */
export function packageVsix(): string {
  const given = process.env.GS_VSIX;
  if (given) return path.resolve(given);
  const r = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  const vsix = path.join(REPO_ROOT, 'graph-subscriptions.vsix');
  if (r.status !== 0 || !fs.existsSync(vsix)) throw new Error(`npm run package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  // A private copy: someone else's `npm run package` must not swap the file under the install.
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gs-vsix-')), 'graph-subscriptions.vsix');
  fs.copyFileSync(vsix, copy);
  return copy;
}

/** Monaco renders spaces of some lines as U+00A0; compare text with ordinary spaces. */
export function plain(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

/** Numbered screenshots (01-…png) so artifacts/ reads like the journey. */
export class Steps {
  private n = 0;
  readonly files: string[] = [];
  constructor(
    private readonly wb: Workbench,
    private readonly prefix: string,
  ) {}

  async shot(name: string): Promise<string> {
    this.n++;
    const file = await this.wb.screenshot(`${this.prefix}-${String(this.n).padStart(2, '0')}-${name}`);
    this.files.push(file);
    return file;
  }
}

/** One workbench shared by the tests of a file, which run in order as one user's session. */
export interface JourneySession {
  /** The running workbench (throws when it did not start). */
  workbench(): Workbench;
  /** Numbered screenshots `<name>-NN-….png` in artifacts/. */
  readonly steps: Steps;
  /**
   * Runs one test's body and records its failure, so that closing the workbench keeps that
   * failure's screenshot and browser console. With `checkErrorsEachStep`, a test that met an error
   * notification fails at that test rather than at the close (the harness checks again then).
   */
  step<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Registers node:test's `before`/`after` for a journey file: removes the screenshots of an earlier
 * run of the file (numbered differently when filtered, they would mix with this run's), launches
 * the workbench named `name` with what `launch()` returns, and closes it after the last test
 * (failing on any error notification no test declared with `expectErrorNotification`).
 */
export function journeySession(name: string, launch: () => LaunchOptions | Promise<LaunchOptions>, options: { checkErrorsEachStep?: boolean } = {}): JourneySession {
  let wb: Workbench | undefined;
  let steps: Steps | undefined;
  let failed: unknown;
  before(async () => {
    if (fs.existsSync(ARTIFACTS_DIR)) for (const f of fs.readdirSync(ARTIFACTS_DIR)) if (f.startsWith(`${name}-`)) fs.rmSync(path.join(ARTIFACTS_DIR, f), { force: true });
    wb = await Workbench.launch({ name, ...(await launch()) });
    steps = new Steps(wb, name);
  });
  after(async () => {
    await wb?.close(failed);
  });
  const workbench = (): Workbench => {
    if (!wb) throw new Error('the workbench did not start');
    return wb;
  };
  return {
    workbench,
    get steps() {
      if (!steps) throw new Error('the workbench did not start');
      return steps;
    },
    async step(fn) {
      try {
        const result = await fn();
        if (options.checkErrorsEachStep) await workbench().assertNoErrorNotifications();
        return result;
      } catch (error) {
        failed ??= error;
        throw error;
      }
    },
  };
}

/** Polls `read` until `accept` holds (or the timeout), returning the last value read. */
export async function waitForText(read: () => Promise<string>, accept: (text: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = plain(await read().catch(() => ''));
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last text:\n${last.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The active text editor's Monaco instance. */
export function activeEditor(page: Page): Locator {
  return page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
}

/** The text of the active editor as rendered (visible lines, top to bottom). */
export async function editorText(page: Page): Promise<string> {
  const lines = activeEditor(page).locator('.view-lines .view-line');
  const tops = await lines.evaluateAll((els) => els.map((e) => ({ top: parseFloat((e as HTMLElement).style.top || '0'), text: (e as HTMLElement).innerText })));
  return plain(tops.sort((a, b) => a.top - b.top).map((l) => l.text).join('\n'));
}

/**
 * Selects `text` in the active editor with the Find widget (Ctrl+F, Enter, Escape leaves the match
 * selected), the way a keyboard user would.
 */
export async function selectInEditor(page: Page, text: string): Promise<void> {
  await activeEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+F');
  const find = page.locator('.part.editor .find-widget textarea, .part.editor .find-widget input').first();
  await find.waitFor();
  await find.fill(text);
  await page.locator('.part.editor .find-widget .matchesCount', { hasText: /^1 of 1$/ }).waitFor();
  await find.press('Enter');
  // Escape closes the widget and gives the focus back to the editor, the match still selected.
  const open = page.locator('.part.editor .find-widget.visible');
  for (let i = 0; i < 5 && (await open.count()) > 0; i++) {
    await find.press('Escape').catch(() => undefined);
    await page.waitForTimeout(200);
  }
  if ((await open.count()) > 0) throw new Error('the Find widget did not close');
}

/** Shows the Problems panel and returns its rendered text. */
export async function problemsText(wb: Workbench): Promise<string> {
  const panel = wb.page.locator('.part.panel .markers-panel').first();
  if (!(await panel.isVisible().catch(() => false))) {
    await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  }
  await panel.waitFor();
  return plain(await panel.innerText());
}

/** Opens Ctrl+. on the cursor and picks the code action whose title contains `title`. */
export async function applyQuickFix(page: Page, title: string): Promise<string> {
  await activeEditor(page).focus().catch(() => undefined);
  await page.keyboard.press('Control+.');
  const item = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  await item.waitFor();
  const label = plain(await item.innerText()).trim();
  // The widget owns the keyboard (a pointer block covers it): move the focus there and press Enter.
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; i < 30; i++) {
    const text = plain(await focused.innerText().catch(() => ''));
    if (text.includes(title)) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  return label;
}

/** The CodeLens of the active editor whose text contains `title`. */
export function codeLens(page: Page, title: string | RegExp): Locator {
  return activeEditor(page).locator('.codelens-decoration a', { hasText: title }).first();
}

/** Right-clicks a row and picks `action` from its context menu. */
export async function contextMenu(page: Page, row: Locator, action: string): Promise<void> {
  await row.click({ button: 'right' });
  const item = page.locator('.context-view .action-label', { hasText: action }).first();
  await item.waitFor();
  // Keyboard, as the menu has the focus (a click can land while the menu is still settling).
  const focused = page.locator('.context-view .action-item.focused');
  for (let i = 0; i < 30; i++) {
    const text = plain(await focused.innerText().catch(() => '')).trim();
    if (text === action || text.startsWith(action)) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
}

/** The text of the Output panel's editor (visible lines only). */
export async function outputPanelText(page: Page): Promise<string> {
  const lines = page.locator('.part.panel .view-lines').first();
  await lines.waitFor();
  const items = await page.locator('.part.panel .view-lines .view-line').evaluateAll((els) =>
    els.map((e) => ({ top: parseFloat((e as HTMLElement).style.top || '0'), text: (e as HTMLElement).innerText })),
  );
  return plain(items.sort((a, b) => a.top - b.top).map((l) => l.text).join('\n'));
}

/** Status bar text (all items). */
export async function statusBarText(page: Page): Promise<string> {
  return plain(await page.locator('.part.statusbar').innerText());
}

/**
 * Shows the Graph Subscriptions view with "Focus on Graph Subscriptions View" from the palette. Not by
 * clicking the activity-bar icon: that toggles, and while the workbench restores after a window
 * reload the icon and the side bar can disagree, so a click meant to open the view closed the side
 * bar (seen in a failing run: side bar hidden, so the tree was never asked for its children).
 */
export async function showSubscriptionsView(wb: Workbench): Promise<void> {
  // The extension's contributions are registered once the activity-bar item exists.
  await wb.activityItem('Graph Subscriptions').waitFor({ timeout: 90_000 });
  const pane = wb.viewPane('Subscriptions');
  for (let i = 0; i < 5; i++) {
    // Right after a window reload the palette can come up before it lists the view's command:
    // close it and try again rather than fail the step.
    const ran = await wb.runCommand('Graph Subscriptions: Focus on Graph Subscriptions View').then(
      () => true,
      async () => {
        await wb.page.keyboard.press('Escape');
        return false;
      },
    );
    if (ran && (await pane.waitFor({ timeout: 5_000 }).then(() => true, () => false))) return;
  }
  await pane.waitFor();
}

/** Drags the side bar's edge so the rows' descriptions (countdown, change types, state) fit. */
export async function widenSideBar(w: Workbench, width: number): Promise<void> {
  const box = await w.page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const y = box.y + box.height / 2;
  await w.page.mouse.move(box.x + box.width - 1, y);
  await w.page.mouse.down();
  await w.page.mouse.move(box.x + width, y, { steps: 10 });
  await w.page.mouse.up();
}

/** The Subscriptions view on a fresh profile, signed in to the Sandbox from its welcome button. */
export async function openSandbox(w: Workbench): Promise<void> {
  await showSubscriptionsView(w);
  await w.viewPane('Subscriptions').locator('.welcome-view-content .monaco-button', { hasText: 'Open the Sandbox' }).click({ timeout: 90_000 });
  await w.viewPane('Subscriptions').locator('.monaco-list-row', { hasText: 'Sandbox' }).first().waitFor({ timeout: 90_000 });
}

/** Start Receiver from the palette; returns its port once the status bar shows it. */
export async function startReceiverFromPalette(w: Workbench): Promise<number> {
  await w.runCommand('Graph Subscriptions: Start Receiver');
  const text = await waitForText(() => statusBarText(w.page), (t) => /Receiver :\d+/.test(t), 'the receiver status bar item');
  return Number(/Receiver :(\d+)/.exec(text)?.[1]);
}

/**
 * Create Subscription → a template → its resource → a delivery channel, as a user picks them;
 * returns the draft's text once it is open (and the quick input is closed).
 */
export async function draftFromTemplate(w: Workbench, choice: { template: string; resource: string; delivery?: string; draftHas?: string }): Promise<string> {
  await w.runCommand('Graph Subscriptions: Create Subscription');
  await w.answerQuickInput(choice.template);
  await w.pickQuickItem(choice.resource);
  await w.page.locator('.quick-input-widget').getByText('Webhook (receiver/tunnel)').first().waitFor({ timeout: 30_000 });
  await w.pickQuickItem(choice.delivery ?? 'Webhook (receiver/tunnel)');
  const draft = await waitForText(() => editorText(w.page), (t) => t.includes(choice.draftHas ?? '"expirationDateTime"'), 'the new draft');
  await w.page.keyboard.press('Escape');
  return draft;
}

/** Submits the open draft with its CodeLens once it counts no error, and waits for the confirmation. */
export async function submitDraftInSandbox(w: Workbench, timeoutMs = 90_000): Promise<void> {
  const lens = codeLens(w.page, /Create subscription in Sandbox/);
  await waitForText(() => lens.innerText(), (t) => t.includes('Create subscription in Sandbox') && !t.includes('error'), 'the CodeLens without errors', timeoutMs);
  await lens.click();
  await w.waitForNotification('Subscription created in Sandbox');
}

/** Clears the toasts and closes the editors, answering "Don't Save" for a draft that asks. */
export async function tidyUp(w: Workbench): Promise<void> {
  await w.runCommand('Notifications: Clear All Notifications');
  await w.runCommand('View: Close All Editors');
  const dialog = w.page.locator('.monaco-dialog-box');
  if (await dialog.waitFor({ timeout: 3_000 }).then(() => true, () => false)) await dialog.locator('.monaco-button', { hasText: "Don't Save" }).first().click();
}

/**
 * Read Notifications from Event Hubs… → the Sandbox's hub `graph-events`, consumer group $Default,
 * from the earliest event; returns the output once it shows the validation event Graph sends first.
 */
export async function readSandboxHub(w: Workbench): Promise<string> {
  await w.runCommand('Graph Subscriptions: Read Notifications from Event Hubs…');
  await w.pickQuickItem('Sandbox event hubs');
  await w.pickQuickItem('graph-events');
  // The consumer-group input box replaces the hub pick in the same widget: wait for its title,
  // or Enter lands on the closing pick and the input box stays open.
  await w.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Consumer group' }).waitFor();
  await w.answerQuickInput('$Default');
  await w.pickQuickItem('Earliest');
  return waitForText(async () => plain(await outputPanelText(w.page)).replace(/\s+/g, ' '), (t) => t.includes('[Event Hubs] validation event'), 'the validation event in the output', 90_000);
}
