// `npm run bench`: build, then run every out/test/bench/*.bench.js (`export async function run():
// Promise<BenchResult[]>`, see test/bench/types.ts) one after the other, and print one table.
//
//   node scripts/bench.js [filter]     only bench files whose name contains `filter`
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { bootstrap, REPO_ROOT } = require('./bootstrap');

function fmt(n) {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function table(rows) {
  const header = ['benchmark', 'value', 'baseline', 'ratio', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

async function main() {
  bootstrap();
  const filter = process.argv[2];
  console.log('[bench] building (node esbuild.js)');
  if (spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO_ROOT, stdio: 'inherit' }).status !== 0) {
    console.error('[bench] build failed');
    process.exit(1);
  }
  const dir = path.join(REPO_ROOT, 'out', 'test', 'bench');
  const files = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
    .filter((f) => f.endsWith('.bench.js'))
    // esbuild never cleans out/: skip benches whose source is gone.
    .filter((f) => fs.existsSync(path.join(REPO_ROOT, 'test', 'bench', f.replace(/\.js$/, '.ts'))))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  const rows = [];
  let failed = 0;
  for (const f of files) {
    const t0 = Date.now();
    process.stdout.write(`[bench] ${f} … `);
    try {
      const mod = require(path.join(dir, f));
      const results = await mod.run();
      console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
      for (const r of results) {
        const ratio = `${fmt(r.ratio)}x ${r.better === 'lower' ? '(lower is better)' : '(higher is better)'}`;
        rows.push([
          `${f.replace(/\.bench\.js$/, '')}: ${r.name}`,
          `${fmt(r.value)} ${r.unit}`,
          `${fmt(r.baseline)} ${r.unit} (${r.baselineName})`,
          ratio,
          r.goal ?? '',
        ]);
      }
    } catch (error) {
      failed++;
      console.log('failed');
      console.error(error instanceof Error ? error.stack : error);
    }
  }
  console.log('');
  table(rows);
  if (failed > 0) {
    console.error(`\n[bench] ${failed} bench file(s) failed`);
    process.exitCode = 1;
  }
  // Benches may leave servers or timers behind; the table is printed, so leave.
  process.exit(process.exitCode ?? 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
