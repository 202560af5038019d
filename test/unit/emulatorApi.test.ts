import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { startEmulator } from '../../src/emulator/index';
import { call, GUID, harness, inMinutes, messageDraft, withHarness } from './emulatorTestKit';

function assertGraphError(json: any, code: string): void {
  assert.equal(json.error.code, code);
  assert.equal(typeof json.error.message, 'string');
  assert.match(json.error.innerError['request-id'], GUID);
  assert.match(json.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.equal(typeof json.error.innerError['client-request-id'], 'string');
}

test('GET /subscriptions without a token answers 401 with Graph\'s error body, echoing client-request-id', async () => {
  await withHarness(async (h) => {
    const res = await call(h.subscriptions, { headers: { 'client-request-id': 'abc-123' } });
    assert.equal(res.status, 401);
    assertGraphError(res.json, 'InvalidAuthenticationToken');
    assert.equal(res.json.error.innerError['client-request-id'], 'abc-123');
    assert.equal(res.headers.get('client-request-id'), 'abc-123');
  });
});

test('tokens that are malformed, signed by another emulator or expired are refused with 401', async () => {
  const h = await harness();
  const other = await startEmulator();
  try {
    const foreign = await other.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] });
    for (const token of ['not-a-jwt', foreign]) {
      const res = await call(h.subscriptions, { token });
      assert.equal(res.status, 401, token.slice(0, 10));
      assertGraphError(res.json, 'InvalidAuthenticationToken');
    }
    h.clock.advanceMinutes(61);
    const expired = await call(h.subscriptions, { token: h.token });
    assert.equal(expired.status, 401);
    assert.match(expired.json.error.message, /expired/);
  } finally {
    await other.close();
    await h.close();
  }
});

test('create answers 201 with Graph\'s subscription shape after validating the endpoint', async () => {
  await withHarness(async (h) => {
    const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h) });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const s = res.json;
    assert.equal(s['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity');
    assert.match(s.id, GUID);
    assert.equal(s.resource, '/me/messages');
    assert.equal(s.changeType, 'created,updated');
    assert.equal(s.clientState, 'secret-client-state-1234');
    assert.equal(s.latestSupportedTlsVersion, 'v1_2');
    assert.match(s.applicationId, GUID);
    assert.match(s.creatorId, GUID);
    assert.equal(s.lifecycleNotificationUrl, null);
    assert.equal(s.encryptionCertificate, null);
    assert.equal(s.expirationDateTime, inMinutes(h.clock, 120).replace('.000Z', '.0000000Z'), 'Graph echoes 7 fractional digits');
    assert.equal(h.receiver.validations.length, 1);
    assert.match(h.receiver.validations[0].contentType, /^text\/plain/);
    assert.equal(h.receiver.validations[0].query.get('tenant'), 'contoso', 'the notificationUrl query string is kept');
  });
});

test('an expirationDateTime under 45 minutes is raised to now + 45 minutes', async () => {
  await withHarness(async (h) => {
    const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { expirationDateTime: inMinutes(h.clock, 5) }) });
    assert.equal(res.status, 201);
    assert.equal(res.json.expirationDateTime, inMinutes(h.clock, 45).replace('.000Z', '.0000000Z'));
  });
});

test('get by id returns clientState; list hides it and shows only the caller\'s subscriptions', async () => {
  await withHarness(async (h) => {
    const created = (await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h) })).json;
    const one = await call(`${h.subscriptions}/${created.id}`, { token: h.token });
    assert.equal(one.status, 200);
    assert.equal(one.json.clientState, 'secret-client-state-1234');
    const list = await call(h.subscriptions, { token: h.token });
    assert.equal(list.status, 200);
    assert.equal(list.json['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#subscriptions');
    assert.deepEqual(list.json.value.map((s: any) => s.id), [created.id]);
    assert.equal(list.json.value[0].clientState, null);

    const otherApp = await h.emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'], appId: '11111111-2222-3333-4444-555555555555' });
    assert.deepEqual((await call(h.subscriptions, { token: otherApp })).json.value, []);
    assert.equal((await call(`${h.subscriptions}/${created.id}`, { token: otherApp })).status, 404);
    const appOnly = await h.emulator.issueToken({ accountKind: 'application', permissions: ['Mail.Read'] });
    assert.equal((await call(h.subscriptions, { token: appOnly })).json.value.length, 1, 'app-only sees the app\'s subscriptions for any user');
  });
});

