// Dependency-free bootstrap shared by scripts/test.js, start.js and bench.js: on a fresh clone
// (no node_modules, or node_modules older than package-lock.json) it runs `npm ci` first.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..');

function needsInstall() {
  const marker = path.join(REPO_ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(REPO_ROOT, 'package-lock.json');
  if (!fs.existsSync(marker)) return 'node_modules is missing';
  for (const bin of ['esbuild', 'tsc']) {
    if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules', '.bin', bin))) return `node_modules/.bin/${bin} is missing`;
  }
  if (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000) {
    return 'package-lock.json is newer than node_modules';
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
