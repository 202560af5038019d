/**
 * Durability of the notification history with real files, processes and sockets (no fs/http
 * mocks): a torn append followed by free space again, two receiver processes on one folder,
 * refused requests that must not evict accepted notifications, every clientState spelling
 * masked, and private file modes.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { NotificationHistory } from '../../src/notifications/history';
import { startReceiver } from '../../src/notifications/receiver';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'receiverProcess.js');
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gs-durable-'));
}

/** Starts the receiver fixture in its own process (optionally under `prlimit --fsize`). */
async function spawnReceiver(dir: string, opts: { maxBytes?: number; keep?: number; fsizeLimit?: number } = {}): Promise<{ child: ChildProcess; port: number; pid: number }> {
  const args = [FIXTURE, dir, String(opts.maxBytes ?? 10 * 1024 * 1024), String(opts.keep ?? 3)];
  const child = opts.fsizeLimit
    ? spawn('prlimit', [`--fsize=${opts.fsizeLimit}:unlimited`, process.execPath, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
    : spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`receiver process exited with ${code}`)));
  });
  const { port, pid } = JSON.parse(line) as { port: number; pid: number };
  return { child, port, pid };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin!.end();
  await exited;
}

function post(port: number, body: string, extra: { path?: string; method?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: extra.path ?? '/notifications', method: extra.method ?? 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const body = (tag: string, padding = 300) => JSON.stringify({ value: [{ subscriptionId: tag, changeType: 'updated', resource: `me/messages/${tag}`, pad: 'x'.repeat(padding) }] });

async function storedSubscriptionIds(dir: string, keep: number): Promise<Set<string>> {
  const h = new NotificationHistory({ dir, keep });
  const entries = await h.read(Number.MAX_SAFE_INTEGER);
  await h.close();
  const ids = new Set<string>();
  for (const e of entries) for (const item of (e.body as { value?: { subscriptionId: string }[] } | undefined)?.value ?? []) ids.add(item.subscriptionId);
  return ids;
}

test('a torn append (file-size limit mid-write) is repaired once space returns: every 202 reads back', async () => {
  const dir = tmp();
  const { child, port, pid } = await spawnReceiver(dir, { fsizeLimit: 8 * 1024 });
  const accepted: string[] = [];
  let refused = 0;
  for (let i = 0; refused === 0 && i < 100; i++) {
    const status = await post(port, body(`before-${i}`));
    if (status === 202) accepted.push(`before-${i}`);
    else refused++;
  }
  assert.equal(refused, 1, 'the write past the limit must be refused (503)');
  // "Space returns": lift the limit of the running process.
  execFileSync('prlimit', ['--pid', String(pid), '--fsize=unlimited:unlimited']);
  for (let i = 0; i < 3; i++) {
    assert.equal(await post(port, body(`after-${i}`)), 202);
    accepted.push(`after-${i}`);
  }
  await stopChild(child);
  const stored = await storedSubscriptionIds(dir, 3);
  assert.deepEqual(accepted.filter((id) => !stored.has(id)), [], 'acknowledged notifications missing from the history');
  for (const line of fs.readFileSync(path.join(dir, 'history.jsonl'), 'utf8').split('\n').filter(Boolean)) JSON.parse(line);
});

test('two receiver processes on one history folder: the newest acknowledged notification of each reads back', async () => {
  const dir = tmp();
  const keep = 2;
  const a = await spawnReceiver(dir, { maxBytes: 4096, keep });
  const b = await spawnReceiver(dir, { maxBytes: 4096, keep });
  assert.equal(await post(b.port, body('b-first')), 202);
  // A rotates several times past `keep` while B holds its handle on the first file.
  for (let i = 0; i < 60; i++) assert.equal(await post(a.port, body(`a-${i}`)), 202);
  assert.equal(await post(b.port, body('b-last')), 202);
  assert.equal(await post(a.port, body('a-last')), 202);
  await Promise.all([stopChild(a.child), stopChild(b.child)]);
  const stored = await storedSubscriptionIds(dir, keep);
  assert.ok(stored.has('b-last'), 'B wrote its newest notification into a file A had rotated away');
  assert.ok(stored.has('a-last'));
});

test('two receiver processes appending at once lose nothing that fits in the retained files', async () => {
  const dir = tmp();
  const keep = 8;
  const a = await spawnReceiver(dir, { maxBytes: 16 * 1024, keep });
  const b = await spawnReceiver(dir, { maxBytes: 16 * 1024, keep });
  const accepted: string[] = [];
  // ~150 lines of ~420 bytes ≈ 63 KB, well inside 8 × 16 KB retained.
  for (let round = 0; round < 15; round++) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const target = i % 2 === 0 ? a : b;
        const id = `${i % 2 === 0 ? 'a' : 'b'}-${round}-${i}`;
        if ((await post(target.port, body(id))) === 202) accepted.push(id);
      }),
    );
  }
  await Promise.all([stopChild(a.child), stopChild(b.child)]);
  const stored = await storedSubscriptionIds(dir, keep);
  assert.equal(accepted.length, 150);
  assert.deepEqual(accepted.filter((id) => !stored.has(id)), []);
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean)) JSON.parse(line);
  }
});

