// Inside VS Code: sustained notification load (1,000 items/s, batched as Graph batches, from a
// separate process) keeps the extension host responsive and the "Graph Notifications" output
// readable — beyond a rate it prints one summary line per subscription and second instead of every
// item. The figures (event-loop lag, memory) are printed and written to
// $GS_LOAD_REPORT (default <tmp>/gs-receiver-load.json); GS_LOAD_SECONDS sets the duration
// (default 5; the 60-second measurement is `GS_LOAD_SECONDS=60 npm run test:integration -- --grep "Receiver under load"`).
// Timing is reported, never asserted (the machine is shared): the assertions are the summary behaviour.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { CommandId } from '../../src/constants';
import type { ReceiverEndpoints } from '../../src/services';
import type { ReceiverServiceImpl } from '../../src/notifications/receiverService';
import { DEFAULT_MAX_ITEMS_PER_SECOND } from '../../src/notifications/outputThrottle';
import { activateExtension } from './helpers';

const GENERATOR = path.join(__dirname, '..', 'fixtures', 'loadGenerator.js');

suite('Receiver under load', function () {
  this.timeout(180_000);

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(CommandId.stopReceiver);
  });

  test('1,000 notifications/s: a per-second summary line per subscription instead of every item; figures reported', async () => {
    const api = await activateExtension();
    assert.ok(api);
    const receiver = api.services.receiver as ReceiverServiceImpl;
    const endpoints = (await vscode.commands.executeCommand<ReceiverEndpoints>(CommandId.startReceiver))!;
    const seconds = Number(process.env.GS_LOAD_SECONDS ?? 5);
    const subscriptionId = `load-${Date.now()}`;

    const lag = monitorEventLoopDelay({ resolution: 10 });
    const memory: number[] = [];
    const sample = setInterval(() => memory.push(process.memoryUsage().rss / 1024 / 1024), 1000);
    lag.enable();
    const report = await new Promise<{ items: number; accepted: number; failed: number; seconds: number; p50ms: number; p99ms: number }>((resolve, reject) => {
      const child = spawn(process.execPath, [GENERATOR, endpoints.localNotificationUrl, '1000', '50', String(seconds), subscriptionId], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load generator exited ${code}`))));
    });
    // Let the last second's summary come out.
    await new Promise((r) => setTimeout(r, 1500));
    lag.disable();
    clearInterval(sample);

    const figures = {
      seconds,
      itemsPerSecondSent: Math.round(report.items / report.seconds),
      accepted: report.accepted,
      failed: report.failed,
      acceptLatencyP50ms: report.p50ms,
      acceptLatencyP99ms: report.p99ms,
      eventLoopLagP50ms: Math.round(lag.percentile(50) / 1e5) / 10,
      eventLoopLagP99ms: Math.round(lag.percentile(99) / 1e5) / 10,
      eventLoopLagMaxMs: Math.round(lag.max / 1e5) / 10,
      rssFirstMb: Math.round(memory[0] ?? 0),
      rssLastMb: Math.round(memory[memory.length - 1] ?? 0),
      rssMaxMb: Math.round(Math.max(...memory)),
    };
    const reportPath = process.env.GS_LOAD_REPORT ?? path.join(os.tmpdir(), 'gs-receiver-load.json');
    fs.writeFileSync(reportPath, JSON.stringify(figures, null, 2));
    console.log(`[receiver load] ${JSON.stringify(figures)}`);

    assert.equal(report.failed, 0, 'every POST was accepted');
    const output = receiver.recentOutput();
    const summaries = output.filter((l) => l.includes(`notifications for sub ${subscriptionId} in the last second — open history`) || l.includes(`notifications for sub ${subscriptionId} in the last second (`));
    assert.ok(summaries.length >= 1, 'a per-second summary line is printed');
    const counted = summaries.map((l) => Number(/([\d,]+) notifications for sub/.exec(l)![1].replace(/,/g, '')));
    assert.ok(counted.some((n) => n > DEFAULT_MAX_ITEMS_PER_SECOND), `summaries count the second's notifications: ${counted.join(', ')}`);
    // Full item lines are capped per second (the output keeps only its last lines, so count what is there).
    const itemLines = output.filter((l) => l.includes(`sub ${subscriptionId} Users/`)).length;
    assert.ok(itemLines <= DEFAULT_MAX_ITEMS_PER_SECOND * (seconds + 2), `${itemLines} full item lines for ${seconds} s of load`);
  });
});
