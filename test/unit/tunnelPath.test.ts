// Issue 19 item 10: the tunnel path ends in next steps, not in raw errors. The pure parts: ngrok's
// native messages explained (offline, refused authtoken), every tunnel failure mapped to a warning
// with buttons, one prompt for a burst of settings changes, and a failed check of the public URL
// explained (ENOTFOUND, refused, an untrusted certificate).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { CommandId } from '../../src/constants';
import { runHandshake } from '../../src/handshake/handshakeClient';
import { certificatePem, generateCertificate } from '../../src/notifications/certificates';
import { explainNgrokFailure } from '../../src/tunnel/ngrokFailure';
import { startNgrokTunnel, type NgrokModule } from '../../src/tunnel/ngrokTunnel';
import { explainTunnelCheck } from '../../src/tunnel/tunnelCheck';
import { openTunnel } from '../../src/tunnel/tunnelModes';
import { tunnelFailure } from '../../src/tunnel/tunnelNextSteps';
import { ChangeBatcher, type BatcherTimers } from '../../src/util/changeBatcher';
import type { UserFacingError } from '../../src/util/errors';

/** What @ngrok/ngrok 1.x throws on a machine without internet (seen here, offline). */
const OFFLINE_MESSAGE = 'failed to connect session: failed to establish tcp connection';

const failingNgrok = (message: string): NgrokModule => ({ forward: () => Promise.reject(Object.assign(new Error(message), { code: 'GenericFailure' })) });

test('ngrok offline: a plain explanation (no "tcp connection"), reason offline, never the authtoken', async () => {
  const error = await startNgrokTunnel({ port: 1, authtoken: 'tok-secret-123456', loadModule: () => failingNgrok(OFFLINE_MESSAGE) }).then(
    () => assert.fail('started'),
    (e: unknown) => e as Error & { reason: string },
  );
  assert.equal(error.reason, 'offline');
  assert.doesNotMatch(error.message, /tcp connection|failed to connect session/);
  assert.match(error.message, /could not reach its servers.*offline/);
  assert.doesNotMatch(error.message, /tok-secret/);
});

test('ngrok failures, table: offline, refused authtoken, session limit, anything else', () => {
  const table: [string, string, RegExp][] = [
    [OFFLINE_MESSAGE, 'offline', /offline/],
    ['failed to connect session: dns error: failed to lookup address information', 'offline', /offline/],
    ['authentication failed: The authtoken you specified does not look like a proper ngrok tunnel authtoken.\n\nERR_NGROK_105', 'authRejected', /refused the authtoken/],
    ['Your account is limited to 1 simultaneous ngrok agent sessions. ERR_NGROK_108', 'other', /one agent at a time/],
    ['something new', 'other', /^ngrok did not start \(something new\)\.$/],
  ];
  for (const [raw, kind, message] of table) {
    const f = explainNgrokFailure(raw);
    assert.equal(f.kind, kind, raw);
    assert.match(f.message, message, raw);
  }
});

function steps(e: UserFacingError | undefined): string[] {
  return (e?.nextSteps ?? []).map((s) => s.title);
}

test('tunnel failures become warnings with next steps (Retry, Use a Custom URL, Open Settings, Enter URL…)', async () => {
  const offline = await startNgrokTunnel({ port: 1, authtoken: 'tok-123456789', loadModule: () => failingNgrok(OFFLINE_MESSAGE) }).catch((e: unknown) => e);
  const offlineError = tunnelFailure(offline, { remote: false });
  assert.equal(offlineError?.severity, 'warning');
  assert.deepEqual(steps(offlineError), ['Retry', 'Use a Custom URL', 'Open Settings']);
  assert.equal(offlineError?.nextSteps[0].command, CommandId.startTunnel);
  assert.deepEqual(steps(tunnelFailure(offline, { remote: true })), ['Retry', 'Use a Custom URL', 'Open Settings'], 'three buttons at most (a toast cuts more)');

  const empty = await openTunnel({ mode: 'customUrl', customPublicUrl: '' }, 1).catch((e: unknown) => e);
  const emptyError = tunnelFailure(empty, { remote: false });
  assert.equal(emptyError?.severity, 'warning');
  assert.match(emptyError?.message ?? '', /no custom public URL is set/);
  assert.deepEqual(steps(emptyError), ['Enter URL…', 'Open Settings']);
  assert.deepEqual(emptyError?.nextSteps[1].args, ['graphSubscriptions.tunnel.customPublicUrl'], 'Settings opens on the setting');
  assert.deepEqual(emptyError?.nextSteps[0].args, [{ mode: 'customUrl' }]);

  const http = await openTunnel({ mode: 'customUrl', customPublicUrl: 'http://plain.example.com' }, 1).catch((e: unknown) => e);
  assert.deepEqual(steps(tunnelFailure(http, { remote: false })), ['Enter URL…', 'Open Settings']);

  const noToken = await openTunnel({ mode: 'ngrok' }, 1).catch((e: unknown) => e);
  const noTokenError = tunnelFailure(noToken, { remote: false });
  assert.equal(noTokenError?.severity, 'warning');
  assert.deepEqual(steps(noTokenError), ['Set ngrok Authtoken…', 'Use a Custom URL']);

  assert.equal(tunnelFailure(new TypeError('a bug'), { remote: false }), undefined, 'a bug stays an error');
});

