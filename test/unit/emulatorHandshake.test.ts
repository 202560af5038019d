import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HandshakeMode } from '../fixtures/receiverStub';
import { call, harness, messageDraft, withHarness } from './emulatorTestKit';

const failures: { mode: HandshakeMode; message: string }[] = [
  { mode: 'encoded', message: 'Subscription validation request failed. Response must exactly match validationToken query parameter.' },
  { mode: 'json', message: "Subscription validation request failed. Notification endpoint must respond with Content-Type 'text/plain' to validation request." },
  {
    mode: 'status500',
    message: "Subscription validation request failed. HTTP status code is 'InternalServerError'. Notification endpoint must respond with 200 OK to validation request.",
  },
  {
    mode: 'status403',
    message: "Subscription validation request failed. HTTP status code is 'Forbidden'. Notification endpoint must respond with 200 OK to validation request.",
  },
  { mode: 'slow', message: 'Subscription validation request timed out.' },
];

for (const { mode, message } of failures) {
  test(`a receiver answering the validation request wrongly (${mode}) fails create with 400 ValidationError`, async () => {
    const h = await harness(mode === 'slow' ? { handshakeTimeoutMs: 300 } : {}, { handshake: mode, slowMs: 5000 });
    try {
      const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h) });
      assert.equal(res.status, 400);
      assert.equal(res.json.error.code, 'ValidationError');
      assert.equal(res.json.error.message, message);
      assert.deepEqual((await call(h.subscriptions, { token: h.token })).json.value, [], 'nothing was created');
      const log = h.emulator.deliveryLog().filter((a) => a.kind === 'validation');
      assert.equal(log.length, 1);
      assert.equal(log[0].ok, false);
    } finally {
      await h.close();
    }
  });
}

test('an unreachable notification URL fails create with 400 ValidationError', async () => {
  const h = await harness();
  try {
    const port = new URL(h.receiver.baseUrl).port;
    await h.receiver.close();
    const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { notificationUrl: `http://127.0.0.1:${port}/gone` }) });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.code, 'ValidationError');
  } finally {
    await h.emulator.close();
  }
});

test('the token is sent URL-encoded and must be echoed decoded; it is opaque (spaces, colon)', async () => {
  await withHarness(async (h) => {
    assert.equal((await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h) })).status, 201);
    const v = h.receiver.validations[0];
    assert.equal(v.body, '');
    const decoded = v.query.get('validationToken') ?? '';
    assert.match(decoded, /[ :]/, 'the token needs decoding to be echoed');
  });
});

test('lifecycleNotificationUrl is validated too; the same URL gets two validation requests', async () => {
  await withHarness(async (h) => {
    const url = h.receiver.url('/both');
    const res = await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h, { notificationUrl: url, lifecycleNotificationUrl: url }) });
    assert.equal(res.status, 201);
    assert.equal(h.receiver.validations.length, 2);
    assert.equal(res.json.lifecycleNotificationUrl, url);
  });
});

test('a failing lifecycleNotificationUrl fails create even when notificationUrl validates', async () => {
  await withHarness(async (h) => {
    const res = await call(h.subscriptions, {
      method: 'POST', token: h.token, body: messageDraft(h, { lifecycleNotificationUrl: 'http://127.0.0.1:1/lifecycle' }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.code, 'ValidationError');
  });
});

test('PATCH of notificationUrl re-runs the handshake; on failure the subscription keeps its URL', async () => {
  await withHarness(async (h) => {
    const created = (await call(h.subscriptions, { method: 'POST', token: h.token, body: messageDraft(h) })).json;
    const url = `${h.subscriptions}/${created.id}`;
    h.receiver.options.handshake = 'encoded';
    const bad = await call(url, { method: 'PATCH', token: h.token, body: { notificationUrl: h.receiver.url('/new') } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'ValidationError');
    assert.equal((await call(url, { token: h.token })).json.notificationUrl, created.notificationUrl);
    h.receiver.options.handshake = 'echo';
    const good = await call(url, { method: 'PATCH', token: h.token, body: { notificationUrl: h.receiver.url('/new') } });
    assert.equal(good.status, 200);
    assert.equal(good.json.notificationUrl, h.receiver.url('/new'));
    assert.equal(h.receiver.validations.length, 3);
    const renewOnly = await call(url, { method: 'PATCH', token: h.token, body: { expirationDateTime: created.expirationDateTime } });
    assert.equal(renewOnly.status, 200);
    assert.equal(h.receiver.validations.length, 3, 'renewal alone does not re-validate');
  });
});
