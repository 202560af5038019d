/**
 * Notifications explorer on a 100,000-line history: opening the index (stream, parse, index,
 * duplicate grouping) and applying a filter (list, facets, chart buckets, latency), against reading
 * the same file and JSON-parsing every line in a plain loop, in the same run. Goal: under 1.5×.
 * Also the heap the open index keeps, against keeping every parsed line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { HISTORY_FILE } from '../../src/notifications/history';
import { HistoryIndex } from '../../src/notifications/explorer/historyIndex';
import { queryIndex } from '../../src/notifications/explorer/explorerQuery';
import { syntheticHistory } from '../fixtures/historyLines';
import type { BenchResult } from './types';

const LINES = 100_000;
const RUNS = 9;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(run: () => Promise<unknown> | unknown): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** A full collection on demand (node runs without --expose-gc under `npm run bench`). */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-explorer-bench-'));
  const file = path.join(dir, HISTORY_FILE);
  // Each notification is two lines (received + processed).
  fs.writeFileSync(file, syntheticHistory({ count: LINES / 2, spacingMs: 500, subscriptions: 6, gapMs: 3_600_000 }));
  const lineCount = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l).length;

  const plain = async (): Promise<number> => {
    const text = await fs.promises.readFile(file, 'utf8');
    let n = 0;
    for (const line of text.split('\n')) {
      if (!line) continue;
      JSON.parse(line);
      n++;
    }
    return n;
  };
  const explorer = async (): Promise<number> => {
    const index = await HistoryIndex.open(dir);
    const view = queryIndex(index, { changeTypes: ['updated'], checks: ['verified'] }, { now: Date.now() });
    return view.rows.length;
  };

  // Warm up both (JIT), then alternate so machine noise hits both alike.
  await plain();
  await explorer();
  const plainMs: number[] = [];
  const explorerMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plainMs.push(await time(plain));
    explorerMs.push(await time(explorer));
  }
  const filterMs: number[] = [];
  const index = await HistoryIndex.open(dir);
  for (let i = 0; i < RUNS; i++) filterMs.push(await time(() => queryIndex(index, { subscriptionIds: ['sub-1'], from: Date.parse('2026-12-01T09:00:00Z') }, { now: Date.now() })));

  // Memory: the index kept open vs every line kept parsed.
  const gc = collector();
  const base = heapAfterGc(gc);
  const kept = await HistoryIndex.open(dir);
  const indexBytes = heapAfterGc(gc) - base;
  const base2 = heapAfterGc(gc);
  const parsed = (await fs.promises.readFile(file, 'utf8')).split('\n').filter((l) => l).map((l) => JSON.parse(l) as unknown);
  const parsedBytes = heapAfterGc(gc) - base2;
  const keepAlive = kept.size + parsed.length;
  fs.rmSync(dir, { recursive: true, force: true });

  const p = median(plainMs);
  const e = median(explorerMs);
  const results: BenchResult[] = [
    { name: `open + filter, ${lineCount.toLocaleString('en')}-line history`, value: e, unit: 'ms', baselineName: 'readFile + JSON.parse per line', baseline: p, ratio: e / p, better: 'lower', goal: '< 1.5x' },
    { name: 'another filter on the open index', value: median(filterMs), unit: 'ms', baselineName: 'readFile + JSON.parse per line', baseline: p, ratio: median(filterMs) / p, better: 'lower' },
  ];
  if (keepAlive > 0) {
    results.push({ name: 'heap kept by the open index', value: indexBytes / 1e6, unit: 'MB', baselineName: 'every line kept parsed', baseline: parsedBytes / 1e6, ratio: indexBytes / parsedBytes, better: 'lower' });
  }
  return results;
}