test('a flood of refused requests never evicts an accepted notification', async () => {
  const dir = tmp();
  const history = new NotificationHistory({ dir, maxBytes: 64 * 1024, keep: 1 });
  const receiver = await startReceiver({ history });
  try {
    assert.equal(await post(receiver.port, body('precious')), 202);
    const longPath = `/${'A'.repeat(15_000)}`;
    for (let round = 0; round < 30; round++) {
      await Promise.all(Array.from({ length: 10 }, () => post(receiver.port, '', { method: 'GET', path: longPath })));
    }
  } finally {
    await receiver.close();
    await history.close();
  }
  const entries = await new NotificationHistory({ dir, keep: 1 }).read(Number.MAX_SAFE_INTEGER);
  assert.ok(entries.some((e) => e.kind !== 'rejected' && JSON.stringify(e.body).includes('precious')), 'the accepted notification was rotated out by refusals');
  // The refusals are still accounted for: sampled entries plus counted ones add up to all 300.
  const counted = entries.filter((e) => e.kind === 'rejected').reduce((n, e) => n + (e.rejection?.count ?? 1), 0);
  assert.equal(counted, 300);
  for (const e of entries.filter((x) => x.kind === 'rejected')) assert.ok(e.path.length <= 300, 'stored paths are truncated');
});

test('every clientState spelling the check accepts is masked in the history', async () => {
  const dir = tmp();
  const history = new NotificationHistory({ dir });
  const receiver = await startReceiver({ history });
  const secrets = ['Pascal-case-secret-1', 'UPPER-case-secret-22', 'pretty-printed-secret-333'];
  try {
    assert.equal(await post(receiver.port, JSON.stringify({ value: [{ subscriptionId: 'a', ClientState: secrets[0] }] })), 202);
    assert.equal(await post(receiver.port, JSON.stringify({ value: [{ subscriptionId: 'b', CLIENTSTATE: secrets[1] }], validationTokens: ['x.y.z'] })), 202);
    assert.equal(await post(receiver.port, JSON.stringify({ value: [{ subscriptionId: 'c', clientstate: secrets[2] }] }, null, 2)), 202);
  } finally {
    await receiver.close();
    await history.close();
  }
  const text = fs.readFileSync(path.join(dir, 'history.jsonl'), 'utf8');
  for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} stored in clear`);
});

test('history files are private (0600) in a private folder (0700), also when an older version created them', async () => {
  const dir = path.join(tmp(), 'notifications');
  fs.mkdirSync(dir, { mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'history.jsonl'), '', { mode: 0o644 });
  fs.chmodSync(path.join(dir, 'history.jsonl'), 0o644);
  const h = new NotificationHistory({ dir, maxBytes: 1024, keep: 1 });
  for (let i = 0; i < 10; i++) await h.appendReceived({ id: `id-${i}`, receivedAt: new Date().toISOString(), kind: 'change', path: '/notifications', body: JSON.parse(body(`s${i}`)) });
  await h.close();
  assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  for (const f of fs.readdirSync(dir)) assert.equal(fs.statSync(path.join(dir, f)).mode & 0o777, 0o600, f);

  const fresh = path.join(tmp(), 'new', 'notifications');
  const h2 = new NotificationHistory({ dir: fresh });
  await h2.appendReceived({ id: 'x', receivedAt: new Date().toISOString(), kind: 'change', path: '/notifications', body: {} });
  await h2.close();
  assert.equal(fs.statSync(fresh).mode & 0o777, 0o700);
  assert.equal(fs.statSync(path.join(fresh, 'history.jsonl')).mode & 0o777, 0o600);
});
