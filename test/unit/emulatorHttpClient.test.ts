/**
 * The Sandbox's delivery client (undici connections): a bounded answer, a hard deadline, a pool of
 * at most 64 connections per origin under a burst, and credentials in the URL sent as Basic auth.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { HttpPoster, TimeoutError } from '../../src/emulator/httpClient';

async function serve(handler: http.RequestListener): Promise<{ url: URL; connections: () => number; close(): Promise<void> }> {
  const server = http.createServer(handler);
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/notifications?x=1`),
    connections: () => connections,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

test('a receiver answering megabytes: the body is cut at the bound, and the connection is still used for the next POST', async () => {
  const big = 'x'.repeat(2 * 1024 * 1024);
  const receiver = await serve((req, res) => {
    req.resume();
    req.on('end', () => res.end(big));
  });
  const poster = new HttpPoster();
  try {
    const first = await poster.post(receiver.url, '{}', 'application/json', 5000, 1000);
    assert.equal(first.status, 200);
    assert.equal(first.body.length, 1000);
    const second = await poster.post(receiver.url, '{}', 'application/json', 5000, 10);
    assert.equal(second.body, 'x'.repeat(10));
    assert.equal(receiver.connections(), 1, 'kept alive: the rest of the answer was read and dropped');
  } finally {
    poster.close();
    await receiver.close();
  }
});

test('a receiver that never answers: a TimeoutError naming the timeout, at the deadline; the next POST gets a fresh connection', async () => {
  let hang = true;
  const receiver = await serve((req, res) => {
    req.resume();
    if (!hang) req.on('end', () => res.writeHead(202).end());
  });
  const poster = new HttpPoster();
  try {
    const started = Date.now();
    await assert.rejects(() => poster.post(receiver.url, '{}', 'application/json', 300), (e: unknown) => e instanceof TimeoutError && /300 ms/.test((e as Error).message));
    assert.ok(Date.now() - started < 2000, 'no later than the deadline (with slack for a busy machine)');
    hang = false;
    const next = await poster.post(receiver.url, '{}', 'application/json', 3000);
    assert.equal(next.status, 202);
    assert.equal(receiver.connections(), 2, 'the timed-out connection was not reused');
  } finally {
    poster.close();
    await receiver.close();
  }
});

test('a burst of 100 concurrent POSTs uses at most 64 connections and every POST is answered', async () => {
  let inFlight = 0;
  let peak = 0;
  const receiver = await serve((req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    req.resume();
    req.on('end', () => setTimeout(() => {
      inFlight--;
      res.writeHead(202).end();
    }, 20));
  });
  const poster = new HttpPoster();
  try {
    const results = await Promise.all(Array.from({ length: 100 }, () => poster.post(receiver.url, '{}', 'application/json', 10_000)));
    assert.ok(results.every((r) => r.status === 202));
    assert.ok(receiver.connections() <= 64, `${receiver.connections()} connections`);
    assert.ok(peak > 1, 'the burst went out in parallel');
  } finally {
    poster.close();
    await receiver.close();
  }
});

test('user:password in the notification URL is sent as Basic authorization, with the path and query as given', async () => {
  let seen: http.IncomingHttpHeaders = {};
  let target = '';
  const receiver = await serve((req, res) => {
    seen = req.headers;
    target = req.url ?? '';
    req.resume();
    req.on('end', () => res.writeHead(202).end());
  });
  const poster = new HttpPoster();
  try {
    const url = new URL(receiver.url);
    url.username = 'app';
    url.password = 'p%40ss';
    await poster.post(url, '{"value":[]}', 'application/json', 3000);
    assert.equal(seen.authorization, `Basic ${Buffer.from('app:p@ss').toString('base64')}`);
    assert.equal(seen['content-type'], 'application/json');
    assert.equal(seen['user-agent'], 'graph-subscriptions-emulator');
    assert.equal(target, '/notifications?x=1');
  } finally {
    poster.close();
    await receiver.close();
  }
});
