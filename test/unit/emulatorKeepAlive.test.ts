/**
 * The keep-alive race: a receiver closes an idle connection just as the emulator reuses it. The
 * POST must be retried at once on a fresh connection and never count as an endpoint failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { Socket } from 'node:net';
import { HttpPoster, pooledIdleMs } from '../../src/emulator/httpClient';
import { harness, messageDraft, call } from './emulatorTestKit';

/** Answers the handshake; answers notifications 202 but resets any connection on its second request (as a server that just timed it out). */
async function startResettingReceiver(): Promise<{ url: string; resets: () => number; close(): Promise<void> }> {
  const requestsOnSocket = new WeakMap<Socket, number>();
  let resets = 0;
  const server = http.createServer((req, res) => {
    const n = (requestsOnSocket.get(req.socket) ?? 0) + 1;
    requestsOnSocket.set(req.socket, n);
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
    if (token === null && n > 1) {
      resets++;
      req.socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => {
      if (token !== null) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(token);
      } else {
        res.writeHead(202);
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/notifications`,
    resets: () => resets,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}

test('a reset on a reused idle socket is retried at once and not counted as an endpoint failure', async () => {
  const receiver = await startResettingReceiver();
  const h = await harness({ maxDeliveryAttempts: 3, retryBackoffMs: 5000 });
  try {
    const created = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { notificationUrl: receiver.url }) });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    for (let i = 0; i < 5; i++) {
      const report = await h.emulator.simulateChange(created.json.id);
      assert.equal(report.delivered, 1, `delivery ${i + 1}`);
      assert.equal(report.attempts.length, 1, 'one attempt: the stale socket is not an attempt');
      assert.equal(report.attempts[0].ok, true);
    }
    assert.ok(receiver.resets() >= 1, 'the receiver did reset reused connections');
    const counters = h.emulator.counters();
    assert.equal(counters.failed, 0, 'no endpoint failure counted');
    assert.equal(counters.retried, 0, 'no Graph-style retry (with backoff) was needed');
    assert.ok(h.emulator.deliveryLog().every((a) => a.ok), 'the delivery log blames no one');
  } finally {
    await h.close();
    await receiver.close();
  }
});

test('a reset on a fresh connection is still the endpoint\'s failure', async () => {
  const server = http.createServer((req) => req.socket.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const poster = new HttpPoster();
  try {
    await assert.rejects(() => poster.post(new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/`), '{}', 'application/json', 2000), /socket hang up|ECONNRESET/);
    assert.equal(poster.staleSocketRetries, 0);
  } finally {
    poster.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('a server announcing a keep-alive under 5 s: pooled sockets idle a second less (1 s or less: not pooled)', () => {
  assert.equal(pooledIdleMs(undefined), 4000, 'no hint: the pool\'s own 4 s');
  assert.equal(pooledIdleMs('timeout=5'), 4000, 'Node\'s default server: 4 s already leaves a second');
  assert.equal(pooledIdleMs('timeout=60, max=100'), 4000);
  assert.equal(pooledIdleMs('timeout=3'), 2000);
  assert.equal(pooledIdleMs('max=5, timeout=2'), 1000);
  assert.equal(pooledIdleMs('timeout=1'), 0);
  assert.equal(pooledIdleMs(['timeout=4']), 3000);
});

// Node ≥ 20.18's Agent already idles a second under a `Keep-Alive: timeout=N` that comes first in the
// header; VS Code's Electron may run an older Node, and servers also send `max=…, timeout=…`.
test('a socket to a server announcing Keep-Alive: max=100, timeout=2 is not reused after 1.5 s idle (the server closes it at 2 s)', async () => {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(202, { 'Keep-Alive': 'max=100, timeout=2' });
      res.end();
    });
  });
  server.keepAliveTimeout = 2000;
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const poster = new HttpPoster();
  try {
    const url = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/n`);
    const first = await poster.post(url, '{}', 'application/json', 3000);
    assert.equal(first.headers['keep-alive'], 'max=100, timeout=2');
    const again = await poster.post(url, '{}', 'application/json', 3000);
    assert.equal(again.status, 202);
    assert.equal(connections, 1, 'reused at once: the pool works');
    await new Promise((r) => setTimeout(r, 1500));
    await poster.post(url, '{}', 'application/json', 3000);
    assert.equal(connections, 2, 'idle 1.5 s > 2 s − 1 s: a fresh connection, not the one the server is about to close');
  } finally {
    poster.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
