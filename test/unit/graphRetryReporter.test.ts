import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphSubscriptionsClient } from '../../src/graph/graphSubscriptionsClient';
import { describeGraphRetry, reportingGraphRetries, type GraphRetry } from '../../src/graph/retryReporter';

async function withGraph(statuses: { status: number; retryAfter?: string }[], body: (base: string) => Promise<void>): Promise<void> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    // Only PATCHes get the scripted faults: a concurrent GET never takes one of them, however slow the machine.
    const next = req.method === 'PATCH' ? statuses[n++] : undefined;
    if (next) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (next.retryAfter !== undefined) headers['Retry-After'] = next.retryAfter;
      res.writeHead(next.status, headers);
      res.end(JSON.stringify({ error: { code: next.status === 429 ? 'TooManyRequests' : 'serviceNotAvailable', message: 'Please retry again later.' } }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id: 'x', resource: 'me/messages', changeType: 'created', notificationUrl: 'https://h/n', expirationDateTime: '2030-01-01T00:00:00Z' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('each retry after a 429/503 is reported to the caller that waits on it, with Graph\'s Retry-After', async () => {
  await withGraph([{ status: 429, retryAfter: '0.05' }, { status: 503, retryAfter: '0.02' }], async (base) => {
    const client = new GraphSubscriptionsClient({ graphBaseUrl: base, getAccessToken: async () => 't' });
    const seen: GraphRetry[] = [];
    const other: GraphRetry[] = [];
    const [renewed] = await Promise.all([
      reportingGraphRetries((r) => seen.push(r), () => client.update('x', { expirationDateTime: '2030-01-01T00:00:00Z' })),
      // A concurrent call of another caller (answered at once) hears nothing of the first one's retries.
      reportingGraphRetries((r) => other.push(r), async () => {
        await new Promise((r) => setTimeout(r, 200));
        return client.get('x');
      }),
    ]);
    assert.equal(renewed.id, 'x');
    assert.deepEqual(seen.map((r) => [r.status, r.waitSeconds, r.fromRetryAfter, r.retry, r.maxRetries, r.method]), [
      [429, 0.05, true, 1, 3, 'PATCH'],
      [503, 0.02, true, 2, 3, 'PATCH'],
    ]);
    assert.deepEqual(other, []);
    assert.equal(describeGraphRetry(seen[0]), 'Graph answered 429 Too Many Requests: retrying in 0.1 s as it asked (Retry-After) (retry 1 of 3)');
  });
});

test('without Retry-After the client\'s own delay is reported as such', () => {
  assert.equal(
    describeGraphRetry({ status: 503, waitSeconds: 3, fromRetryAfter: false, retry: 2, maxRetries: 3, method: 'POST' }),
    'Graph answered 503 Service Unavailable: retrying in 3.0 s (retry 2 of 3)',
  );
});
