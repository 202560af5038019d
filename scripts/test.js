// `npm test`: type-check, build, then the three test tiers, then one summary line
// `N passed, N failed[, N skipped]`; exits non-zero if anything failed.
//
//   node scripts/test.js                       everything (type-check, lint, build, unit, interop, integration, ui)
//   node scripts/test.js --only integration    one tier (unit | interop | integration | ui; comma-separated for several)
//   node scripts/test.js --grep <regexp>       only tests whose full title matches (all tiers)
//   node scripts/test.js --typecheck           also type-check and lint with --only (a full run always does)
//
// Tiers: unit = `node --test` over out/test/unit/**/*.test.js (plain Node, no vscode);
// interop = `node --test` over out/test/interop/**/*.test.js: the emulator command against receivers
// written from Microsoft's docs and samples (they import nothing from src/);
// integration = mocha inside a real VS Code extension host (code-server, see test/host/);
// ui = `node --test` over out/test/ui/**/*.test.js, Playwright driving the workbench in Chromium.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { bootstrap, REPO_ROOT } = require('./bootstrap');

const TIERS = ['unit', 'interop', 'integration', 'ui'];

function parseArgs(argv) {
  const args = { only: TIERS, grep: undefined, typecheck: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') {
      args.only = argv[++i].split(',').map((s) => s.trim());
      const bad = args.only.filter((t) => !TIERS.includes(t));
      if (bad.length > 0) throw new Error(`unknown tier ${bad.join(', ')}; expected ${TIERS.join(' | ')}`);
      if (!argv.includes('--typecheck')) args.typecheck = false;
    } else if (a === '--grep') args.grep = argv[++i];
    else if (a === '--typecheck') args.typecheck = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
const failures = [];

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function phase(name, fn) {
  console.log(`\n━━ ${name} ━━`);
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    const ms = Date.now() - t0;
    timings.push([name, ms]);
    console.log(`━━ ${name}: ${seconds(ms)}`);
  }
}

/**
 * Compiled test files under out/test/<tier>, skipping stale outputs whose TypeScript source was
 * deleted or renamed (esbuild never cleans out/, and other people may be building right now).
 */
function listTestFiles(tier) {
  const dir = path.join(REPO_ROOT, 'out', 'test', tier);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => fs.existsSync(path.join(REPO_ROOT, 'test', tier, f.replace(/\.js$/, '.ts'))))
    .map((f) => path.join(dir, f))
    .sort();
}

/**
 * Runs node's test runner with the spec reporter, echoing its output live and reading the counts
 * from its closing summary (`ℹ pass N`). Not --test-force-exit: on Node 20 it sometimes ends a
 * file before all of its tests ran (catalog.permissions: 75 of 85 tests in 1 of 5 runs, and the
 * summary still said "fail 0"). A file that leaks a server or a timer is stopped by the watchdog
 * instead, which fails the tier.
 */
function nodeTest(tier, files, grep, extraEnv, timeoutMs, watchdogMs) {
  if (files.length === 0) {
    console.log(`no ${tier} test files (out/test/${tier}/**/*.test.js)`);
    return Promise.resolve();
  }
  const args = ['--enable-source-maps', '--test', `--test-timeout=${timeoutMs}`, '--test-reporter=spec'];
  if (grep) args.push(`--test-name-pattern=${grep}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...args, ...files], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...extraEnv },
    });
    let text = '';
    let stuck = false;
    const watchdog = setTimeout(() => {
      stuck = true;
      console.log(`${tier} tier: still running after ${watchdogMs / 1000} s, stopped (a test file leaks a server, a socket or a timer?)`);
      child.kill('SIGKILL');
    }, watchdogMs);
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      text += chunk.toString('utf8');
    });
    child.on('close', (code) => {
      clearTimeout(watchdog);
      const count = (key) => Number((text.match(new RegExp(`^ℹ ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
      const passed = count('pass');
      let failed = count('fail') + count('cancelled');
      // With --grep, node reports every non-matching test as skipped: not worth a count then.
      const skipped = grep ? 0 : count('skipped') + count('todo');
      if ((code !== 0 || stuck) && failed === 0) failed = 1; // crashed or hung before reporting
      console.log(`# pass ${passed} / # fail ${failed}${skipped ? ` / # skipped ${skipped}` : ''}`);
      totals.passed += passed;
      totals.failed += failed;
      totals.skipped += skipped;
      if (failed > 0) failures.push(`${tier}: ${failed} failed (see "failing tests" above)`);
      resolve();
    });
  });
}

