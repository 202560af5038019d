/**
 * The receiver against hostile clients, over real sockets: stalled large bodies are capped (and
 * real notifications keep being answered), a slowloris gets a 408 within Graph's 10 s budget, and
 * every text response says nosniff.
 */
import { afterEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { NotificationHistory } from '../../src/notifications/history';
import { startReceiver, type ReceiverHandle } from '../../src/notifications/receiver';

let receiver: ReceiverHandle | undefined;
let history: NotificationHistory | undefined;
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await receiver?.close();
  await history?.close();
  receiver = undefined;
});

async function start(): Promise<ReceiverHandle> {
  history = new NotificationHistory({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'gs-hostile-')) });
  receiver = await startReceiver({ history });
  return receiver;
}

function request(port: number, options: { method?: string; path?: string; headers?: http.OutgoingHttpHeaders; body?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: options.path ?? '/notifications', method: options.method ?? 'POST', headers: options.headers ?? { 'content-type': 'application/json' }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const real = JSON.stringify({ value: [{ subscriptionId: 'real', changeType: 'created', resource: 'me/messages/1' }] });

/** Opens a connection that sends `bytes` of a body declared 4 MB long, then stalls; resolves with the status line the server answered. */
function stalledBody(port: number, bytes: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    sockets.push(s);
    let got = '';
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('\r\n')) resolve(got.split('\r\n')[0]);
    });
    s.on('error', () => undefined);
    s.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    s.write(`POST /notifications HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${4 * 1024 * 1024}\r\n\r\n`);
    s.write(Buffer.alloc(bytes, 0x20));
  });
}

test('60 stalled 4 MB bodies: the receiver refuses those over its body budget (503) and still answers a real notification', async () => {
  const r = await start();
  const answered: string[] = [];
  const pending = Array.from({ length: 60 }, () => stalledBody(r.port, 4 * 1024 * 1024 - 1).then((line) => void answered.push(line)));
  // Without a cap nothing is answered until the request timeout; with one, most are refused at once.
  for (let i = 0; i < 100 && answered.length < 40; i++) await new Promise((res) => setTimeout(res, 100));
  assert.ok(answered.length >= 40, `only ${answered.length} of 60 stalled bodies were refused within 10 s`);
  for (const line of answered) assert.match(line, /^HTTP\/1\.1 (503|408)/);
  const ok = await request(r.port, { body: real });
  assert.equal(ok.status, 202, 'a real notification is still accepted while the stalled bodies hold the budget');
  for (const s of sockets) s.destroy();
  await Promise.all(pending);
});

test('a slowloris (headers trickled) gets 408 within Graph\'s 10 s budget, not a 400 after a minute', { timeout: 30_000 }, async () => {
  const r = await start();
  const t0 = Date.now();
  const status = await new Promise<string>((resolve) => {
    const s = net.connect(r.port, '127.0.0.1');
    sockets.push(s);
    let got = '';
    s.on('data', (d) => (got += d.toString('latin1')));
    s.on('error', () => undefined);
    s.write('POST /notifications HTTP/1.1\r\nhost: x\r\nx-slow: ');
    const timer = setInterval(() => s.writable && s.write('a'), 500);
    s.on('close', () => {
      clearInterval(timer);
      resolve(got.split('\r\n')[0]);
    });
  });
  assert.match(status, /^HTTP\/1\.1 408/);
  assert.ok(Date.now() - t0 < 15_000, `closed after ${Date.now() - t0} ms`);
  assert.equal((await request(r.port, { body: real })).status, 202);
});

test('X-Content-Type-Options: nosniff on every text response (handshake echo and refusals)', async () => {
  const r = await start();
  const responses = [
    await request(r.port, { path: '/notifications?validationToken=%3Chtml%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E', body: '' }),
    await request(r.port, { method: 'GET', path: '/' }),
    await request(r.port, { headers: { 'content-type': 'text/html' }, body: '<html>' }),
    await request(r.port, { body: '{not json' }),
    await request(r.port, { body: real }),
  ];
  assert.deepEqual(responses.map((x) => x.status), [200, 405, 415, 400, 202]);
  for (const res of responses) assert.equal(res.headers['x-content-type-options'], 'nosniff', `status ${res.status}`);
});

test('connections are capped, and silent ones are closed after the headers timeout, so real traffic gets through again', { timeout: 60_000 }, async () => {
  history = new NotificationHistory({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'gs-hostile-')) });
  receiver = await startReceiver({ history, limits: { maxConnections: 5, headersTimeoutMs: 2_000, requestTimeoutMs: 4_000 } });
  const port = receiver.port;
  const closedAt: number[] = [];
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 10 }, () =>
      new Promise<void>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => resolve());
        sockets.push(s);
        s.on('error', () => undefined);
        s.on('close', () => closedAt.push(Date.now() - t0));
      }),
    ),
  );
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(closedAt.length >= 5, `only ${closedAt.length} of 10 connections were closed beyond a cap of 5`);
  // The 5 silent ones hold their slots until the headers timeout; then a real notification is answered.
  // Generous: on a loaded machine timers run late; what matters is that they are closed at all.
  for (let i = 0; i < 160 && closedAt.length < 10; i++) await new Promise((r) => setTimeout(r, 250));
  assert.equal(closedAt.length, 10, 'silent connections were not closed by the headers timeout');
  assert.equal((await request(port, { body: real })).status, 202);
});
