// @vscode/test-cli configuration: `npm run test:electron` runs the same integration suites as
// `npm run test:integration` (out/test/integration/**/*.test.js, mocha TDD UI), but in a VS Code
// desktop build that test-electron downloads. Needs internet (and a display, or xvfb-run on Linux);
// on offline machines use `npm run test:integration` (code-server) instead.
import { defineConfig } from '@vscode/test-cli';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const workspaceFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-electron-ws-'));

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  version: '1.100.3',
  workspaceFolder,
  env: { GS_TEST: '1' },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  mocha: { ui: 'tdd', timeout: 20000, color: true },
});
