// `npm start`: install dependencies on a fresh clone, build, and open VS Code with this extension
// loaded as development extension, in a sandbox workspace folder (.vscode-test/workspace).
//   - desktop `code` on PATH → `code --extensionDevelopmentPath=<repo> <workspace>`
//   - otherwise (or with --server) → a local code-server; prints the URL to open and runs until Ctrl+C
//
//   node scripts/start.js [--server] [--port <n>]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync, spawn } = require('node:child_process');
const { bootstrap, REPO_ROOT } = require('./bootstrap');

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

async function main() {
  bootstrap();
  console.log('[start] building (node esbuild.js)');
  if (spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO_ROOT, stdio: 'inherit' }).status !== 0) {
    console.error('[start] build failed (see above)');
    process.exit(1);
  }
  const workspace = path.join(REPO_ROOT, '.vscode-test', 'workspace');
  fs.mkdirSync(workspace, { recursive: true });

  if (!process.argv.includes('--server') && onPath('code')) {
    console.log(`[start] opening VS Code: code --extensionDevelopmentPath=${REPO_ROOT} ${workspace}`);
    const child = spawn('code', [`--extensionDevelopmentPath=${REPO_ROOT}`, workspace], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }

  const { startHost } = require('../test/host/server');
  console.log('[start] no desktop `code` on PATH: starting code-server (VS Code in the browser)');
  const port = arg('--port') ? Number(arg('--port')) : process.env.PORT ? Number(process.env.PORT) : undefined;
  const host = await startHost({ workspace, port, log: (m) => console.log(m) });
  const url = host.url([['extensionDevelopmentPath', host.remoteUri(REPO_ROOT)]]);
  console.log('');
  console.log('[start] VS Code with Graph Subscriptions is ready. Open this URL in a browser on this machine:');
  console.log('');
  console.log(`  ${url}`);
  console.log('');
  console.log(`[start] workspace: ${path.relative(process.cwd(), workspace)}; code-server log: ${host.logFile}`);
  console.log('[start] press Ctrl+C to stop');
  const stop = async () => {
    console.log('\n[start] stopping code-server');
    await host.stop();
    process.exit(0);
  };
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Stay alive while code-server runs.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
