/**
 * The receiver under hostile load, in its own process (test/fixtures/receiverProcess.ts), so its
 * memory is measured alone:
 * - resident memory with 60 connections that each send a 4 MB − 1 byte body and stall, against
 *   the same process idle (baseline; goal: bounded, well under the 60 × 4 MB the bodies add up to);
 * - latency of a real notification while they stall, against the same notification unloaded;
 * - how long a slowloris (headers trickled one byte a second) keeps its connection, and the status
 *   it gets, against Graph's 10 s timeout.
 * Run alone: `node out/test/bench/receiverHostile.bench.js`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchResult } from './types';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'receiverProcess.js');
const BODY_BYTES = 4 * 1024 * 1024;
const STALLED = 60;

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function spawnReceiver(): Promise<{ child: ChildProcess; port: number; pid: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-bench-hostile-'));
  const child = spawn(process.execPath, [FIXTURE, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const { port, pid } = JSON.parse(line) as { port: number; pid: number };
  return { child, port, pid };
}

function post(port: number): Promise<{ status: number; ms: number }> {
  const body = JSON.stringify({ value: [{ subscriptionId: 'real', changeType: 'created', resource: 'me/messages/1' }] });
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/notifications', method: 'POST', headers: { 'content-type': 'application/json' }, agent: false, timeout: 20_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends headers and BODY_BYTES − 1 bytes of body, then stalls. Resolves with the status line the server sent, if any. */
function stall(port: number, sockets: net.Socket[]): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    sockets.push(s);
    let got = '';
    s.on('data', (d) => (got += d.toString('latin1')));
    s.on('error', () => undefined);
    s.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    s.write(`POST /notifications HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${BODY_BYTES}\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < BODY_BYTES - 1) {
        const n = Math.min(chunk.length, BODY_BYTES - 1 - sent);
        sent += n;
        if (!s.write(chunk.subarray(0, n))) return void s.once('drain', pump);
      }
    };
    pump();
  });
}

/** Trickles a header one byte per second; resolves with seconds until the server closed and its status line. */
function slowloris(port: number): Promise<{ seconds: number; status: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    s.on('data', (d) => (got += d.toString('latin1')));
    s.on('error', () => undefined);
    s.write('POST /notifications HTTP/1.1\r\nhost: x\r\nx-slow: ');
    const timer = setInterval(() => s.write('a'), 1000);
    const cap = setTimeout(() => s.destroy(), 90_000);
    s.on('close', () => {
      clearInterval(timer);
      clearTimeout(cap);
      resolve({ seconds: (performance.now() - t0) / 1000, status: got.split('\r\n')[0] || '(closed without a response)' });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(): Promise<BenchResult[]> {
  if (process.platform !== 'linux') return [];
  const { child, port, pid } = await spawnReceiver();
  try {
    await post(port);
    await sleep(500);
    const idle = rssMb(pid);
    const unloaded = await post(port);

    const sockets: net.Socket[] = [];
    const statuses = Array.from({ length: STALLED }, () => stall(port, sockets));
    let peak = idle;
    for (let i = 0; i < 30; i++) {
      await sleep(100);
      peak = Math.max(peak, rssMb(pid));
    }
    const during = await post(port);
    for (let i = 0; i < 20; i++) {
      await sleep(100);
      peak = Math.max(peak, rssMb(pid));
    }
    for (const s of sockets) s.destroy();
    const lines = await Promise.all(statuses);
    const refused = lines.filter((l) => / 503 /.test(l)).length;
    const loris = await slowloris(port);
    process.stdout.write(
      `\n[receiverHostile] idle ${idle.toFixed(0)} MB, peak with ${STALLED} stalled 4 MB bodies ${peak.toFixed(0)} MB (${refused} refused with 503); ` +
        `real notification during the attack: ${during.status} in ${during.ms.toFixed(0)} ms; slowloris: "${loris.status}" after ${loris.seconds.toFixed(1)} s\n`,
    );
    return [
      { name: `RSS, ${STALLED} stalled 4 MB bodies`, value: Math.round(peak), unit: 'MB', baselineName: 'same process idle', baseline: Math.round(idle), ratio: Math.round((peak / idle) * 100) / 100, better: 'lower', goal: '< 2.5x idle (6.4x before the cap)' },
      { name: `real notification during the attack (${during.status})`, value: Math.round(during.ms), unit: 'ms', baselineName: 'unloaded', baseline: Math.max(1, Math.round(unloaded.ms)), ratio: Math.round((during.ms / Math.max(1, unloaded.ms)) * 100) / 100, better: 'lower', goal: '202 in < 3 s' },
      { name: `slowloris closed (${loris.status.replace('HTTP/1.1 ', '')})`, value: Math.round(loris.seconds * 10) / 10, unit: 's', baselineName: "Graph's timeout", baseline: 10, ratio: Math.round((loris.seconds / 10) * 100) / 100, better: 'lower', goal: '408 in < 10 s' },
    ];
  } finally {
    child.stdin!.end();
    child.kill();
  }
}

if (require.main === module) void run().then((r) => console.table(r));
