import { afterEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FORWARDED_HEADER, forwardNotification, replayBody } from '../../src/notifications/forwarder';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? (server.close(() => r()), server.closeAllConnections()) : r())));

test('forwards the body as received to the user app, marked live or replay', async () => {
  const seen: { body: string; header: string | undefined; type: string | undefined }[] = [];
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ body: Buffer.concat(chunks).toString(), header: req.headers[FORWARDED_HEADER] as string | undefined, type: req.headers['content-type'] });
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/notifications`;
  const raw = Buffer.from('{"value":[{"subscriptionId":"s"}],"validationTokens":["eyJ..."]}');
  assert.equal((await forwardNotification(url, raw)).status, 200);
  assert.equal((await forwardNotification(url, replayBody({ value: [{ subscriptionId: 's' }], validationTokens: ['eyJh…(9 chars)'] }), { kind: 'replay' })).status, 200);
  assert.deepEqual(seen.map((s) => s.header), ['live', 'replay']);
  assert.equal(seen[0].body, raw.toString());
  assert.deepEqual(JSON.parse(seen[1].body), { value: [{ subscriptionId: 's' }] }, 'a replay drops the masked tokens');
  assert.equal(seen[0].type, 'application/json');
});

test('an unreachable or non-http forward URL rejects (the receiver logs it; Graph already has its 202)', async () => {
  await assert.rejects(forwardNotification('http://127.0.0.1:1/x', '{}', { timeoutMs: 1000 }));
  await assert.rejects(forwardNotification('file:///etc/passwd', '{}'), /http or https/);
});

test('a redirect from the forward URL is reported, never followed (the body carries the real clientState)', async () => {
  let elsewhere = 0;
  const other = http.createServer((req, res) => {
    elsewhere++;
    req.resume();
    res.writeHead(200);
    res.end();
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal`;
  server = http.createServer((req, res) => {
    req.resume();
    const status = req.url === '/301' ? 301 : req.url === '/308' ? 308 : 307;
    res.writeHead(status, { location: otherUrl });
    res.end();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // A pooled Buffer (a view on a larger ArrayBuffer), as the receiver hands over the raw body.
    const pooled = Buffer.from('{"value":[{"subscriptionId":"s","clientState":"real-secret"}]}');
    for (const path of ['/307', '/308', '/301']) {
      const live = await forwardNotification(`${base}${path}`, pooled);
      assert.equal(live.status, Number(path.slice(1)));
      assert.equal(live.redirectedTo, otherUrl);
      const replay = await forwardNotification(`${base}${path}`, '{"value":[]}', { kind: 'replay' });
      assert.equal(replay.redirectedTo, otherUrl);
    }
    assert.equal(elsewhere, 0, 'the redirect target received the notification');
  } finally {
    await new Promise<void>((r) => (other.close(() => r()), other.closeAllConnections()));
  }
});
