// The test entry VS Code loads in its extension host (`extensionTestsPath`). It discovers every
// compiled `out/test/integration/**/*.test.js`, runs them with mocha (TDD UI: `suite`/`test`), and
// reports through files, because results cannot leave a code-server extension host otherwise:
//   GS_TEST_RESULT  JSON {passed, failed, skipped, failures:[{title, error, stack}], tests:[…]}
//   GS_TEST_LOG     one line per test as it finishes (the harness streams it to the terminal)
//   GS_TEST_GREP    optional: only tests whose full title matches this regular expression
// Under @vscode/test-electron (no GS_TEST_RESULT) it just rejects when a test fails.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceMap } from 'node:module';
import Mocha from 'mocha';

interface TestFailure {
  title: string;
  error: string;
  stack?: string;
}

export interface IntegrationResult {
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  failures: TestFailure[];
  tests: { title: string; state: 'passed' | 'failed' | 'skipped'; durationMs?: number }[];
  files: string[];
}

/** out/test/integration → test/integration: the sources, to skip stale compiled files. */
const SOURCE_DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'integration');

function findTestFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...findTestFiles(full));
    else if (entry.name.endsWith('.test.js')) {
      // esbuild never cleans out/: a test whose .ts was deleted or renamed must not run.
      const source = path.join(SOURCE_DIR, path.relative(__dirname, full)).replace(/\.js$/, '.ts');
      if (!fs.existsSync(source)) continue;
      files.push(full);
    }
  }
  return files.sort();
}

const sourceMaps = new Map<string, SourceMap | undefined>();

/**
 * Rewrites `file.js:line:col` frames to the TypeScript source via esbuild's .js.map files. (The
 * extension host installs its own Error.prepareStackTrace, so Node's source-map support does not apply.)
 */
function mapStack(stack: string): string {
  return stack.replace(/([^\s()]+\.js):(\d+):(\d+)/g, (whole, file: string, line: string, col: string) => {
    const abs = path.resolve(file);
    if (!sourceMaps.has(abs)) {
      try {
        sourceMaps.set(abs, new SourceMap(JSON.parse(fs.readFileSync(abs + '.map', 'utf8'))));
      } catch {
        sourceMaps.set(abs, undefined);
      }
    }
    const map = sourceMaps.get(abs);
    const entry = map?.findEntry(Number(line) - 1, Number(col) - 1) as
      | { originalSource?: string; originalLine?: number; originalColumn?: number }
      | undefined;
    if (!entry?.originalSource) return whole;
    const source = path.resolve(path.dirname(abs), entry.originalSource.replace(/^file:\/\//, ''));
    return `${path.relative(process.cwd(), source)}:${(entry.originalLine ?? 0) + 1}:${(entry.originalColumn ?? 0) + 1}`;
  });
}

function errorText(err: unknown): { error: string; stack?: string } {
  if (err instanceof Error) {
    const e = err as { actual?: unknown; expected?: unknown; operator?: string };
    // assert.ok's actual/expected (false/true) say nothing; deepEqual's diff is already in the message.
    const extra = e.actual !== undefined && e.operator !== '==' && !/actual|!==/.test(err.message)
      ? `\nactual:   ${JSON.stringify((err as { actual?: unknown }).actual)}\nexpected: ${JSON.stringify((err as { expected?: unknown }).expected)}`
      : '';
    return { error: `${err.name}: ${err.message}${extra}`, stack: err.stack ? mapStack(err.stack) : undefined };
  }
  return { error: String(err) };
}

export async function run(): Promise<void> {
  const resultFile = process.env.GS_TEST_RESULT;
  const logFile = process.env.GS_TEST_LOG;
  const started = Date.now();
  const result: IntegrationResult = { passed: 0, failed: 0, skipped: 0, durationMs: 0, failures: [], tests: [], files: [] };
  const log = (line: string): void => {
    if (logFile) fs.appendFileSync(logFile, line + '\n');
    else console.log(line);
  };
  const write = (): void => {
    result.durationMs = Date.now() - started;
    if (resultFile) {
      // Write then rename, so the harness never reads half a file.
      fs.writeFileSync(resultFile + '.tmp', JSON.stringify(result, null, 2));
      fs.renameSync(resultFile + '.tmp', resultFile);
    }
  };

  // Stack traces point at the TypeScript sources (esbuild writes .js.map files beside the tests).
  process.setSourceMapsEnabled(true);
  try {
    const mocha = new Mocha({ ui: 'tdd', timeout: 20_000, color: false, reporter: 'dot' });
    if (process.env.GS_TEST_GREP) mocha.grep(new RegExp(process.env.GS_TEST_GREP));
    // Reports go to our own files; silence mocha's reporter output in the extension host.
    mocha.reporter(class {
      constructor(_runner: Mocha.Runner) {}
    } as unknown as typeof Mocha.reporters.Base);
    result.files = findTestFiles(__dirname);
    for (const f of result.files) mocha.addFile(f);
    log(`[integration] ${result.files.length} test files: ${result.files.map((f) => path.relative(__dirname, f)).join(', ')}`);

    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (t) => {
        result.passed++;
        result.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
        log(`  ✔ ${t.fullTitle()} (${t.duration ?? 0} ms)`);
      });
      runner.on('pending', (t) => {
        result.skipped++;
        result.tests.push({ title: t.fullTitle(), state: 'skipped' });
        log(`  - ${t.fullTitle()} (skipped)`);
      });
      runner.on('fail', (t, err) => {
        // Hook failures ("before all" hook…) arrive here too; count them as failures.
        result.failed++;
        const { error, stack } = errorText(err);
        result.failures.push({ title: t.fullTitle(), error, stack });
        result.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration });
        log(`  ✘ ${t.fullTitle()}\n      ${error.split('\n').join('\n      ')}`);
      });
    });
  } catch (err) {
    // A test file that throws while loading, or mocha itself failing.
    result.failed++;
    result.failures.push({ title: 'loading the integration suites', ...errorText(err) });
    log(`  ✘ loading the integration suites: ${errorText(err).error}`);
  }
  log(`[integration] ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`);
  write();
  if (!resultFile && result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
}
