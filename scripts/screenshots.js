// `npm run screenshots`: regenerates the README's pictures (media/screenshots/*.png) from the
// product itself. test/ui/readmeScreenshots.test.ts drives the real workbench (code-server +
// headless Chromium) and asserts each state before it photographs it; with
// GS_README_SCREENSHOTS=1 it copies the pictures to media/screenshots/. Runs only that file (the
// UI tier's other files start workbenches of their own).
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { bootstrap, REPO_ROOT } = require('./bootstrap');

bootstrap();
const run = (args, env = {}) => spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;
if (!run(['esbuild.js'])) process.exit(1);
if (!run([path.join('test', 'host', 'install.js')])) process.exit(1);
const ok = run(['--enable-source-maps', '--test', '--test-timeout=900000', '--test-reporter=spec', path.join('out', 'test', 'ui', 'readmeScreenshots.test.js')], {
  GS_TEST: '1',
  GS_README_SCREENSHOTS: '1',
});
process.exit(ok ? 0 : 1);
