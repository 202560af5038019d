// Reusable Playwright helpers for UI tests: start a fresh code-server (see test/host/), open its
// workbench in headless Debian Chromium, and drive it the way a user does — activity bar, command
// palette, tree, notifications, output panel — with screenshots into artifacts/ (git-ignored).
//
//   const wb = await Workbench.launch({ name: 'journey', vsix: 'graph-subscriptions.vsix' });
//   try {
//     await wb.openViewContainer('Graph Subscriptions');
//     await wb.runCommand('Graph Subscriptions: Open the Sandbox');
//     const rows = await wb.treeItems('Subscriptions');
//     await wb.screenshot('after-sandbox');
//   } finally {
//     await wb.close();
//   }
//
// Every wait is bounded by Playwright timeouts (no fixed sleeps); a failing step leaves a
// `<name>-failure.png` and the browser console in artifacts/ when the test calls `wb.close(error)`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

/** The repository root (this file runs as out/test/ui/workbench.js). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'artifacts');

/** What test/host/server.js exports (plain JS, shared with scripts/test.js and scripts/start.js). */
interface Host {
  readonly port: number;
  readonly baseUrl: string;
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  url(payload?: [string, string][]): string;
  remoteUri(absPath: string): string;
  stop(options?: { keepFiles?: boolean }): Promise<void>;
}
interface HostModule {
  startHost(options?: {
    workspace?: string;
    installVsix?: string[];
    env?: Record<string, string>;
    settings?: Record<string, unknown>;
    log?: (line: string) => void;
  }): Promise<Host>;
  launchBrowser(): Promise<Browser>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hostModule = require(path.join(REPO_ROOT, 'test', 'host', 'server.js')) as HostModule;

export interface LaunchOptions {
  /** Used for artifact file names (screenshots, console log). */
  name?: string;
  /** Install this VSIX into the fresh extensions dir (as a user would) instead of loading the repo as development extension. */
  vsix?: string;
  /** Load the repository as development extension (default: true unless `vsix` is given). */
  developmentExtension?: boolean;
  /** Folder to open (default: a fresh temp copy of test/fixtures/workspace, or an empty folder). */
  workspace?: string;
  /** User settings on top of the harness defaults (no welcome page, no workspace trust…). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and the extension host (GS_TEST=1 is always set). */
  env?: Record<string, string>;
  /** Browser viewport; the default suits README screenshots. */
  viewport?: { width: number; height: number };
}

/**
 * Runs in the page (every navigation, so also after "Reload Window"): reports each error
 * notification once, through the binding `__gsErrorNotification`, whether shown as a toast or
 * only in the notification center.
 */
const ERROR_NOTIFICATION_WATCH = `(() => {
  const seen = new WeakSet();
  setInterval(() => {
    for (const item of document.querySelectorAll('.notification-list-item')) {
      if (seen.has(item) || !item.querySelector('.notification-list-item-icon.codicon-error')) continue;
      const message = item.querySelector('.notification-list-item-message');
      if (!message || !message.textContent) continue;
      seen.add(item);
      window.__gsErrorNotification?.(message.textContent.trim());
    }
  }, 200);
})();`;

export class Workbench {
  private readonly consoleLines: string[] = [];
  /** Every error notification the window showed, in order (the harness fails a test on any). */
  readonly errorNotifications: string[] = [];
  private readonly expectedErrors: RegExp[] = [];

  private constructor(
    readonly name: string,
    readonly host: Host,
    readonly browser: Browser,
    readonly page: Page,
  ) {
    page.on('console', (m) => this.consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => this.consoleLines.push(`[pageerror] ${e.message}`));
  }

