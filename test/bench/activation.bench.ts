/**
 * Bundle size and activation cost of the extension against a trivial baseline extension built in
 * the same run with the same esbuild options.
 *
 * Both bundles are production builds (minified, like the VSIX) written to a temp folder, so the
 * shared dist/ is not touched. Activation is measured in fresh Node child processes: `require` the
 * bundle and call `activate()` with a Proxy-based fake `vscode` module (hooked in through
 * Module._load), N times each, alternating, reporting the median.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchResult } from './types';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const RUNS = Number(process.env.GS_BENCH_RUNS ?? 15);

/** esbuild.js's production bundle options: the bench builds exactly what the VSIX ships. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleOptionsFor } = require(path.join(REPO_ROOT, 'esbuild.js')) as {
  bundleOptionsFor(mode: { production: boolean }): import('esbuild').BuildOptions;
};
const bundleOptions = bundleOptionsFor({ production: true });

const BASELINE_SOURCE = `
import * as vscode from 'vscode';
export function activate(context: vscode.ExtensionContext) {
  const channel = vscode.window.createOutputChannel('Baseline', { log: true });
  context.subscriptions.push(channel, vscode.commands.registerCommand('baseline.hello', () => channel.info('hello')));
  channel.info('activated');
  return { channel };
}
export function deactivate() {}
`;

/**
 * Runs in the child: a fake `vscode` good enough for activation. Every unknown member is a callable,
 * constructible Proxy; the few values activation code inspects (configuration defaults, Uri,
 * EventEmitter, Disposable, version, mementos, secrets) behave like VS Code's.
 */
const CHILD_SOURCE = String.raw`
'use strict';
const Module = require('node:module');
const path = require('node:path');
const [bundle, pkgPath, storage, namesFile] = process.argv.slice(2);
const errors = [];

function stub(name) {
  const cache = new Map();
  const target = function () {};
  return new Proxy(target, {
    get(_t, p) {
      if (p === 'then') return undefined; // not a thenable
      if (p === Symbol.toPrimitive) return () => '';
      if (p === Symbol.iterator) return function* () {};
      if (p === 'dispose') return () => undefined;
      if (p === 'length') return 0;
      if (!cache.has(p)) cache.set(p, stub(name + '.' + String(p)));
      return cache.get(p);
    },
    set(_t, p, v) { cache.set(p, v); return true; },
    apply() { return stub(name + '()'); },
    construct() { return stub('new ' + name); },
  });
}
function withFallback(obj, name) {
  return new Proxy(obj, { get: (t, p) => (p in t ? t[p] : p === 'then' ? undefined : (t[p] = stub(name + '.' + String(p)))) });
}
class Disposable {
  constructor(fn) { this.fn = fn; }
  static from(...d) { return new Disposable(() => d.forEach((x) => x && x.dispose && x.dispose())); }
  dispose() { if (this.fn) this.fn(); this.fn = undefined; }
}
class EventEmitter {
  constructor() { this.listeners = new Set(); this.event = (l) => { this.listeners.add(l); return new Disposable(() => this.listeners.delete(l)); }; }
  fire(e) { for (const l of [...this.listeners]) l(e); }
  dispose() { this.listeners.clear(); }
}
const mkUri = (p, scheme = 'file') => withFallback({ scheme, path: p, fsPath: p, toString: () => scheme + '://' + p, with: (c) => mkUri(c.path ?? p, c.scheme ?? scheme) }, 'Uri');
const Uri = { file: (p) => mkUri(p), parse: (s) => mkUri(s.replace(/^[a-z-]+:\/\//, '/'), 'file'), joinPath: (u, ...s) => mkUri(path.join(u.fsPath, ...s)), from: (c) => mkUri(c.path, c.scheme) };
const channel = () => withFallback({
  name: 'channel', logLevel: 2, onDidChangeLogLevel: new EventEmitter().event,
  trace() {}, debug() {}, info() {}, warn() {}, error(...a) { errors.push(a.map(String).join(' ')); },
  append() {}, appendLine() {}, show() {}, hide() {}, clear() {}, replace() {}, dispose() {},
}, 'channel');
const memento = () => { const m = new Map(); return withFallback({ get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => { m.set(k, v); }, keys: () => [...m.keys()], setKeysForSync() {} }, 'memento'); };
const config = withFallback({ get: (_k, d) => d, has: () => false, inspect: () => undefined, update: async () => undefined }, 'configuration');
const vscode = withFallback({
  version: '1.100.3',
  Disposable, EventEmitter, Uri,
  env: withFallback({ appName: 'Bench', language: 'en', machineId: 'bench', sessionId: 'bench', uiKind: 1, remoteName: undefined }, 'env'),
  window: withFallback({ createOutputChannel: channel, registerTreeDataProvider: () => new Disposable(), createTreeView: () => stub('treeView'), createStatusBarItem: () => stub('statusBarItem'), showErrorMessage: async () => undefined, showInformationMessage: async () => undefined, showWarningMessage: async () => undefined }, 'window'),
  commands: withFallback({ registerCommand: () => new Disposable(), executeCommand: async () => undefined, getCommands: async () => [] }, 'commands'),
  workspace: withFallback({ getConfiguration: () => config, workspaceFolders: undefined, onDidChangeConfiguration: new EventEmitter().event, textDocuments: [] }, 'workspace'),
  languages: withFallback({}, 'languages'),
  authentication: withFallback({ getSession: async () => undefined, onDidChangeSessions: new EventEmitter().event }, 'authentication'),
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
}, 'vscode');

// esbuild's __toESM copies only own properties: give every top-level API name a value.
for (const n of JSON.parse(require('node:fs').readFileSync(namesFile, 'utf8'))) if (!(n in vscode)) vscode[n] = stub(n);

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return load.call(this, request, parent, isMain);
};
const packageJSON = JSON.parse(require('node:fs').readFileSync(pkgPath, 'utf8'));
const root = path.dirname(pkgPath);
const context = withFallback({
  subscriptions: [],
  extensionPath: root, extensionUri: Uri.file(root), extensionMode: 1,
  extension: withFallback({ id: 'bench.bench', packageJSON, extensionPath: root, extensionUri: Uri.file(root) }, 'extension'),
  globalState: memento(), workspaceState: memento(),
  secrets: withFallback({ get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: new EventEmitter().event }, 'secrets'),
  globalStorageUri: Uri.file(storage), storageUri: Uri.file(storage), logUri: Uri.file(storage),
  globalStoragePath: storage, storagePath: storage, logPath: storage,
  asAbsolutePath: (p) => path.join(root, p),
}, 'context');

(async () => {
  const t0 = process.hrtime.bigint();
  const ext = require(bundle);
  const t1 = process.hrtime.bigint();
  let returned;
  try {
    returned = await ext.activate(context);
  } catch (e) {
    errors.push('activate threw: ' + (e && e.stack || e));
  }
  const t2 = process.hrtime.bigint();
  // What activation started in the background has had time to load its modules.
  await new Promise((r) => setTimeout(r, 300));
  const lazyLoaded = Object.keys(require.cache).filter((f) => f.includes(path.sep + 'lazy' + path.sep)).map((f) => path.basename(f));
  process.stdout.write(JSON.stringify({ loadMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6, returned: returned !== undefined, errors, lazyLoaded }));
  process.exit(0);
})();
`;