function runStep(title, cmd, args) {
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  return r.status === 0;
}

function summary() {
  console.log('\n━━ timings');
  for (const [name, ms] of timings) console.log(`  ${name.padEnd(44)} ${seconds(ms).padStart(8)}`);
  if (failures.length > 0) {
    console.log('\n━━ failures');
    for (const f of failures) console.log(`  ${f}`);
  }
  console.log('');
  console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  process.exitCode = totals.failed > 0 ? 1 : 0;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  await phase('bootstrap', () => bootstrap());

  if (args.typecheck) {
    await phase('typecheck (tsc --noEmit)', () => {
      if (runStep('tsc', process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'])) {
        totals.passed++;
      } else {
        totals.failed++;
        failures.push('typecheck: tsc --noEmit reported errors (above)');
      }
    });
  }

  if (args.typecheck) {
    // Lint with the type checks (no-floating-promises needs types), so it runs with the type-check.
    await phase('lint (eslint)', () => {
      if (runStep('eslint', process.execPath, [path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0'])) {
        totals.passed++;
      } else {
        totals.failed++;
        failures.push('lint: eslint reported problems (above); eslint.config.mjs says why each rule exists');
      }
    });
  }

  const built = await phase('build (node esbuild.js)', () => runStep('esbuild', process.execPath, ['esbuild.js']));
  if (!built) {
    totals.failed++;
    failures.push('build: node esbuild.js failed (above); no tests were run');
    summary();
    return;
  }

  if (args.only.includes('unit')) {
    // The watchdog catches a leaked server/socket/timer that keeps node --test alive; it is not a
    // speed limit. ~130 s on a quiet 2-core machine (Dec 2026), but 300 s was reached on a loaded one.
    await phase('unit tier', () => nodeTest('unit', listTestFiles('unit'), args.grep, {}, 60_000, 900_000));
  }

  if (args.only.includes('interop')) {
    await phase('interop tier (receivers written from the docs)', () => nodeTest('interop', listTestFiles('interop'), args.grep, {}, 120_000, 300_000));
  }

  if (args.only.includes('integration') || args.only.includes('ui')) {
    const install = require('../test/host/install');
    const ok = await phase('test host (code-server)', () => {
      try {
        const r = install.ensureHost();
        if (!r.installed) console.log(`code-server ${install.CODE_SERVER_VERSION} already installed`);
        return true;
      } catch (error) {
        console.error(error instanceof Error ? error.message : error);
        return false;
      }
    });
    if (!ok) {
      totals.failed++;
      failures.push('test host: not installed (see above); integration and UI tiers not run');
      summary();
      return;
    }
  }

  if (args.only.includes('integration')) {
    await phase('integration tier (VS Code extension host)', async () => {
      const { runIntegration } = require('../test/host/runIntegration');
      try {
        const r = await runIntegration({ grep: args.grep });
        totals.passed += r.passed;
        totals.failed += r.failed;
        totals.skipped += r.skipped;
        console.log(`# pass ${r.passed} / # fail ${r.failed}${r.skipped ? ` / # skipped ${r.skipped}` : ''}`);
        if (r.files.length === 0) console.log('no integration test files (out/test/integration/**/*.test.js)');
        for (const f of r.failures) {
          console.log(`\n✘ ${f.title}\n  ${f.error.split('\n').join('\n  ')}`);
          if (f.stack) console.log(`  ${f.stack.split('\n').filter((l) => /^\s+at /.test(l)).join('\n  ')}`);
          failures.push(`integration: ${f.title}`);
        }
      } catch (error) {
        totals.failed++;
        console.error(error instanceof Error ? error.message : error);
        failures.push(`integration: the run did not complete: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
      }
    });
  }

  if (args.only.includes('ui')) {
    await phase('ui tier (Playwright + Chromium)', () =>
      // Per file (node --test times each file out as a whole): the journey is one file of several
      // minutes (a fresh workbench, a window reload, auto-renew falling due after it).
      nodeTest('ui', listTestFiles('ui'), args.grep, { GS_TEST: '1' }, 900_000, 1_800_000),
    );
  }

  timings.push(['total', Date.now() - started]);
  summary();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  totals.failed++;
  summary();
});
