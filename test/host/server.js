// Starts and stops the code-server test host (see ./install.js and
// ../shared/reference/vscode-test-host.md), and opens its workbench in headless Debian Chromium.
// Plain CommonJS: used by scripts/test.js, scripts/start.js and the TypeScript UI helpers
// (test/ui/workbench.ts) alike.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { ensureHost, ENTRY, CHROMIUM, REPO_ROOT } = require('./install');

/** Settings written into every fresh user-data-dir: no welcome page, no trust prompt, no network. */
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'workbench.enableExperiments': false,
};

/** Chromium flags that keep it quiet on a closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const live = new Set();
let exitHooksInstalled = false;

/** Kills every host still running when this process exits or is interrupted. */
function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const h of live) h.killGroup('SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      for (const h of live) h.killGroup('SIGKILL');
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts code-server on a free port with a fresh user-data-dir and extensions-dir.
 *
 * @param {object} [options]
 * @param {string} [options.workspace] folder to open; default: a fresh temp copy of test/fixtures/workspace
 * @param {string[]} [options.installVsix] VSIX files installed into the fresh extensions dir before start
 * @param {Record<string,string>} [options.env] extra environment for code-server and its extension host
 * @param {Record<string,unknown>} [options.settings] user settings on top of DEFAULT_SETTINGS
 * @param {number} [options.port] fixed port (default: a free one)
 * @param {(line: string) => void} [options.log]
 */
async function startHost(options = {}) {
  const log = options.log ?? ((m) => console.log(m));
  ensureHost({ log });
  installExitHooks();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-host-'));
  const userDataDir = path.join(tmp, 'user');
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...(options.settings ?? {}) }, null, 2),
  );
  let workspace = options.workspace;
  if (!workspace) {
    workspace = path.join(tmp, 'workspace');
    const fixture = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
    if (fs.existsSync(fixture)) fs.cpSync(fixture, workspace, { recursive: true });
    else fs.mkdirSync(workspace, { recursive: true });
  }
  const logFile = path.join(tmp, 'code-server.log');
  const env = { ...process.env, GS_TEST: '1', ...(options.env ?? {}) };
  // Never let the host think it may reach the marketplace or open a real browser.
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.BROWSER;
  const baseArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  for (const vsix of options.installVsix ?? []) {
    log(`[host] installing ${path.basename(vsix)} into the fresh extensions dir`);
    const r = spawnSync(process.execPath, [ENTRY, ...baseArgs, '--install-extension', path.resolve(vsix)], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    fs.appendFileSync(logFile, `${r.stdout ?? ''}${r.stderr ?? ''}`);
    if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }

  const port = options.port ?? (await freePort());
  const args = [
    ENTRY,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...baseArgs,
    workspace,
  ];
  const out = fs.openSync(logFile, 'a');
  // Its own process group (detached), so stop() can kill code-server and every helper it forks.
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const host = {
    port,
    baseUrl: `http://127.0.0.1:${port}/`,
    workspace,
    userDataDir,
    extensionsDir,
    tmp,
    logFile,
    pid: child.pid,
    /** Workbench URL; with a payload (array of [key, value]) such as extensionDevelopmentPath. */
    url(payload) {
      let u = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
      if (payload && payload.length > 0) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return u;
    },
    /** `vscode-remote://` form of a local absolute path, as the payload needs it. */
    remoteUri(absPath) {
      return `vscode-remote://127.0.0.1:${port}${path.resolve(absPath)}`;
    },
    killGroup(signal) {
      if (exited) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    },
    /** Stops code-server and its helpers; removes the temp dirs unless keepFiles. */
    async stop({ keepFiles = false } = {}) {
      live.delete(host);
      host.killGroup('SIGTERM');
      const deadline = Date.now() + 5000;
      while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      host.killGroup('SIGKILL');
      // Helpers may outlive the leader; kill what is left of the group.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      if (!keepFiles) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  live.add(host);

  // Ready when it logs "HTTP server listening on …".
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    if (text.includes('HTTP server listening on')) break;
    if (exited || Date.now() > deadline) {
      await host.stop({ keepFiles: true });
      throw new Error(
        `code-server did not start (${exited ? `exited ${exited.code ?? exited.signal}` : 'no "HTTP server listening" after 60 s'}).\n` +
          `Last lines of ${logFile}:\n${tail(logFile, 30)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return host;
}

/** Launches headless Debian Chromium through playwright-core (never downloads a browser). */
async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

module.exports = { startHost, launchBrowser, freePort, DEFAULT_SETTINGS, CHROMIUM_ARGS, REPO_ROOT };