test('list pages with @odata.nextLink and $skiptoken', async () => {
  await withHarness(async (h) => {
    const resources = ['/me/messages', '/me/events', '/me/contacts', '/users/ab/messages', '/users/cd/messages'];
    const token = await h.emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read', 'Calendars.Read', 'Contacts.Read'] });
    for (const resource of resources) {
      const r = await call(h.subscriptions, { method: 'POST', token, body: messageDraft(h, { resource }) });
      assert.equal(r.status, 201, JSON.stringify(r.json));
    }
    const seen: string[] = [];
    let next: string | undefined = h.subscriptions;
    let pages = 0;
    while (next) {
      const page = await call(next, { token });
      assert.equal(page.status, 200);
      assert.ok(page.json.value.length <= 2);
      seen.push(...page.json.value.map((s: any) => s.resource));
      next = page.json['@odata.nextLink'];
      if (next) assert.match(next, /\/v1\.0\/subscriptions\?\$skiptoken=/);
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, resources);
  }, { pageSize: 2 });
});

test('PATCH renews and returns the full subscription; bad PATCHes get 400 and unknown ids 404', async () => {
  await withHarness(async (h) => {
    const created = (await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h) })).json;
    const url = `${h.subscriptions}/${created.id}`;
    const renewed = await call(url, { method: 'PATCH', token: h.token, body: { expirationDateTime: inMinutes(h.clock, 600) } });
    assert.equal(renewed.status, 200);
    assert.equal(renewed.json.expirationDateTime, inMinutes(h.clock, 600).replace('.000Z', '.0000000Z'));
    assert.equal(renewed.json.resource, '/me/messages');
    assert.equal(renewed.json.clientState, 'secret-client-state-1234');

    const empty = await call(url, { method: 'PATCH', token: h.token, body: { clientState: 'x' } });
    assert.equal(empty.status, 400);
    const lifecycle = await call(url, {
      method: 'PATCH', token: h.token, body: { expirationDateTime: inMinutes(h.clock, 600), lifecycleNotificationUrl: h.receiver.url('/lifecycle') },
    });
    assert.equal(lifecycle.status, 400);
    assert.match(lifecycle.json.error.message, /lifecycleNotificationUrl/);
    const missing = await call(`${h.subscriptions}/00000000-0000-0000-0000-000000000000`, { method: 'PATCH', token: h.token, body: { expirationDateTime: inMinutes(h.clock, 600) } });
    assert.equal(missing.status, 404);
  });
});

test('DELETE answers 204 and the subscription is gone; reauthorize answers 204 without renewing', async () => {
  await withHarness(async (h) => {
    const created = (await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h) })).json;
    const url = `${h.subscriptions}/${created.id}`;
    const reauth = await call(`${url}/reauthorize`, { method: 'POST', token: h.token });
    assert.equal(reauth.status, 204);
    assert.equal((await call(url, { token: h.token })).json.expirationDateTime, created.expirationDateTime);
    assert.equal((await call(url, { method: 'DELETE', token: h.token })).status, 204);
    const gone = await call(url, { token: h.token });
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error.code, 'ResourceNotFound');
    assert.equal((await call(url, { method: 'DELETE', token: h.token })).status, 404);
    assert.equal((await call(`${url}/reauthorize`, { method: 'POST', token: h.token })).status, 404);
  });
});

test('a second subscription for the same resource and changeType gets 409 naming the existing id', async () => {
  await withHarness(async (h) => {
    const first = (await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h) })).json;
    const dup = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { changeType: 'updated,created' }) });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.error.message, `Subscription Id ${first.id} already exists for the requested combination`);
  });
});

