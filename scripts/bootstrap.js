// Dependency-free bootstrap shared by scripts/test.js, start.js and bench.js: on a fresh clone
// (no node_modules, or one that differs from package-lock.json) it runs `npm ci` first.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * Why `npm ci` is needed, or undefined. Compares what package-lock.json wants with what npm
 * recorded as installed (node_modules/.package-lock.json), by content: a checkout or rebase
 * rewrites package-lock.json with a new mtime without changing it, and a worktree whose
 * node_modules links a shared install must not wipe and reinstall it for that.
 */
function needsInstall() {
  const marker = path.join(REPO_ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(REPO_ROOT, 'package-lock.json');
  if (!fs.existsSync(marker)) return 'node_modules is missing';
  for (const bin of ['esbuild', 'tsc']) {
    if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules', '.bin', bin))) return `node_modules/.bin/${bin} is missing`;
  }
  if (!fs.existsSync(lock)) return undefined;
  let wanted;
  let installed;
  try {
    wanted = JSON.parse(fs.readFileSync(lock, 'utf8')).packages ?? {};
    installed = JSON.parse(fs.readFileSync(marker, 'utf8')).packages ?? {};
  } catch (error) {
    return `package-lock.json or node_modules/.package-lock.json does not parse (${error.message})`;
  }
  for (const [key, entry] of Object.entries(wanted)) {
    // The root, and optional packages of other platforms (npm skips them), are not installed.
    if (key === '' || entry.optional || entry.link) continue;
    const have = installed[key];
    if (!have) return `${key} is not installed (package-lock.json wants ${entry.version})`;
    if (entry.version && have.version !== entry.version) return `${key} is ${have.version}, package-lock.json wants ${entry.version}`;
  }
  return undefined;
}

/** Runs `npm ci` when needed; exits the process if it fails. */
function bootstrap() {
  const reason = needsInstall();
  if (!reason) return false;
  console.log(`[bootstrap] ${reason}: running npm ci`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-fund', '--no-audit'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[bootstrap] npm ci failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  return true;
}

module.exports = { bootstrap, needsInstall, REPO_ROOT };

if (require.main === module) bootstrap();
