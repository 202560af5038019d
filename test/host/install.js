// Installs the offline VS Code test host: code-server (VS Code's server + web workbench) from npm,
// into .vscode-test/code-server/ (git-ignored), following ../shared/reference/vscode-test-host.md.
// Plain CommonJS with no dependencies, so `npm start` / `npm test` can call it before anything is built.
// Idempotent: a marker file records a finished install; a second call returns at once.
//
//   node test/host/install.js          install if needed
//   node test/host/install.js --force  reinstall
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const CODE_SERVER_VERSION = '4.100.3';
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const HOST_DIR = path.join(REPO_ROOT, '.vscode-test', 'code-server');
const MARKER = path.join(HOST_DIR, `.installed-${CODE_SERVER_VERSION}`);
const LOG_FILE = path.join(REPO_ROOT, '.vscode-test', 'code-server-install.log');
const CODE_SERVER_PKG = path.join(HOST_DIR, 'node_modules', 'code-server');
const ENTRY = path.join(CODE_SERVER_PKG, 'out', 'node', 'entry.js');
const CHROMIUM = process.env.GS_CHROMIUM || '/usr/bin/chromium';

const APT_HINT = 'apt-get update && apt-get install -y libkrb5-dev ripgrep chromium build-essential python3';

/** Programs and files the host needs from Debian; each with the package that provides it. */
function missingSystemPackages() {
  const missing = [];
  const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  if (!fs.existsSync(CHROMIUM)) missing.push(`chromium (${CHROMIUM})`);
  if (!onPath('rg')) missing.push('ripgrep (rg)');
  if (!fs.existsSync('/usr/include/krb5.h') && !fs.existsSync('/usr/include/krb5/krb5.h')) missing.push('libkrb5-dev (krb5.h)');
  if (!onPath('make') || !(onPath('g++') || onPath('c++'))) missing.push('build-essential (make, g++)');
  if (!onPath('python3')) missing.push('python3');
  return missing;
}

/** Throws with the apt-get command to run when Debian packages are missing. */
function checkSystemPackages() {
  const missing = missingSystemPackages();
  if (missing.length > 0) {
    throw new Error(
      `The VS Code test host needs Debian packages that are missing: ${missing.join(', ')}.\n` +
        `Install them (as root) with:\n  ${APT_HINT}\n(.ci/run does this on CI machines.)`,
    );
  }
}

function isInstalled() {
  return fs.existsSync(MARKER) && fs.existsSync(ENTRY);
}

function tail(file, lines) {
  try {
    const text = fs.readFileSync(file, 'utf8').split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Installs code-server when not yet installed. `log` receives one line per step.
 * Full command output goes to .vscode-test/code-server-install.log; on failure the error carries its tail.
 */
function ensureHost({ force = false, log = (m) => console.log(m) } = {}) {
  checkSystemPackages();
  if (!force && isInstalled()) return { entry: ENTRY, installed: false, seconds: 0 };
  // Several test runs may start at once in the same working tree: one installs, the others wait.
  const lock = path.join(REPO_ROOT, '.vscode-test', 'code-server.install-lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const waitUntil = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock older than 15 minutes belongs to an install that died.
      if (Date.now() - fs.statSync(lock).mtimeMs > 15 * 60_000 || Date.now() > waitUntil) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      log('[host] another process is installing the test host; waiting');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
      if (!force && isInstalled()) return { entry: ENTRY, installed: false, seconds: 0 };
    }
  }
  try {
    return installLocked(force, log);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function installLocked(force, log) {
  const started = Date.now();
  fs.mkdirSync(path.dirname(LOG_FILE), { recursive: true });
  fs.writeFileSync(LOG_FILE, `code-server ${CODE_SERVER_VERSION} install, ${new Date().toISOString()}\n`);
  if (force || fs.existsSync(HOST_DIR)) fs.rmSync(HOST_DIR, { recursive: true, force: true });
  fs.mkdirSync(HOST_DIR, { recursive: true });
  // A package.json of its own so npm installs here and not into the extension's node_modules.
  fs.writeFileSync(path.join(HOST_DIR, 'package.json'), JSON.stringify({ name: 'gs-test-host', private: true }, null, 2));

  const env = {
    ...process.env,
    npm_config_unsafe_perm: 'true', // code-server's scripts run as root in CI
    npm_config_yes: 'true', // node-pty's build runs `npx node-gyp`, which would ask
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  const vscodeDir = path.join(CODE_SERVER_PKG, 'lib', 'vscode');
  const run = (title, cmd, args, cwd) => {
    log(`[host] ${title}`);
    fs.appendFileSync(LOG_FILE, `\n$ (cd ${cwd} && ${cmd} ${args.join(' ')})\n`);
    const fd = fs.openSync(LOG_FILE, 'a');
    const t0 = Date.now();
    const result = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    if (result.status !== 0) {
      throw new Error(
        `Test host install failed at "${title}" (exit ${result.status ?? result.signal}).\n` +
          `Last lines of ${path.relative(process.cwd(), LOG_FILE)}:\n${tail(LOG_FILE, 40)}`,
      );
    }
    fs.appendFileSync(LOG_FILE, `(${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  };
  const symlink = (target, linkPath) => {
    fs.rmSync(linkPath, { force: true, recursive: true });
    fs.symlinkSync(target, linkPath);
  };

  run(`npm install code-server@${CODE_SERVER_VERSION}`, 'npm',
    ['install', `code-server@${CODE_SERVER_VERSION}`, '--omit=dev', '--ignore-scripts', '--no-save'], HOST_DIR);
  run('npm install (lib/vscode)', 'npm', ['install', '--omit=dev', '--ignore-scripts'], vscodeDir);
  // @vscode/ripgrep's postinstall downloads a binary; Debian's rg replaces it (postinstall skips when bin/ exists).
  const rgBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgBin, { recursive: true });
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  fs.copyFileSync(rg, path.join(rgBin, 'rg'));
  fs.chmodSync(path.join(rgBin, 'rg'), 0o755);
  run('npm rebuild (lib/vscode native modules)', 'npm', ['rebuild'], vscodeDir);
  run('npm rebuild argon2', 'npm', ['rebuild', 'argon2'], HOST_DIR);
  // What code-server's own postinstall would have done.
  log('[host] links (node_modules.asar, remote-cli, browser helper)');
  symlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  symlink('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  symlink('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  run('npm install (built-in extensions)', 'npm', ['install', '--omit=dev'], path.join(vscodeDir, 'extensions'));
  if (!fs.existsSync(ENTRY)) throw new Error(`Test host install finished but ${ENTRY} is missing; see ${LOG_FILE}`);
  fs.writeFileSync(MARKER, new Date().toISOString() + '\n');
  const seconds = (Date.now() - started) / 1000;
  log(`[host] code-server ${CODE_SERVER_VERSION} installed in ${seconds.toFixed(0)} s (log: ${path.relative(process.cwd(), LOG_FILE)})`);
  return { entry: ENTRY, installed: true, seconds };
}

module.exports = { ensureHost, checkSystemPackages, missingSystemPackages, isInstalled, CODE_SERVER_VERSION, HOST_DIR, ENTRY, CHROMIUM, APT_HINT, REPO_ROOT };

if (require.main === module) {
  try {
    const r = ensureHost({ force: process.argv.includes('--force') });
    if (!r.installed) console.log(`[host] code-server ${CODE_SERVER_VERSION} already installed in ${path.relative(process.cwd(), HOST_DIR)}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
