/**
 * The emulator on the wire, byte for byte where Graph's form matters: the handshake's query
 * encoding, response headers, date formats, and hostile request targets that must get Graph's
 * 400 error body instead of a crash or a hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { call, inMinutes, messageDraft, withEmulator, withHarness, GUID } from './emulatorTestKit';

/** Sends one raw HTTP/1.1 request (any target, even ones `fetch` refuses) and reads the answer. */
function rawRequest(baseUrl: string, method: string, target: string, body = '', headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const port = Number(new URL(baseUrl).port);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${method} ${target} within 5 s (the emulator hung)`));
    }, 5000);
    socket.on('data', (c) => {
      data += c.toString('utf8');
    });
    // Connection: close — the answer is complete when the server ends the connection.
    socket.on('end', () => {
      clearTimeout(timer);
      const head = data.indexOf('\r\n\r\n');
      let text = data.slice(head + 4);
      if (/transfer-encoding: chunked/i.test(data.slice(0, head))) text = text.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n\r\n$/, '');
      resolve({ status: Number(data.split(' ')[1]), text });
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.write(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: ${Buffer.byteLength(body)}${extra ? `\r\n${extra.slice(0, -2)}` : ''}\r\nConnection: close\r\n\r\n${body}`);
  });
}

test("the handshake goes out in Graph's form-encoded wire form (lowercase %3a, '+' for spaces)", async () => {
  await withHarness(async (h) => {
    assert.equal((await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h) })).status, 201);
    const target = h.receiver.validations[0].target;
    assert.match(
      target,
      /[?&]validationToken=Validation%3a\+Testing\+client\+application\+reachability\+for\+subscription\+Request-Id%3a\+[0-9a-f-]{36}$/,
      target,
    );
    assert.match(target, /^\/notifications\?tenant=contoso&validationToken=/, 'the URL keeps its own query string');
  });
});

test('malformed request targets and percent-escapes get Graph 400 error bodies, and the emulator keeps serving', async () => {
  await withHarness(async (h) => {
    const base = h.emulator.baseUrl;
    for (const target of ['//', '///', '//a%', '//:99999/x', '/v1.0/subscriptions/%', '/v1.0/subscriptions/%E0%A4%A', '/%zz']) {
      const res = await rawRequest(base, 'GET', target, '', { Authorization: `Bearer ${h.token}` });
      assert.equal(res.status, 400, `${target}: ${res.text}`);
      const body = JSON.parse(res.text);
      assert.equal(body.error.code, 'BadRequest', target);
      assert.match(body.error.innerError['request-id'], GUID, target);
    }
    const bad = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { notificationUrl: `${h.receiver.url('/n')}?x=%E0%A4%A` }) });
    assert.equal(bad.status, 400, JSON.stringify(bad.json));
    assert.ok(bad.json.error.message.length > 0);
    assert.equal((await call(h.subscriptions, { token: h.token })).status, 200, 'still serving');
  });
});

test('a fault with an impossible status is refused with 400, and the next request is served', async () => {
  await withEmulator(async (emulator) => {
    for (const status of [0, 99, 600, 1.5]) {
      const res = await call(`${emulator.baseUrl}/_emulator/faults`, { method: 'POST', body: { status } });
      assert.equal(res.status, 400, `status ${status}`);
      assert.match(res.json.error.message, /status/);
    }
    const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] });
    assert.equal((await call(`${emulator.graphBaseUrl}/subscriptions`, { token })).status, 200);
  });
});

test('JSON responses carry OData-Version: 4.0; an injected 429 always carries Retry-After', async () => {
  await withEmulator(async (emulator) => {
    const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] });
    const list = await call(`${emulator.graphBaseUrl}/subscriptions`, { token });
    assert.equal(list.headers.get('odata-version'), '4.0');
    emulator.injectFault({ status: 429 });
    const throttled = await call(`${emulator.graphBaseUrl}/subscriptions`, { token });
    assert.equal(throttled.status, 429);
    assert.match(throttled.headers.get('retry-after') ?? '', /^\d+$/, 'Retry-After in whole seconds');
    assert.equal(throttled.headers.get('odata-version'), '4.0');
    assert.equal(throttled.json.error.code, 'TooManyRequests');
  });
});

test('expirationDateTime comes back with 7 fractional digits, as in Graph\'s examples', async () => {
  await withHarness(async (h) => {
    const created = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { expirationDateTime: inMinutes(h.clock, 120) }) });
    assert.equal(created.status, 201);
    assert.match(created.json.expirationDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    assert.equal(Date.parse(created.json.expirationDateTime), Date.parse(inMinutes(h.clock, 120)));
    const precise = '2026-11-23T11:30:00.9356913Z';
    const patched = await call(`${h.subscriptions}/${created.json.id}`, { method: 'PATCH', token: h.token, body: { expirationDateTime: precise } });
    assert.equal(patched.status, 200);
    assert.equal(patched.json.expirationDateTime, precise, 'sub-millisecond digits are echoed');
    const listed = await call(h.subscriptions, { token: h.token });
    assert.equal(listed.json.value[0].expirationDateTime, precise);
    await h.emulator.simulateChange(created.json.id);
    assert.equal((h.receiver.notifications[0].json as any).value[0].subscriptionExpirationDateTime, precise);
  });
});

test('GET /subscriptions refuses OData query options as Graph does ("does not support the OData query parameters"); paging by nextLink works', async () => {
  await withHarness(async (h) => {
    for (const [query, name] of [['$top=1', 'Top'], ['$select=id', 'Select'], ['$count=true', 'Count'], ['$filter=resource%20eq%20%27me%2Fmessages%27', 'Filter'], ['$orderby=id', 'OrderBy']]) {
      const res = await call(`${h.subscriptions}?${query}`, { token: h.token });
      assert.equal(res.status, 400, query);
      assert.equal(res.json.error.code, 'BadRequest');
      assert.equal(res.json.error.message, `The query specified in the URI is not valid. Query option '${name}' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.`);
    }
    assert.equal((await call(`${h.subscriptions}?foo=bar`, { token: h.token })).status, 200, 'a parameter without $ is not an OData option');
  });
  await withHarness(async (h) => {
    for (const changeType of ['created', 'updated', 'deleted']) {
      assert.equal((await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { changeType }) })).status, 201);
    }
    const first = await call(h.subscriptions, { token: h.token });
    assert.equal(first.json.value.length, 2);
    const second = await call(first.json['@odata.nextLink'], { token: h.token });
    assert.equal(second.status, 200);
    assert.equal(second.json.value.length, 1);
  }, { pageSize: 2 });
});
