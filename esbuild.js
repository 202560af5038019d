// Builds the extension bundle (dist/) and transpiles tests (out/).
// Shape follows the official esbuild extension sample: CommonJS, Node platform, `vscode` external,
// minified for production, sourcemaps in development, and a watch mode.
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Native or optional modules that cannot be bundled; they ship in the VSIX's node_modules. */
const external = ['vscode', '@ngrok/ngrok'];

/**
 * Options of the extension bundles. Also used by test/bench/activation.bench.ts, so the bench
 * measures exactly what ships.
 * @param {{ production: boolean }} mode
 * @returns {import('esbuild').BuildOptions}
 */
function bundleOptionsFor({ production }) {
  return {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    external,
    logLevel: 'warning',
    // jose and msal pick a browser build unless told they run in Node.
    mainFields: ['module', 'main'],
    conditions: ['node'],
  };
}

const bundleOptions = bundleOptionsFor({ production });

function listFiles(dir, test) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, test));
    else if (test(entry.name)) out.push(full);
  }
  return out;
}

/**
 * Watch mode prints what the problem matcher of .vscode/tasks.json reads: `[watch] build started`
 * / `[watch] build finished` around each rebuild, and each message as two lines,
 * `✘ [ERROR] text` (or `▲ [WARNING] text`) then `    file:line:column:` (1-based column).
 * Several contexts rebuild at once; the counter keeps one started/finished pair per burst.
 * @returns {import('esbuild').Plugin}
 */
function watchReporter() {
  let running = 0;
  const reported = new Set();
  const format = (kind, m) => {
    const head = `${kind === 'error' ? '✘ [ERROR]' : '▲ [WARNING]'} ${m.text}`;
    return m.location ? `${head}\n    ${m.location.file}:${m.location.line}:${m.location.column + 1}:` : head;
  };
  return {
    name: 'watch-reporter',
    setup(build) {
      build.onStart(() => {
        if (running++ === 0) {
          reported.clear();
          console.log('[watch] build started');
        }
      });
      build.onEnd((result) => {
        // The bundle and the test transpile both compile src/: one report per message and burst.
        const lines = [...result.errors.map((m) => format('error', m)), ...result.warnings.map((m) => format('warning', m))];
        for (const line of lines) if (!reported.has(line)) reported.add(line) && console.error(line);
        if (--running === 0) console.log('[watch] build finished');
      });
    },
  };
}

async function main() {
  const contexts = [];
  // Watch: our own report (for the task's problem matcher) instead of esbuild's multi-line one.
  const watchOptions = watch ? { logLevel: 'silent', plugins: [watchReporter()] } : {};
  contexts.push(await esbuild.context({
    ...bundleOptions,
    ...watchOptions,
    entryPoints: { extension: 'src/extension.ts', 'emulator-cli': 'src/emulator/cli.ts' },
    outdir: 'dist',
  }));
  // The notifications explorer's webview script runs in the browser sandbox of the webview.
  contexts.push(await esbuild.context({
    ...watchOptions,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: production,
    logLevel: 'warning',
    entryPoints: { explorer: 'src/notifications/explorer/webview/main.ts' },
    outdir: 'dist/webview',
  }));
  // Heavy libraries (MSAL, the Graph client) get bundles of their own, loaded on first use by
  // src/util/lazy.ts, so activation does not parse them.
  const lazyEntries = listFiles('src/lazy', (n) => n.endsWith('.ts'));
  if (lazyEntries.length > 0) {
    contexts.push(await esbuild.context({ ...bundleOptions, ...watchOptions, entryPoints: lazyEntries, outdir: 'dist/lazy' }));
  }
  // Tests and benchmarks are transpiled file by file (not bundled) so that each test imports the
  // real domain modules from out/src, exactly as written.
  const testEntries = [
    ...listFiles('src', (n) => n.endsWith('.ts')),
    ...listFiles('test', (n) => n.endsWith('.ts')),
  ];
  contexts.push(await esbuild.context({
    entryPoints: testEntries,
    outdir: 'out',
    outbase: '.',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    ...watchOptions,
  }));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  // The emulator CLI is an npm `bin`: it needs a shebang and the executable bit.
  const cli = 'dist/emulator-cli.js';
  const text = fs.readFileSync(cli, 'utf8');
  if (!text.startsWith('#!')) fs.writeFileSync(cli, '#!/usr/bin/env node\n' + text);
  fs.chmodSync(cli, 0o755);
}

module.exports = { bundleOptionsFor };

// Build only when run as a script (`node esbuild.js`), not when the bench requires the options.
if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
