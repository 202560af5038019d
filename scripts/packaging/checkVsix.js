// The packaging check of one VSIX (its entries already unzipped): manifest target, the native
// binary's header against the target, what @ngrok/ngrok's own index.js loads on that platform,
// nothing that is not needed at run time, and a size budget. Pure: entries in, problems out.
// @ts-check
'use strict';
const path = require('node:path');
const realFs = require('node:fs');
const { identifyBinary } = require('./nativeBinary');
const { NGROK_VERSION } = require('./targets');

/** @typedef {import('./targets').PackagingTarget} PackagingTarget */

/** Size budgets (bytes of the .vsix file). A targeted VSIX is the bundle plus one ~4 MB compressed binary. */
const BUDGET = { targeted: 7 * 1024 * 1024, universal: 2 * 1024 * 1024 };

/** Files every VSIX must carry (paths inside the ZIP). */
const REQUIRED = ['extension.vsixmanifest', 'extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt', 'extension/dist/extension.js', 'extension/dist/emulator-cli.js', 'extension/media/icon.png'];

/** What must never ship: sources, tests, source maps, build output for tests, tooling, secrets. */
const FORBIDDEN = [
  { re: /^extension\/(src|test|out|scripts|docs|artifacts|\.vscode|\.vscode-test|\.ci)\//, why: 'sources, tests or tooling' },
  { re: /\.map$/, why: 'source map' },
  { re: /\.tsx?$/, why: 'TypeScript source' },
  { re: /\.test\.[cm]?js$/, why: 'test file' },
  { re: /(^|\/)(\.env|\.npmrc|tsconfig\.json|esbuild\.js|package-lock\.json|\.gitignore)$/, why: 'development file' },
  { re: /\.vsix$/, why: 'nested VSIX' },
];

/** @param {Map<string, Buffer>} entries */
function manifestTarget(entries) {
  const xml = entries.get('extension.vsixmanifest')?.toString('utf8') ?? '';
  const m = /<Identity\b[^>]*\bTargetPlatform="([^"]+)"/.exec(xml);
  return m ? m[1] : undefined;
}

/**
 * Runs the VSIX's own node_modules/@ngrok/ngrok/index.js as it would run on `target`
 * (process.platform / arch / glibc-or-musl), resolving its requires against the VSIX's files
 * instead of the disk, and returns the native file it ends up loading (or why it fails).
 * @param {Map<string, Buffer>} entries
 * @param {PackagingTarget} target
 * @returns {{ loaded?: string, error?: string }}
 */
function simulateNgrokLoad(entries, target) {
  const root = '/vsix/';
  const dir = 'extension/node_modules/@ngrok/ngrok';
  const source = entries.get(`${dir}/index.js`);
  if (!source) return { error: `${dir}/index.js is missing` };
  const has = (/** @type {string} */ abs) => abs.startsWith(root) && entries.has(abs.slice(root.length));
  /** @type {string | undefined} */
  let loaded;
  // Anything the binding exports: a function, so the trailer can patch prototypes.
  const fakeBinding = new Proxy({}, { get: (cache, key) => (cache[key] ??= function NativeStub() {}) });
  const loadFile = (/** @type {string} */ rel) => {
    if (!rel.endsWith('.node')) throw new Error(`unexpected non-native main ${rel}`);
    loaded = rel;
    return fakeBinding;
  };
  const shimRequire = (/** @type {string} */ id) => {
    if (id === 'fs') return { ...realFs, existsSync: has };
    if (id === 'path' || id === 'net' || id === 'os') return require(id);
    if (id === 'child_process') throw new Error('child_process is not expected on Node ≥ 12 (process.report decides musl)');
    if (id.startsWith('./')) {
      const rel = path.posix.join(dir, id);
      if (!entries.has(rel)) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
      return loadFile(rel);
    }
    // Node's lookup: node_modules folders from the requiring package upwards.
    for (const base of [`${dir}/node_modules`, 'extension/node_modules/@ngrok/node_modules', 'extension/node_modules']) {
      const pkgJson = entries.get(`${base}/${id}/package.json`);
      if (!pkgJson) continue;
      const main = /** @type {{ main?: string }} */ (JSON.parse(pkgJson.toString('utf8'))).main ?? 'index.js';
      const rel = path.posix.join(base, id, main);
      if (!entries.has(rel)) throw Object.assign(new Error(`Cannot find module '${rel}'`), { code: 'MODULE_NOT_FOUND' });
      return loadFile(rel);
    }
    throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
  };
  const fakeProcess = {
    ...process,
    platform: target.platform,
    arch: target.arch,
    report: { getReport: () => ({ header: target.libc === 'glibc' ? { glibcVersionRuntime: '2.31' } : {} }) },
  };
  const module = { exports: {} };
  try {
    const fn = new Function('require', 'module', 'exports', '__dirname', '__filename', 'process', source.toString('utf8'));
    fn(shimRequire, module, module.exports, root + dir, `${root}${dir}/index.js`, fakeProcess);
  } catch (error) {
    return { error: /** @type {Error} */ (error).message };
  }
  return loaded ? { loaded } : { error: 'index.js finished without loading a native binding' };
}

