// `npm run package:check` (CI: .ci/run): builds every VSIX (scripts/package-all.js) into a temp
// folder — or checks the ones already in --dir with --no-package — and fails if any of them breaks
// a packaging rule (scripts/packaging/checkVsix.js): manifest target, native binary header vs
// target (PE/Mach-O/ELF, x64/arm64, glibc/musl), what @ngrok/ngrok's index.js loads there,
// nothing but run-time files inside, size budget.
//
//   node scripts/package-check.js                 package all 8 and check them
//   node scripts/package-check.js --no-package --dir vsix
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { packageAll, parseArgs } = require('./package-all');
const { checkVsix } = require('./packaging/checkVsix');
const { TARGETS, UNIVERSAL, vsixFileName } = require('./packaging/targets');
const { readZip } = require('./packaging/zip');

async function main() {
  const argv = process.argv.slice(2);
  const noPackage = argv.includes('--no-package');
  const rest = argv.filter((a) => a !== '--no-package');
  const args = parseArgs(rest);
  const ownDir = !rest.includes('--dir') && !noPackage;
  if (ownDir) args.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-package-check-'));
  let vsixes;
  if (noPackage) {
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;
    vsixes = [...TARGETS, UNIVERSAL].map((expected) => {
      const file = path.join(args.dir, vsixFileName(expected, version));
      if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run package:all first`);
      return { path: file, expected, size: fs.statSync(file).size, entries: readZip(file) };
    });
  } else {
    vsixes = await packageAll(args);
  }
  let failed = 0;
  console.log('');
  for (const v of vsixes) {
    const { problems } = checkVsix({ file: v.path, size: v.size, entries: v.entries, expected: v.expected });
    const name = path.basename(v.path);
    if (problems.length === 0) {
      console.log(`✓ ${name}: ${v.entries.size} files, ${(v.size / 1024 / 1024).toFixed(2)} MB`);
    } else {
      failed++;
      console.log(`✗ ${name}`);
      for (const p of problems) console.log(`    ${p}`);
    }
  }
  console.log(`\npackaging check: ${vsixes.length - failed} passed, ${failed} failed`);
  if (ownDir) fs.rmSync(args.dir, { recursive: true, force: true });
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(`[package:check] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
