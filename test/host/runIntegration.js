// Runs the integration suites (out/test/integration/index.js → every **/*.test.js) inside a real
// VS Code extension host: code-server + headless Chromium. The suite entry reports through files
// (GS_TEST_RESULT / GS_TEST_LOG); this driver streams the per-test log, waits for the result with
// an overall timeout, and returns {passed, failed, skipped, failures}.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startHost, launchBrowser, REPO_ROOT } = require('./server');

const DEFAULT_TIMEOUT_S = 480;

/**
 * @param {object} [options]
 * @param {string} [options.grep] only tests whose full title matches (regular expression)
 * @param {number} [options.timeoutSeconds] overall limit for the host to report (default 480, env GS_TEST_TIMEOUT_SECONDS)
 * @param {(line: string) => void} [options.log]
 */
async function runIntegration(options = {}) {
  const log = options.log ?? ((m) => console.log(m));
  const timeoutS = Number(options.timeoutSeconds ?? process.env.GS_TEST_TIMEOUT_SECONDS ?? DEFAULT_TIMEOUT_S);
  const entry = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: build first (node esbuild.js)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-it-'));
  const resultFile = path.join(tmp, 'result.json');
  const testLog = path.join(tmp, 'tests.log');
  const consoleLog = path.join(tmp, 'browser-console.log');
  fs.writeFileSync(testLog, '');
  const env = { GS_TEST_RESULT: resultFile, GS_TEST_LOG: testLog };
  if (options.grep) env.GS_TEST_GREP = options.grep;

  const host = await startHost({ env, log });
  let browser;
  let ok = false;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage();
    page.on('console', (m) => fs.appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => fs.appendFileSync(consoleLog, `[pageerror] ${e.message}\n`));
    const url = host.url([
      ['extensionDevelopmentPath', host.remoteUri(REPO_ROOT)],
      ['extensionTestsPath', host.remoteUri(entry)],
    ]);
    await page.goto(url, { waitUntil: 'domcontentloaded' });

    // Stream the per-test log while waiting for the result file.
    let shown = 0;
    const flush = () => {
      const text = fs.readFileSync(testLog, 'utf8');
      if (text.length > shown) {
        process.stdout.write(text.slice(shown));
        shown = text.length;
      }
    };
    const deadline = Date.now() + timeoutS * 1000;
    while (!fs.existsSync(resultFile)) {
      flush();
      if (Date.now() > deadline) {
        throw new Error(
          `The extension host never reported a result within ${timeoutS} s (GS_TEST_TIMEOUT_SECONDS).\n` +
            `Kept for inspection: ${tmp} (tests.log, browser-console.log) and ${host.tmp} ` +
            `(code-server.log; extension host logs under user/logs/).\n` +
            `Last browser console lines:\n${tailOf(consoleLog, 15)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    flush();
    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    ok = result.failed === 0;
    return result;
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    await host.stop({ keepFiles: !ok });
    if (ok) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function tailOf(file, n) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '(none)';
  }
}

module.exports = { runIntegration };
