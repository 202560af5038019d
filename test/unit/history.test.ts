import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NotificationHistory, sanitizeBody } from '../../src/notifications/history';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gs-history-'));
}

const entry = (i: number) => ({ id: `id-${i}`, receivedAt: new Date(1_700_000_000_000 + i).toISOString(), kind: 'change' as const, path: '/notifications', body: { value: [{ subscriptionId: `s${i}`, pad: 'x'.repeat(200) }] } });

test('entries read back newest first, with their verdicts, after the history is reopened', async () => {
  const dir = tmp();
  const h = new NotificationHistory({ dir });
  await h.appendReceived(entry(1));
  await h.appendReceived(entry(2));
  await h.appendProcessed('id-1', [{ subscriptionId: 's1', trusted: false, checks: { clientState: { status: 'fail', reason: 'mismatch' }, validationTokens: { status: 'skip' }, decryption: { status: 'skip' } } }]);
  await h.close();

  const reopened = new NotificationHistory({ dir });
  const read = await reopened.read(10);
  assert.deepEqual(read.map((e) => e.id), ['id-2', 'id-1']);
  assert.equal(read[1].processed?.items[0].checks.clientState.reason, 'mismatch');
  assert.equal(read[0].processed, undefined);
  await reopened.close();
});

test('concurrent appends are all written, each promise resolving once its line is in the file', async () => {
  const dir = tmp();
  const h = new NotificationHistory({ dir });
  await Promise.all(Array.from({ length: 200 }, (_, i) => h.appendReceived(entry(i))));
  const lines = fs.readFileSync(h.filePath, 'utf8').trim().split('\n');
  assert.equal(lines.length, 200);
  await h.close();
});

test('rotates past the size cap and keeps only N old files', async () => {
  const dir = tmp();
  const h = new NotificationHistory({ dir, maxBytes: 2048, keep: 2 });
  for (let i = 0; i < 60; i++) await h.appendReceived(entry(i));
  await h.close();
  const files = fs.readdirSync(dir).sort();
  assert.deepEqual(files, ['history.1.jsonl', 'history.2.jsonl', 'history.jsonl']);
  for (const f of files) assert.ok(fs.statSync(path.join(dir, f)).size <= 2048);
  const read = await new NotificationHistory({ dir, keep: 2 }).read(3);
  assert.deepEqual(read.map((e) => e.id), ['id-59', 'id-58', 'id-57']);
});

test('a torn last line does not hide the rest', async () => {
  const dir = tmp();
  const h = new NotificationHistory({ dir });
  await h.appendReceived(entry(1));
  await h.close();
  fs.appendFileSync(path.join(dir, 'history.jsonl'), '{"type":"received","id":"to');
  const read = await new NotificationHistory({ dir }).read();
  assert.deepEqual(read.map((e) => e.id), ['id-1']);
});

test('whole validation tokens are never persisted', () => {
  const jwt = `eyJhbGciOiJSUzI1NiJ9.${'a'.repeat(40)}.${'b'.repeat(40)}`;
  const { body, tokenCount } = sanitizeBody({ value: [], validationTokens: [jwt] });
  assert.equal(tokenCount, 1);
  assert.ok(!JSON.stringify(body).includes(jwt));
  assert.match(JSON.stringify(body), /eyJh…\(\d+ chars\)/);
});

test('the receiver fast path keeps a pretty-printed body as one JSONL line, read back equal', async () => {
  const dir = tmp();
  const h = new NotificationHistory({ dir });
  const body = { value: [{ subscriptionId: 's', note: 'line\nbreak "quoted"' }] };
  const { body: _b, ...head } = entry(7);
  await h.appendReceived({ ...head, body }, JSON.stringify(body, null, 2));
  assert.equal(fs.readFileSync(h.filePath, 'utf8').trim().split('\n').length, 1);
  const [read] = await h.read();
  assert.deepEqual(read.body, body);
  await h.close();
});
