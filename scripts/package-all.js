// `npm run package:all`: one VSIX per Marketplace target, each carrying exactly the matching
// @ngrok/ngrok native package, plus a universal VSIX without the native module, into vsix/,
// then a summary table (file, size, target, native binary inside).
//
//   node scripts/package-all.js                       all 8 VSIXes into vsix/
//   node scripts/package-all.js --only host --out graph-subscriptions.vsix
//                                                     the VSIX for this machine (`npm run package`)
//   node scripts/package-all.js --only win32-x64,universal --dir /tmp/x --no-build
//
// The native packages of other platforms are fetched with `npm pack` (the npm registry, or npm's
// cache when offline) into .vscode-test/ngrok-packages/<version>/ and unpacked into a staging
// folder per target in the temp dir — never into the repository's node_modules. vsce then packs
// each staging folder, so `npm list --production` there sees @ngrok/ngrok and that one platform
// package, exactly the layout @ngrok/ngrok's index.js resolves at run time.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { NGROK_VERSION, TARGETS, UNIVERSAL, hostTarget, vsixFileName } = require('./packaging/targets');
const { readZip } = require('./packaging/zip');
const { identifyBinary } = require('./packaging/nativeBinary');

const REPO_ROOT = path.resolve(__dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** Files of the repository the VSIX is made of (.vscodeignore narrows them further). */
const SHIPPED = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'dist', 'media'];

function parseArgs(argv) {
  const args = { only: undefined, out: undefined, dir: path.join(REPO_ROOT, 'vsix'), build: true, jobs: 2, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') args.only = argv[++i].split(',').map((s) => s.trim());
    else if (a === '--out') args.out = path.resolve(argv[++i]);
    else if (a === '--dir') args.dir = path.resolve(argv[++i]);
    else if (a === '--no-build') args.build = false;
    else if (a === '--jobs') args.jobs = Math.max(1, Number(argv[++i]));
    else if (a === '--quiet') args.quiet = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

/** @returns {(import('./packaging/targets').PackagingTarget | 'universal')[]} */
function selectTargets(only) {
  if (!only) return [...TARGETS, UNIVERSAL];
  return only.map((name) => {
    if (name === UNIVERSAL) return UNIVERSAL;
    if (name === 'host') {
      const t = hostTarget();
      if (!t) throw new Error(`no Marketplace target with an ngrok binary for ${process.platform}-${process.arch}; use --only universal`);
      return t;
    }
    const t = TARGETS.find((x) => x.target === name);
    if (!t) throw new Error(`unknown target ${name}; expected one of ${[...TARGETS.map((x) => x.target), UNIVERSAL, 'host'].join(', ')}`);
    return t;
  });
}

/** `npm pack` of the packages not yet cached; returns package name → tarball path. */
function fetchPackages(names) {
  const cache = path.join(REPO_ROOT, '.vscode-test', 'ngrok-packages', NGROK_VERSION);
  fs.mkdirSync(cache, { recursive: true });
  const tarball = (name) => path.join(cache, `${name.replace(/^@/, '').replace('/', '-')}-${NGROK_VERSION}.tgz`);
  const missing = names.filter((n) => !fs.existsSync(tarball(n)));
  if (missing.length > 0) {
    // Into a private folder first, then renamed: a concurrent run never sees half a tarball.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-npm-pack-'));
    const r = spawnSync(NPM, ['pack', ...missing.map((n) => `${n}@${NGROK_VERSION}`), '--pack-destination', tmp, '--silent'], {
      cwd: tmp,
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (r.status !== 0) throw new Error(`npm pack ${missing.join(' ')} failed (exit ${r.status}); the npm registry (or npm's cache) must be reachable:\n${r.stderr}`);
    for (const n of missing) fs.renameSync(path.join(tmp, path.basename(tarball(n))), tarball(n));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return new Map(names.map((n) => [n, tarball(n)]));
}

/** Unpacks an npm tarball (its files sit under package/) into `dest`, checking name and version. */
function unpack(tgz, dest, expectedName) {
  fs.mkdirSync(dest, { recursive: true });
  const r = spawnSync('tar', ['-xzf', tgz, '-C', dest, '--strip-components=1'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar -xzf ${tgz} failed: ${r.stderr}`);
  const pkg = JSON.parse(fs.readFileSync(path.join(dest, 'package.json'), 'utf8'));
  if (pkg.name !== expectedName || pkg.version !== NGROK_VERSION) {
    throw new Error(`${tgz} holds ${pkg.name}@${pkg.version}, expected ${expectedName}@${NGROK_VERSION}`);
  }
  return pkg;
}

function stage(target, tarballs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gs-vsix-${typeof target === 'string' ? target : target.target}-`));
  for (const f of SHIPPED) {
    const from = path.join(REPO_ROOT, f);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, f), { recursive: true });
  }
  if (target !== UNIVERSAL) {
    unpack(tarballs.get('@ngrok/ngrok'), path.join(dir, 'node_modules', '@ngrok', 'ngrok'), '@ngrok/ngrok');
    const pkg = unpack(tarballs.get(target.ngrokPackage), path.join(dir, 'node_modules', ...target.ngrokPackage.split('/')), target.ngrokPackage);
    const fits = (list, value) => !list || list.includes(value);
    if (!fits(pkg.os, target.platform) || !fits(pkg.cpu, target.arch) || (target.libc && !fits(pkg.libc, target.libc))) {
      throw new Error(`${target.ngrokPackage} declares os ${pkg.os} cpu ${pkg.cpu} libc ${pkg.libc}, not ${target.target}`);
    }
  }
  return dir;
}

function vsce(cwd, target, out) {
  const args = [path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-yarn', '--out', out];
  // No public repository yet (package.json has none): relative README links stay relative (VS Code
  // resolves them inside the installed extension); GS_BASE_CONTENT_URL makes them absolute for a
  // Marketplace upload once the sources are hosted.
  const base = process.env.GS_BASE_CONTENT_URL;
  if (base) args.push('--baseContentUrl', base, '--baseImagesUrl', base);
  else args.push('--no-rewrite-relative-links');
  const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8'));
  if (!pkg.repository) args.push('--allow-missing-repository');
  if (target === UNIVERSAL) args.push('--no-dependencies');
  else args.push('--target', target.target);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`vsce package ${target === UNIVERSAL ? '(universal)' : target.target} failed (exit ${code}):\n${output}`))));
  });
}