test('https is required: public http is refused; loopback http only outside strict mode', async () => {
  const h = await harness();
  const strict = await harness({ strictHttps: true });
  try {
    const publicHttp = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { notificationUrl: 'http://example.com/hook' }) });
    assert.equal(publicHttp.status, 400);
    assert.equal(publicHttp.json.error.code, 'InvalidRequest');
    assert.match(publicHttp.json.error.message, /scheme='http' is not supported/);
    const loopback = await call(strict.subscriptions, { method: 'POST', token: strict.token, body: messageDraft(strict) });
    assert.equal(loopback.status, 400);
    assert.match(loopback.json.error.message, /scheme='http' is not supported/);
    assert.equal(strict.receiver.validations.length, 0, 'no handshake for a refused URL');
  } finally {
    await strict.close();
    await h.close();
  }
});

test('a draft missing a required property gets 400 InvalidRequest naming it', async () => {
  await withHarness(async (h) => {
    const draft = messageDraft(h);
    delete draft.expirationDateTime;
    const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: draft });
    assert.equal(res.status, 400);
    assert.match(res.json.error.message, /expirationDateTime/);
    const notJson = await fetch(h.subscriptions, { method: 'POST', headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': 'application/json' }, body: '{oops' });
    assert.equal(notJson.status, 400);
  });
});

test('subscriptions disappear after expirationDateTime', async () => {
  await withHarness(async (h) => {
    const created = (await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { expirationDateTime: inMinutes(h.clock, 50) }) })).json;
    h.clock.advanceMinutes(30);
    const token = await h.emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] });
    assert.equal((await call(`${h.subscriptions}/${created.id}`, { token })).status, 200);
    h.clock.advanceMinutes(21);
    assert.equal((await call(`${h.subscriptions}/${created.id}`, { token })).status, 404);
    assert.deepEqual((await call(h.subscriptions, { token })).json.value, []);
    await assert.rejects(h.emulator.simulateChange(created.id), /does not exist or has expired/);
  });
});

test('injected 429 faults answer with Retry-After and Graph\'s throttling body, then clear', async () => {
  await withHarness(async (h) => {
    const throttled = await call(h.subscriptions, { token: h.token });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '2.128');
    assert.equal(throttled.json.error.code, 'TooManyRequests');
    assert.equal((await call(h.subscriptions, { token: h.token })).status, 200);
    const viaHttp = await call(`${h.emulator.baseUrl}/_emulator/faults`, { method: 'POST', body: { status: 503, retryAfterSeconds: 1, count: 2 } });
    assert.equal(viaHttp.status, 204);
    assert.equal((await call(h.subscriptions, { token: h.token })).status, 503);
    assert.equal((await call(h.subscriptions, { token: h.token })).status, 503);
    assert.equal((await call(h.subscriptions, { token: h.token })).status, 200);
  }, { faults: [{ status: 429, retryAfterSeconds: 2.128, method: 'GET' }] });
});

test('the /_emulator endpoints refuse web pages (foreign Origin) and non-loopback Host headers', async () => {
  await withHarness(async (h) => {
    const fromPage = await call(`${h.emulator.baseUrl}/_emulator/token`, { method: 'POST', body: {}, headers: { Origin: 'https://evil.example' } });
    assert.equal(fromPage.status, 403);
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${h.emulator.baseUrl}/_emulator/deliveries`, { headers: { Host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(rebound, 403);
    const local = await call(`${h.emulator.baseUrl}/_emulator/token`, { method: 'POST', body: {}, headers: { Origin: 'http://localhost:3000' } });
    assert.equal(local.status, 200);
  });
});

test('a draft nested 10,000 levels deep gets 400 naming the nesting, not a 500', async () => {
  await withHarness(async (h) => {
    const draft = JSON.stringify(messageDraft(h));
    const deep = `${draft.slice(0, -1)},"extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const res = await fetch(h.subscriptions, { method: 'POST', headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': 'application/json' }, body: deep });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /nested deeper than \d+ levels/);
  });
});
