import { afterEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { NotificationHistory } from '../../src/notifications/history';
import { startReceiver, type ReceivedNotification, type ReceiverHandle } from '../../src/notifications/receiver';
import { createLogger, MemoryLogSink } from '../../src/util/logger';

let receiver: ReceiverHandle | undefined;
let history: NotificationHistory | undefined;
afterEach(async () => {
  await receiver?.close();
  await history?.close();
  receiver = undefined;
});

async function start(options: { maxBodyBytes?: number; onNotification?: (r: ReceivedNotification) => unknown } = {}) {
  history = new NotificationHistory({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'gs-recv-')) });
  const sink = new MemoryLogSink();
  receiver = await startReceiver({ history, log: createLogger(sink), ...options });
  return { receiver, history, sink };
}

function request(url: string, options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string | Buffer } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'content-type': 'application/json' };
const notification = { value: [{ subscriptionId: 'sub-1', subscriptionExpirationDateTime: '2030-01-01T00:00:00Z', tenantId: 't', changeType: 'created', resource: 'me/messages/1' }] };

test('listens on 127.0.0.1 and reports notification and lifecycle URLs', async () => {
  const { receiver } = await start();
  assert.match(receiver.notificationUrl, /^http:\/\/127\.0\.0\.1:\d+\/notifications$/);
  assert.equal(receiver.lifecycleUrl, `http://127.0.0.1:${receiver.port}/lifecycle`);
});

test('echoes the URL-decoded validation token as text/plain 200 on both paths', async () => {
  const { receiver } = await start();
  const token = 'Validation: Testing client application reachability for subscription Request-Id: 1b2c';
  for (const url of [receiver.notificationUrl, receiver.lifecycleUrl]) {
    const res = await request(`${url}?validationToken=${encodeURIComponent(token)}`, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /^text\/plain/);
    assert.equal(res.body, token);
  }
  const get = await request(`${receiver.notificationUrl}?validationToken=abc%20def`, { method: 'GET' });
  assert.equal(get.body, 'abc def', 'GET is answered too, tolerantly');
});

test('a notification is in the history before the 202, then processed asynchronously', async () => {
  let processed: ReceivedNotification | undefined;
  let signal!: () => void;
  const seen = new Promise<void>((r) => (signal = r));
  const { receiver, history } = await start({ onNotification: (r) => { processed = r; signal(); } });
  const res = await request(receiver.notificationUrl, { headers: json, body: JSON.stringify(notification) });
  assert.equal(res.status, 202);
  const lines = fs.readFileSync(history.filePath, 'utf8').trim().split('\n');
  assert.equal(lines.length, 1, 'persisted when 202 arrived');
  await seen;
  assert.equal(processed?.body.value[0].subscriptionId, 'sub-1');
  assert.equal(processed?.kind, 'change');
  const [entry] = await history.read(1);
  assert.equal(entry.id, processed?.id);
});

test('lifecycle notifications are recognised', async () => {
  let kind: string | undefined;
  let signal!: () => void;
  const seen = new Promise<void>((r) => (signal = r));
  const { receiver } = await start({ onNotification: (r) => { kind = r.kind; signal(); } });
  const body = { value: [{ subscriptionId: 's', subscriptionExpirationDateTime: 'x', tenantId: 't', lifecycleEvent: 'reauthorizationRequired' }] };
  assert.equal((await request(receiver.lifecycleUrl, { headers: json, body: JSON.stringify(body) })).status, 202);
  await seen;
  assert.equal(kind, 'lifecycle');
});

const bad: { name: string; status: number; method?: string; headers?: http.OutgoingHttpHeaders; body?: string }[] = [
  { name: 'malformed JSON', status: 400, headers: json, body: '{"value": [' },
  { name: 'JSON without value', status: 400, headers: json, body: '{"foo":1}' },
  { name: 'item without subscriptionId', status: 400, headers: json, body: '{"value":[{"x":1}]}' },
  { name: 'validationTokens not strings', status: 400, headers: json, body: '{"value":[],"validationTokens":[1]}' },
  { name: 'text/plain body', status: 415, headers: { 'content-type': 'text/plain' }, body: 'hello' },
  { name: 'no content type', status: 415, body: '{}' },
  { name: 'JSON nested 100 000 levels deep', status: 400, headers: json, body: `{"value":[{"subscriptionId":"s","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}` },
  { name: 'PUT', status: 405, method: 'PUT', headers: json, body: '{}' },
  { name: 'GET without token', status: 405, method: 'GET' },
];
for (const c of bad) {
  test(`${c.name} gets ${c.status} with a reason, and the receiver keeps serving`, async () => {
    const { receiver, sink } = await start();
    const res = await request(receiver.notificationUrl, { method: c.method, headers: c.headers, body: c.body });
    assert.equal(res.status, c.status);
    assert.ok(res.body.length > 0, 'a reason in the body');
    assert.match(sink.text(), new RegExp(`warn .*${c.status}`));
    assert.ok(!sink.text().includes('error'), 'refused cleanly, not by an exception');
    assert.equal((await request(receiver.notificationUrl, { headers: json, body: JSON.stringify(notification) })).status, 202);
  });
}