async function pool(items, jobs, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }));
  return results;
}

const FORMAT_NAMES = { pe: 'PE', macho: 'Mach-O', elf: 'ELF', unknown: 'unknown format' };
function shortInfo(info) {
  return [FORMAT_NAMES[info.format], info.machine, info.libc].filter(Boolean).join(' ');
}

/** One summary row per VSIX, read back from the file itself. */
function describe(file, target) {
  const entries = readZip(file);
  const natives = [...entries.keys()].filter((n) => n.endsWith('.node'));
  const native = natives.length === 0 ? '(none)' : natives.map((n) => `${n.replace(/^extension\/node_modules\//, '')} (${shortInfo(identifyBinary(entries.get(n)))})`).join(', ');
  return { file: path.relative(REPO_ROOT, file).startsWith('..') ? file : path.relative(REPO_ROOT, file), size: fs.statSync(file).size, target: target === UNIVERSAL ? 'universal' : target.target, native, entries };
}

function printSummary(rows) {
  const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
  const w = [Math.max(4, ...rows.map((r) => r.file.length)), 9, Math.max(6, ...rows.map((r) => r.target.length))];
  console.log(`\n${'file'.padEnd(w[0])}  ${'size'.padStart(w[1])}  ${'target'.padEnd(w[2])}  native binary inside`);
  for (const r of rows) console.log(`${r.file.padEnd(w[0])}  ${mb(r.size).padStart(w[1])}  ${r.target.padEnd(w[2])}  ${r.native}`);
}

/**
 * Builds the selected VSIXes; returns their summary rows (with the unzipped entries).
 * @param {ReturnType<typeof parseArgs>} args
 */
async function packageAll(args) {
  const t0 = Date.now();
  const targets = selectTargets(args.only);
  if (args.out && targets.length !== 1) throw new Error('--out needs exactly one --only target');
  if (args.build) {
    const r = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('node esbuild.js --production failed');
  }
  const needed = ['@ngrok/ngrok', ...targets.filter((t) => t !== UNIVERSAL).map((t) => t.ngrokPackage)];
  const tarballs = targets.some((t) => t !== UNIVERSAL) ? fetchPackages([...new Set(needed)]) : new Map();
  fs.mkdirSync(args.dir, { recursive: true });
  const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
  const rows = await pool(targets, args.jobs, async (target) => {
    const out = args.out ?? path.join(args.dir, vsixFileName(target, version));
    const dir = stage(target, tarballs);
    try {
      const started = Date.now();
      await vsce(dir, target, out);
      if (!args.quiet) console.log(`[package] ${path.basename(out)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return describe(out, target);
  });
  printSummary(rows);
  console.log(`\n${rows.length} VSIX${rows.length === 1 ? '' : 'es'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return rows.map((r, i) => ({ ...r, expected: targets[i], path: args.out ?? path.join(args.dir, vsixFileName(targets[i], version)) }));
}

module.exports = { packageAll, parseArgs };

if (require.main === module) {
  packageAll(parseArgs(process.argv.slice(2))).catch((error) => {
    console.error(`[package] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
