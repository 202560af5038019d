import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphSubscriptionsClient, splitGraphBaseUrl } from '../../src/graph/graphSubscriptionsClient';
import { GraphRequestError } from '../../src/graph/errors';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

async function withServer(handler: Handler, run: (base: string, seen: { method: string; url: string; auth?: string }[]) => Promise<void>): Promise<void> {
  const seen: { method: string; url: string; auth?: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    await run(`http://127.0.0.1:${port}/v1.0`, seen);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const sub = (id: string) => ({ id, resource: 'me/messages', changeType: 'created', notificationUrl: 'https://x.example/n', expirationDateTime: '2030-01-01T00:00:00Z' });

test('splitGraphBaseUrl separates the SDK base URL from the version', () => {
  assert.deepEqual(splitGraphBaseUrl('https://graph.microsoft.us/v1.0'), { baseUrl: 'https://graph.microsoft.us/', version: 'v1.0', origin: 'https://graph.microsoft.us' });
  assert.deepEqual(splitGraphBaseUrl('http://127.0.0.1:5000/graph/v1.0/'), { baseUrl: 'http://127.0.0.1:5000/graph/', version: 'v1.0', origin: 'http://127.0.0.1:5000' });
});

test('listAll follows @odata.nextLink on an http sandbox and sends the bearer token on every page', async () => {
  let base = '';
  await withServer(
    (req, _b, res) => {
      if (req.url === '/v1.0/subscriptions') return json(res, 200, { value: [sub('a'), sub('b')], '@odata.nextLink': `${base}/subscriptions?$skiptoken=2` });
      if (req.url === '/v1.0/subscriptions?$skiptoken=2') return json(res, 200, { value: [sub('c')] });
      json(res, 404, { error: { code: 'itemNotFound', message: req.url } });
    },
    async (b, seen) => {
      base = b;
      const client = new GraphSubscriptionsClient({ graphBaseUrl: b, getAccessToken: async () => 'token-123456' });
      const all = await client.listAll();
      assert.deepEqual(all.map((s) => s.id), ['a', 'b', 'c']);
      assert.equal(seen.length, 2);
      assert.ok(seen.every((s) => s.auth === 'Bearer token-123456'));
    },
  );
});

test('a 429 with Retry-After is retried by the SDK RetryHandler and then succeeds', async () => {
  let calls = 0;
  await withServer(
    (_req, _b, res) => {
      calls++;
      if (calls === 1) return json(res, 429, { error: { code: 'TooManyRequests', message: 'Please retry again later.' } }, { 'Retry-After': '0.01' });
      json(res, 200, sub('x'));
    },
    async (b, seen) => {
      const client = new GraphSubscriptionsClient({ graphBaseUrl: b, getAccessToken: async () => 't' });
      const got = await client.get('x');
      assert.equal(got.id, 'x');
      assert.equal(seen.length, 2);
    },
  );
});

test('a 503 that persists ends in a GraphRequestError after the configured retries', async () => {
  await withServer(
    (_req, _b, res) => json(res, 503, { error: { code: 'serviceNotAvailable', message: 'busy' } }, { 'Retry-After': '0' }),
    async (b, seen) => {
      const client = new GraphSubscriptionsClient({ graphBaseUrl: b, getAccessToken: async () => 't', retry: { maxRetries: 2 } });
      await assert.rejects(client.get('x'), (e: unknown) => e instanceof GraphRequestError && e.status === 503 && e.code === 'serviceNotAvailable');
      assert.equal(seen.length, 3);
    },
  );
});

test('Graph error bodies become GraphRequestError with status, code, message and request id', async () => {
  await withServer(
    (req, body, res) => {
      if (req.method === 'POST' && req.url === '/v1.0/subscriptions') {
        assert.equal(JSON.parse(body).resource, 'me/messages');
        return json(res, 409, { error: { code: 'Conflict', message: 'Subscription Id 11111111-2222-3333-4444-555555555555 already exists for the requested combination', innerError: { 'request-id': 'rid-1' } } });
      }
      if (req.method === 'PATCH') return json(res, 404, { error: { code: 'itemNotFound', message: 'gone' } });
      if (req.method === 'DELETE') { res.writeHead(204); return res.end(); }
      res.writeHead(204); res.end();
    },
    async (b, seen) => {
      const client = new GraphSubscriptionsClient({ graphBaseUrl: b, getAccessToken: async () => 't' });
      const { id: _id, ...draft } = sub('q');
      await assert.rejects(client.create(draft), (e: unknown) => e instanceof GraphRequestError && e.status === 409 && e.requestId === 'rid-1' && /already exists/.test(e.graphMessage ?? ''));
      await assert.rejects(client.update('q', { expirationDateTime: '2031-01-01T00:00:00Z' }), (e: unknown) => e instanceof GraphRequestError && e.status === 404 && e.code === 'itemNotFound');
      await client.delete('q');
      await client.reauthorize('q');
      assert.deepEqual(seen.slice(2).map((s) => `${s.method} ${s.url}`), ['DELETE /v1.0/subscriptions/q', 'POST /v1.0/subscriptions/q/reauthorize']);
    },
  );
});

test('an unreachable endpoint is a network GraphRequestError (status 0)', async () => {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  const client = new GraphSubscriptionsClient({ graphBaseUrl: `http://127.0.0.1:${port}/v1.0`, getAccessToken: async () => 't' });
  await assert.rejects(client.listAll(), (e: unknown) => e instanceof GraphRequestError && e.isNetworkError);
});

test('a failing token source surfaces its own error, not a network error', async () => {
  class SignInNeeded extends Error {
    override name = 'SignInRequiredError';
  }
  const client = new GraphSubscriptionsClient({ graphBaseUrl: 'http://127.0.0.1:9/v1.0', getAccessToken: async () => { throw new SignInNeeded('expired'); } });
  await assert.rejects(client.listAll(), { name: 'SignInRequiredError', message: 'expired' });
});
