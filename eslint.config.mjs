// ESLint (flat config) with typescript-eslint's type-aware rules; `npm test` runs it (scripts/test.js).
// The rules a contributor feels: the domain never imports `vscode`, no promise is dropped silently,
// no console output from the extension, no unused code.
import tseslint from 'typescript-eslint';

/** Domain folders: plain TypeScript, unit-tested in Node (CONTRIBUTING.md "Rules"). */
const DOMAIN = ['src/catalog/**', 'src/validation/**', 'src/graph/**', 'src/emulator/**', 'src/handshake/**', 'src/notifications/**', 'src/tunnel/**', 'src/subscriptions/**', 'src/util/**', 'src/watchdog/**'];
/** Their VS Code adapters (named register*, *Service, *StatusBar, or the settings/log adapters). */
const ADAPTERS = ['src/**/register*.ts', 'src/**/*Service.ts', 'src/**/*StatusBar.ts', 'src/util/config.ts', 'src/util/vscodeLogger.ts', 'src/util/disposable.ts'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-require-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: DOMAIN,
    ignores: ADAPTERS,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'Domain code never imports vscode (it is unit-tested in plain Node): pass what it needs, or move the VS Code part to a register*/ *Service adapter.' }] },
      ],
    },
  },
  {
    // No `any` across module boundaries in the product (tests may poke at untyped JSON).
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    files: ['test/**/*.ts'],
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  {
    // CLIs and test tooling print to the console on purpose.
    files: ['src/emulator/cli.ts', 'src/**/cli.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