test('a body over the cap gets 413 (declared or streamed) without a crash', async () => {
  const { receiver } = await start({ maxBodyBytes: 1024 });
  const big = JSON.stringify({ value: [{ subscriptionId: 'x'.repeat(5000) }] });
  assert.equal((await request(receiver.notificationUrl, { headers: json, body: big })).status, 413);
  // Chunked: no content-length, the cap is enforced while reading.
  const chunked = await new Promise<number>((resolve, reject) => {
    const req = http.request(receiver.notificationUrl, { method: 'POST', headers: json, agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.write(big.slice(0, 2000));
    setTimeout(() => req.end(big.slice(2000)), 10);
  });
  assert.equal(chunked, 413);
  assert.equal((await request(receiver.notificationUrl, { headers: json, body: JSON.stringify(notification) })).status, 202);
});

test('a client that aborts mid-body and garbage on the socket do not crash the receiver', async () => {
  const { receiver } = await start();
  await new Promise<void>((resolve) => {
    const req = http.request(receiver.notificationUrl, { method: 'POST', headers: { ...json, 'content-length': 1000 }, agent: false });
    req.on('error', () => resolve());
    req.write('{"value":');
    setTimeout(() => { req.destroy(); resolve(); }, 20);
  });
  const net = await import('node:net');
  await new Promise<void>((resolve) => {
    const s = net.connect(receiver.port, '127.0.0.1', () => s.end('NOT HTTP AT ALL\r\n\r\n'));
    s.on('data', () => undefined);
    s.on('close', () => resolve());
    s.on('error', () => resolve());
  });
  assert.equal((await request(receiver.notificationUrl, { headers: json, body: JSON.stringify(notification) })).status, 202);
});

test('a throwing or rejecting handler never breaks the receiver', async () => {
  let calls = 0;
  const { receiver, sink } = await start({ onNotification: () => { calls++; if (calls === 1) throw new Error('boom'); return Promise.reject(new Error('async boom')); } });
  assert.equal((await request(receiver.notificationUrl, { headers: json, body: JSON.stringify(notification) })).status, 202);
  assert.equal((await request(receiver.notificationUrl, { headers: json, body: JSON.stringify(notification) })).status, 202);
  await new Promise((r) => setTimeout(r, 20));
  assert.match(sink.text(), /boom/);
});

test('validation tokens and clientState values are not logged', async () => {
  const { receiver, sink } = await start();
  await request(`${receiver.notificationUrl}?validationToken=${encodeURIComponent('SuperSecretValidationToken123')}`);
  assert.ok(!sink.text().includes('SuperSecretValidationToken123'));
});

test('clientState values never reach the history file, however they are encoded', async () => {
  const { receiver, history } = await start();
  const secrets = ['plain-secret-value-1', 'with "quotes" and \\ backslash', 'ünïcödé-secret-🙂'];
  const bodies = [
    JSON.stringify({ value: [{ subscriptionId: 'a', clientState: secrets[0], resourceData: { echo: secrets[0] } }] }),
    JSON.stringify({ value: [{ subscriptionId: 'b', clientState: secrets[1] }] }, null, 2),
    // The same value written with \u escapes: the text shortcut must not be taken.
    `{"value":[{"subscriptionId":"c","clientState":"\\u00fcn\\u00efc\\u00f6d\\u00e9-secret-\\ud83d\\ude42"}]}`,
  ];
  for (const body of bodies) assert.equal((await request(receiver.notificationUrl, { headers: json, body })).status, 202);
  await history.flushed();
  const text = fs.readFileSync(history.filePath, 'utf8');
  for (const secret of secrets) {
    assert.ok(!text.includes(secret) && !text.includes(JSON.stringify(secret).slice(1, -1)), `${secret} leaked`);
  }
  const entries = await history.read();
  assert.equal(entries.length, 3);
  for (const e of entries) assert.match(JSON.stringify(e.body), /"clientState":"[^"]{4}…\(\d+ chars\)"/);
});