/**
 * @param {{ file: string, size: number, entries: Map<string, Buffer>, expected: PackagingTarget | 'universal' }} vsix
 * @returns {{ problems: string[], nativeBinaries: { name: string, detail: string }[] }}
 */
function checkVsix({ size, entries, expected }) {
  /** @type {string[]} */
  const problems = [];
  const names = [...entries.keys()];
  const lowerNames = new Set(names.map((n) => n.toLowerCase()));
  for (const r of REQUIRED) if (!lowerNames.has(r.toLowerCase())) problems.push(`missing ${r}`);
  for (const n of names) {
    const bad = FORBIDDEN.find((f) => f.re.test(n));
    if (bad) problems.push(`${n} must not ship (${bad.why})`);
  }

  const universal = expected === 'universal';
  const wantTarget = universal ? undefined : expected.target;
  const target = manifestTarget(entries);
  if (target !== wantTarget) problems.push(`manifest TargetPlatform is ${target ?? '(none)'}, expected ${wantTarget ?? '(none: universal)'}`);
  const pkg = entries.get('extension/package.json');
  if (pkg) {
    const manifest = JSON.parse(pkg.toString('utf8'));
    if (JSON.stringify(manifest).includes('example.invalid')) problems.push('package.json still has a placeholder URL (example.invalid)');
  }

  const nativeNames = names.filter((n) => n.endsWith('.node'));
  const nativeBinaries = nativeNames.map((name) => ({ name, detail: identifyBinary(/** @type {Buffer} */ (entries.get(name))).detail }));
  const moduleFiles = names.filter((n) => n.startsWith('extension/node_modules/'));
  if (universal) {
    if (nativeNames.length > 0) problems.push(`universal VSIX carries native binaries: ${nativeNames.join(', ')}`);
    if (moduleFiles.length > 0) problems.push(`universal VSIX carries node_modules: ${moduleFiles.slice(0, 3).join(', ')}…`);
  } else {
    const allowed = ['extension/node_modules/@ngrok/ngrok/', `extension/node_modules/${expected.ngrokPackage}/`];
    for (const f of moduleFiles) {
      if (!allowed.some((a) => f.startsWith(a))) problems.push(`${f}: only @ngrok/ngrok and ${expected.ngrokPackage} may ship in node_modules`);
    }
    const binaryPath = `extension/node_modules/${expected.ngrokPackage}/${expected.binary}`;
    if (nativeNames.length !== 1 || nativeNames[0] !== binaryPath) {
      problems.push(`expected exactly one native binary ${binaryPath}, found ${nativeNames.join(', ') || 'none'}`);
    }
    const binary = entries.get(binaryPath);
    if (binary) {
      const info = identifyBinary(binary);
      if (info.format !== expected.format) problems.push(`${expected.binary} is ${info.format}, ${expected.target} needs ${expected.format} (${info.detail})`);
      if (info.machine !== expected.arch) problems.push(`${expected.binary} is built for ${info.machine}, ${expected.target} needs ${expected.arch} (${info.detail})`);
      if (expected.libc && info.libc !== expected.libc) problems.push(`${expected.binary} links ${info.libc}, ${expected.target} needs ${expected.libc} (${info.detail})`);
    }
    for (const p of ['@ngrok/ngrok', expected.ngrokPackage]) {
      const pj = entries.get(`extension/node_modules/${p}/package.json`);
      const version = pj ? JSON.parse(pj.toString('utf8')).version : undefined;
      if (version !== NGROK_VERSION) problems.push(`${p} is ${version ?? 'missing'}, expected ${NGROK_VERSION}`);
    }
    const load = simulateNgrokLoad(entries, expected);
    if (load.error) problems.push(`@ngrok/ngrok on ${expected.target} fails to load its binding: ${load.error}`);
    else if (load.loaded !== binaryPath) problems.push(`@ngrok/ngrok on ${expected.target} loads ${load.loaded}, expected ${binaryPath}`);
  }

  const budget = universal ? BUDGET.universal : BUDGET.targeted;
  if (size > budget) problems.push(`${(size / 1024 / 1024).toFixed(2)} MB is over the ${(budget / 1024 / 1024).toFixed(0)} MB budget`);
  return { problems, nativeBinaries };
}

module.exports = { checkVsix, simulateNgrokLoad, manifestTarget, BUDGET };