  /** Starts code-server + Chromium and waits until the workbench is ready. */
  static async launch(options: LaunchOptions = {}): Promise<Workbench> {
    const name = options.name ?? 'workbench';
    const host = await hostModule.startHost({
      workspace: options.workspace,
      installVsix: options.vsix ? [options.vsix] : [],
      settings: options.settings,
      env: options.env,
      log: () => undefined,
    });
    let browser: Browser | undefined;
    try {
      browser = await hostModule.launchBrowser();
      const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } });
      page.setDefaultTimeout(30_000);
      const wb = new Workbench(name, host, browser, page);
      await page.exposeFunction('__gsErrorNotification', (text: string) => wb.errorNotifications.push(text));
      await page.addInitScript(ERROR_NOTIFICATION_WATCH);
      const dev = options.developmentExtension ?? !options.vsix;
      const payload: [string, string][] = dev ? [['extensionDevelopmentPath', host.remoteUri(REPO_ROOT)]] : [];
      await page.goto(host.url(payload), { waitUntil: 'domcontentloaded' });
      await wb.waitForReady();
      return wb;
    } catch (error) {
      await browser?.close().catch(() => undefined);
      await host.stop({ keepFiles: true });
      throw error;
    }
  }

  /** The workbench has rendered its activity bar and status bar. */
  async waitForReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.part.activitybar').waitFor({ timeout: 60_000 });
    await this.page.locator('.part.statusbar').waitFor({ timeout: 60_000 });
  }

  /** The activity-bar item with this title (e.g. "Graph Subscriptions"). */
  activityItem(title: string): Locator {
    return this.page.locator(`.part.activitybar .action-item a[aria-label^="${title}"]`).first();
  }

  /** Clicks the activity-bar item unless its container is already open, and waits for the side bar. */
  async openViewContainer(title: string): Promise<void> {
    const item = this.activityItem(title);
    await item.waitFor({ timeout: 60_000 });
    const checked = await item.evaluate((el) => el.closest('.action-item')?.classList.contains('checked') ?? false);
    if (!checked) await item.click();
    await this.page.locator('.part.sidebar').waitFor();
  }

  /** A view pane in the side bar or panel, by its title (e.g. "Subscriptions"). */
  viewPane(title: string): Locator {
    return this.page.locator('.pane').filter({ has: this.page.locator('.pane-header', { hasText: title }) }).first();
  }

  /** The welcome text (viewsWelcome) of a view, as shown. */
  async welcomeText(viewTitle: string): Promise<string> {
    const welcome = this.viewPane(viewTitle).locator('.welcome-view-content');
    await welcome.waitFor();
    return (await welcome.innerText()).trim();
  }

  /** Labels of the visible rows of a tree view (aria-label carries label + description). */
  async treeItems(viewTitle: string): Promise<{ label: string; ariaLabel: string; level: number; expanded?: boolean }[]> {
    const rows = this.viewPane(viewTitle).locator('.monaco-list-row');
    const count = await rows.count();
    const items = [];
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      const label = (await row.locator('.label-name').first().innerText().catch(() => '')).trim();
      const ariaLabel = (await row.getAttribute('aria-label')) ?? '';
      const level = Number((await row.getAttribute('aria-level')) ?? '1');
      const exp = await row.getAttribute('aria-expanded');
      items.push({ label, ariaLabel, level, expanded: exp === null ? undefined : exp === 'true' });
    }
    return items;
  }

  /** A tree row by (part of) its label. */
  treeItem(viewTitle: string, label: string): Locator {
    return this.viewPane(viewTitle).locator('.monaco-list-row', { hasText: label }).first();
  }

  /** Opens the command palette (F1) with the `>` prefix. */
  async openPalette(): Promise<Locator> {
    await this.page.locator('.monaco-workbench').click({ position: { x: 640, y: 5 } }).catch(() => undefined);
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    return input;
  }

  /** Runs a command by its palette title, e.g. "Graph Subscriptions: Open the Sandbox". */
  async runCommand(title: string): Promise<void> {
    const input = await this.openPalette();
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor();
    await row.click();
  }

  /** Answers an open quick pick / input box: types `text` (optional) and presses Enter. */
  async answerQuickInput(text?: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    if (text !== undefined) await input.fill(text);
    await input.press('Enter');
  }

  /** Picks a row of an open quick pick by its visible text. */
  async pickQuickItem(text: string): Promise<void> {
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
    await row.waitFor();
    await row.click();
  }

  /** Texts of the notification toasts currently shown. */
  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts()).map((t) => t.trim());
  }

  /** Waits for a notification containing `text` and returns its locator (for its buttons). */
  async waitForNotification(text: string): Promise<Locator> {
    const toast = this.page.locator('.notification-toast', { hasText: text }).first();
    await toast.waitFor();
    return toast;
  }

  /**
   * Shows an output channel (e.g. "Graph Subscriptions") and returns the text its editor renders.
   * Monaco renders only visible lines: callers should assert on recent lines.
   */
  async outputText(channel: string): Promise<string> {
    await this.runCommand('Output: Show Output Channels...');
    await this.pickQuickItem(channel);
    const lines = this.page.locator('.part.panel .output .view-lines, .part.panel .view-lines').first();
    await lines.waitFor();
    await this.page.locator('.part.panel .view-line').first().waitFor();
    return lines.innerText();
  }

  /** Text of the active editor as rendered (visible lines only). */
  async activeEditorText(): Promise<string> {
    const lines = this.page.locator('.part.editor .editor-instance .view-lines').first();
    await lines.waitFor();
    return lines.innerText();
  }

  /**
   * Lets an error notification matching `pattern` pass the harness check: for a test that provokes
   * an error on purpose. Every other error notification fails the test.
   */
  expectErrorNotification(pattern: RegExp): void {
    this.expectedErrors.push(pattern);
  }

  /** Error notifications shown so far that no `expectErrorNotification` allowed. */
  unexpectedErrorNotifications(): string[] {
    return this.errorNotifications.filter((t) => !this.expectedErrors.some((p) => p.test(t)));
  }

  /**
   * Fails when the window has shown an error notification no test expected (users meet toasts,
   * not logs). Called by `close()`, so every UI test gets the check; call it between steps to
   * fail at the step that caused it.
   */
  async assertNoErrorNotifications(): Promise<void> {
    // The watcher polls every 200 ms: give a toast that just appeared the time to be reported.
    await this.page.waitForTimeout(500).catch(() => undefined);
    const unexpected = this.unexpectedErrorNotifications();
    if (unexpected.length > 0) {
      throw new Error(`The window showed ${unexpected.length} error notification(s):\n${unexpected.map((t) => `  - ${t}`).join('\n')}`);
    }
  }

  /** Saves a PNG of the whole window into artifacts/ and returns its path. */
  async screenshot(file: string): Promise<string> {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const out = path.join(ARTIFACTS_DIR, file.endsWith('.png') ? file : `${file}.png`);
    await this.page.screenshot({ path: out });
    return out;
  }

  /** The side bar's text, the toasts, and the last lines of the newest extension host's logs of this extension. */
  async failureReport(): Promise<string> {
    const out: string[] = [`# ${this.name} failed; what the window showed:`];
    const sidebar = this.page.locator('.part.sidebar');
    const shown = await sidebar.isVisible().catch(() => false);
    out.push(`## side bar (${shown ? 'shown' : 'hidden'})\n${(await sidebar.innerText({ timeout: 2_000 }).catch(() => '')).slice(0, 2_000)}`);
    out.push(`## notifications\n${(await this.notifications().catch(() => [])).join('\n') || '(none)'}`);
    out.push(`## error notifications seen\n${this.errorNotifications.join('\n') || '(none)'}`);
    const logsRoot = path.join(this.host.userDataDir, 'logs');
    const hosts = fs.existsSync(logsRoot)
      ? fs.readdirSync(logsRoot).flatMap((d) => fs.readdirSync(path.join(logsRoot, d)).filter((e) => e.startsWith('exthost')).map((e) => path.join(logsRoot, d, e)))
      : [];
    const newest = hosts.sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs).pop();
    const extDir = newest ? path.join(newest, 'graph-subscriptions.graph-subscriptions') : '';
    for (const file of extDir && fs.existsSync(extDir) ? fs.readdirSync(extDir) : []) {
      const lines = fs.readFileSync(path.join(extDir, file), 'utf8').trimEnd().split('\n');
      out.push(`## ${path.basename(newest!)}/${file} (last 40 of ${lines.length} lines)\n${lines.slice(-40).join('\n')}`);
    }
    return out.join('\n');
  }

  /**
   * Closes the browser and stops code-server. Pass the test's error (if any) to keep a failure
   * screenshot and the browser console in artifacts/ and the host's temp folder for inspection.
   * Without an error, an unexpected error notification becomes one: close() then rejects with it
   * (after closing), so a test that met an error toast fails even if its assertions passed.
   */
  async close(error?: unknown): Promise<void> {
    let rejectWith: unknown;
    if (!error) {
      try {
        await this.assertNoErrorNotifications();
      } catch (toastError) {
        error = rejectWith = toastError;
      }
    }
    if (error) {
      await this.screenshot(`${this.name}-failure`).catch(() => undefined);
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      fs.writeFileSync(path.join(ARTIFACTS_DIR, `${this.name}-console.log`), this.consoleLines.join('\n'));
      // CI keeps only what the run prints: say what the window showed and what the extension logged.
      console.log(await this.failureReport().catch((e: unknown) => `# (no failure report: ${String(e)})`));
    }
    await this.browser.close().catch(() => undefined);
    await this.host.stop({ keepFiles: Boolean(error) });
    if (rejectWith) throw rejectWith;
  }
}

/** Runs `body` against a fresh workbench and always closes it, keeping artifacts on failure. */
export async function withWorkbench<T>(options: LaunchOptions, body: (wb: Workbench) => Promise<T>): Promise<T> {
  const wb = await Workbench.launch(options);
  let result: T;
  try {
    result = await body(wb);
  } catch (error) {
    await wb.close(error).catch(() => undefined);
    throw error;
  }
  await wb.close(); // rejects on an unexpected error notification
  return result;
}
