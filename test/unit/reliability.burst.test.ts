/**
 * Burst (issue 8, reliability): 10,000 change notifications from the real emulator, batched as
 * Graph does (100 per POST), into the real receiver with a real history on disk.
 * received = persisted = shown in the history, by distinct notification id: none lost, none doubled.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../../src/emulator/index';
import { NotificationHistory } from '../../src/notifications/history';
import { startReceiver } from '../../src/notifications/receiver';
import { createLogger, MemoryLogSink } from '../../src/util/logger';

const BURST = Number(process.env.GS_BURST_NOTIFICATIONS ?? 10_000);

test(`burst: ${BURST} notifications from the emulator are received, persisted and in the history, none lost`, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-burst-'));
  // Small files so rotation happens during the burst; enough files kept that none is dropped.
  const history = new NotificationHistory({ dir, maxBytes: 1024 * 1024, keep: 64 });
  const sink = new MemoryLogSink();
  const receivedIds: string[] = [];
  let posts = 0;
  const receiver = await startReceiver({
    history,
    log: createLogger(sink, 'receiver'),
    onNotification: (r) => {
      posts++;
      for (const item of r.body.value) receivedIds.push(String(item.id));
    },
  });
  const emulator = await startEmulator({ deliveryTimeoutMs: 30_000, retryTimeoutMs: 30_000, log: createLogger(sink, 'emulator') });
  t.after(async () => {
    await emulator.close();
    await receiver.close();
    await history.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] });
  const res = await fetch(`${emulator.graphBaseUrl}/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      changeType: 'created',
      notificationUrl: receiver.notificationUrl,
      resource: 'me/mailFolders/inbox/messages',
      expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(),
      clientState: 'burst-client-state',
    }),
  });
  const created = (await res.json()) as { id: string };
  assert.equal(res.status, 201, JSON.stringify(created));

  const started = Date.now();
  const report = await emulator.simulateChange(created.id, { count: BURST });
  await history.flushed();
  const ms = Date.now() - started;
  console.log(`# burst: ${BURST} notifications in ${report.posts} POSTs, ${(ms / 1000).toFixed(1)} s (${Math.round(BURST / (ms / 1000))} notifications/s), history files: ${fs.readdirSync(dir).length}`);

  assert.equal(report.delivered, BURST, 'the emulator saw every POST acknowledged');
  assert.equal(report.dropped, 0);
  assert.equal(emulator.counters().retried, 0, 'no retry was needed (every 202 came in time)');

  // Processing runs on setImmediate after the 202: give it the turn it needs.
  for (let i = 0; i < 100 && receivedIds.length < BURST; i++) await new Promise((r) => setTimeout(r, 20));
  const received = new Set(receivedIds);
  assert.equal(receivedIds.length, BURST, 'received: every item reached processing');
  assert.equal(received.size, BURST, 'received: distinct ids');
  assert.equal(posts, Math.ceil(BURST / 100), 'batched 100 per POST');

  // Persisted: the lines in every history file, current and rotated.
  const persisted = new Set<string>();
  let records = 0;
  for (const f of fs.readdirSync(dir)) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (!line) continue;
      const rec = JSON.parse(line) as { type: string; body?: { value: { id: string }[] } };
      if (rec.type !== 'received') continue;
      records++;
      for (const item of rec.body?.value ?? []) persisted.add(item.id);
    }
  }
  assert.equal(records, posts, 'one history record per POST');
  assert.deepEqual([...persisted].sort(), [...received].sort(), 'persisted = received');

  // Shown: what the history reader returns (the Open Notification History view reads this).
  const shown = new Set<string>();
  for (const e of await history.read(Number.MAX_SAFE_INTEGER)) {
    for (const item of (e.body as { value: { id: string }[] }).value) shown.add(item.id);
  }
  assert.equal(shown.size, BURST, 'shown in history = received');
  assert.ok(!sink.text().includes('failed'), 'no failure was logged');
});