interface Sample {
  loadMs: number;
  activateMs: number;
  returned: boolean;
  errors: string[];
  /** dist/lazy bundles in require.cache 300 ms after activate() resolved. */
  lazyLoaded?: string[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Top-level names of the `vscode` module, from @types/vscode (classes, enums, namespaces…). */
function vscodeApiNames(): string[] {
  const dts = fs.readFileSync(path.join(REPO_ROOT, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  const names = new Set<string>();
  for (const m of dts.matchAll(/^\t?export (?:declare )?(?:class|enum|namespace|const|let|function) (\w+)/gm)) names.add(m[1]);
  return [...names];
}

let namesFile = '';

function measure(child: string, bundle: string, pkg: string, storage: string): Sample {
  const r = spawnSync(process.execPath, [child, bundle, pkg, storage, namesFile], { encoding: 'utf8', timeout: 60_000, cwd: REPO_ROOT });
  if (r.status !== 0) throw new Error(`activation child failed for ${bundle}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Sample;
}

function sizeKiB(file: string): number {
  return fs.statSync(file).size / 1024;
}

export async function run(): Promise<BenchResult[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-bench-activation-'));
  try {
    const extDir = path.join(tmp, 'extension');
    const baseDir = path.join(tmp, 'baseline');
    fs.mkdirSync(baseDir, { recursive: true });
    fs.writeFileSync(path.join(baseDir, 'extension.ts'), BASELINE_SOURCE);
    fs.writeFileSync(path.join(baseDir, 'package.json'), JSON.stringify({ name: 'baseline', version: '0.0.0' }));
    await esbuild.build({ ...bundleOptions, absWorkingDir: REPO_ROOT, entryPoints: { extension: 'src/extension.ts' }, outdir: extDir });
    const lazyDir = path.join(REPO_ROOT, 'src', 'lazy');
    const lazyEntries = fs.existsSync(lazyDir) ? fs.readdirSync(lazyDir).filter((f) => f.endsWith('.ts')).map((f) => path.join(lazyDir, f)) : [];
    if (lazyEntries.length > 0) {
      await esbuild.build({ ...bundleOptions, absWorkingDir: REPO_ROOT, entryPoints: lazyEntries, outdir: path.join(extDir, 'lazy') });
    }
    // The baseline resolves `vscode` (external) only at run time, like the extension.
    await esbuild.build({ ...bundleOptions, entryPoints: [path.join(baseDir, 'extension.ts')], outdir: baseDir });

    const extBundle = path.join(extDir, 'extension.js');
    const baseBundle = path.join(baseDir, 'extension.js');
    const child = path.join(tmp, 'activate-child.js');
    fs.writeFileSync(child, CHILD_SOURCE);
    namesFile = path.join(tmp, 'vscode-names.json');
    fs.writeFileSync(namesFile, JSON.stringify(vscodeApiNames()));
    const storage = path.join(tmp, 'storage');
    fs.mkdirSync(storage);
    // The real bundle lives in a temp folder: make `@ngrok/ngrok` resolvable from there.
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(extDir, 'node_modules'), 'dir');

    const ext: Sample[] = [];
    const base: Sample[] = [];
    measure(child, extBundle, path.join(REPO_ROOT, 'package.json'), storage); // warm the file cache
    measure(child, baseBundle, path.join(baseDir, 'package.json'), storage);
    for (let i = 0; i < RUNS; i++) {
      ext.push(measure(child, extBundle, path.join(REPO_ROOT, 'package.json'), storage));
      base.push(measure(child, baseBundle, path.join(baseDir, 'package.json'), storage));
    }
    const problems = [...new Set(ext.flatMap((s) => s.errors))];
    if (problems.length > 0 || ext.some((s) => !s.returned)) {
      console.warn(`[activation.bench] activate() under the fake vscode logged errors or returned undefined; timings may be off:\n  ${problems.slice(0, 5).join('\n  ')}`);
    }
    const lazyFiles = fs.existsSync(path.join(extDir, 'lazy')) ? fs.readdirSync(path.join(extDir, 'lazy')).filter((f) => f.endsWith('.js')) : [];
    const lazyKiB = lazyFiles.reduce((sum, f) => sum + sizeKiB(path.join(extDir, 'lazy', f)), 0);
    const loadedByActivation = [...new Set(ext.flatMap((s) => s.lazyLoaded ?? []))];
    if (loadedByActivation.length > 0) console.warn(`[activation.bench] activate() loaded lazy bundles: ${loadedByActivation.join(', ')}`);

    const extTotal = median(ext.map((s) => s.loadMs + s.activateMs));
    const baseTotal = median(base.map((s) => s.loadMs + s.activateMs));
    const extLoad = median(ext.map((s) => s.loadMs));
    const baseLoad = median(base.map((s) => s.loadMs));
    const results: BenchResult[] = [
      {
        name: 'bundle size dist/extension.js (minified)',
        value: round(sizeKiB(extBundle)),
        unit: 'KiB',
        baselineName: 'trivial extension bundle',
        baseline: round(sizeKiB(baseBundle)),
        ratio: round(sizeKiB(extBundle) / sizeKiB(baseBundle)),
        better: 'lower',
        goal: '< 1024 KiB',
      },
      {
        name: `lazy bundles dist/lazy/*.js (${lazyFiles.length} files, loaded on first use)`,
        value: round(lazyKiB),
        unit: 'KiB',
        baselineName: 'dist/extension.js',
        baseline: round(sizeKiB(extBundle)),
        ratio: round(lazyKiB / sizeKiB(extBundle)),
        better: 'lower',
        goal: 'not loaded by activate()',
      },
      {
        name: 'lazy bundles loaded by activate() (checked 300 ms after it resolved)',
        value: loadedByActivation.length,
        unit: 'files',
        baselineName: 'lazy bundles built',
        baseline: lazyFiles.length,
        ratio: round(loadedByActivation.length / Math.max(1, lazyFiles.length)),
        better: 'lower',
        goal: '0',
      },
      {
        name: `require(bundle), median of ${RUNS}`,
        value: round(extLoad),
        unit: 'ms',
        baselineName: 'trivial extension',
        baseline: round(baseLoad),
        ratio: round(extLoad / baseLoad),
        better: 'lower',
      },
      {
        name: `require + activate(), median of ${RUNS}`,
        value: round(extTotal),
        unit: 'ms',
        baselineName: 'trivial extension',
        baseline: round(baseTotal),
        ratio: round(extTotal / baseTotal),
        better: 'lower',
        goal: '< 100 ms',
      },
    ];
    return results;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