function manualTimers(): BatcherTimers & { fire(): void; pending(): number } {
  let queued: (() => void) | undefined;
  return {
    setTimeout: (run) => ((queued = run), 1),
    clearTimeout: () => (queued = undefined),
    fire: () => { const run = queued; queued = undefined; run?.(); },
    pending: () => (queued ? 1 : 0),
  };
}

test('settings changes in a burst: one prompt naming them all; changes while it is open add none', async () => {
  const timers = manualTimers();
  const prompts: string[][] = [];
  let answer: () => void = () => undefined;
  const batcher = new ChangeBatcher<string>(800, (changes) => { prompts.push(changes); return new Promise<void>((r) => (answer = r)); }, timers);
  batcher.add('tunnel.mode');
  batcher.add('tunnel.customPublicUrl');
  batcher.add('tunnel.mode');
  batcher.add('receiver.port');
  assert.equal(prompts.length, 0, 'nothing before the quiet time');
  timers.fire();
  assert.deepEqual(prompts, [['tunnel.mode', 'tunnel.customPublicUrl', 'receiver.port']]);
  batcher.add('tunnel.ngrokDomain');
  assert.equal(timers.pending(), 0, 'the open prompt covers it');
  answer();
  await new Promise((r) => setImmediate(r));
  batcher.add('tunnel.mode');
  timers.fire();
  assert.equal(prompts.length, 2, 'a later change prompts again');
  batcher.dispose();
});

test('a failed check of the public URL says why: ENOTFOUND, refused, untrusted certificate', async () => {
  const refused = await runHandshake('https://127.0.0.1:1/notifications', { timeoutMs: 2000 });
  assert.match(explainTunnelCheck(refused, 'https://127.0.0.1:1/notifications', 'customUrl'), /refused the connection \(ECONNREFUSED\): nothing listens there\. Is your tunnel or reverse proxy running/);
  const notFound = { ok: false, failedRule: 'reachable' as const, message: 'Could not reach https://my-tunnel.example.com: ENOTFOUND', error: 'ENOTFOUND', durationMs: 3 };
  assert.match(explainTunnelCheck(notFound, 'https://my-tunnel.example.com/notifications', 'customUrl'), /^my-tunnel\.example\.com does not resolve \(ENOTFOUND\).*typo/);

  const material = await generateCertificate({ commonName: '127.0.0.1', altNames: [{ type: 'ip', value: '127.0.0.1' }] });
  const server = https.createServer({ key: material.privateKeyPem, cert: certificatePem(material.encryptionCertificate) }, (_q, s) => s.end('x'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/notifications`;
    const selfSigned = await runHandshake(url, { timeoutMs: 5000 });
    assert.equal(selfSigned.ok, false);
    assert.match(explainTunnelCheck(selfSigned, url, 'customUrl'), /certificate Graph would not trust/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
  const wrongApp = { ok: false, failedRule: 'status200' as const, message: 'Status 502; Graph requires 200 OK', status: 502, durationMs: 4 };
  assert.match(explainTunnelCheck(wrongApp, 'https://t.example.com/notifications', 'customUrl'), /answered, but not as Graph requires: Status 502.*forward to this receiver's port/);
});
