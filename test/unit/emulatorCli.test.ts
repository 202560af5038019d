import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../src/emulator/cli';
import { startEmulator } from '../../src/emulator/index';
import { startReceiverStub } from '../fixtures/receiverStub';
import { decodeJwt } from 'jose';
import { createTestCertificate } from '../fixtures/certificates';
import { call } from './emulatorTestKit';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

test('the standalone command starts, prints its URLs, and GET /v1.0/subscriptions without a token answers 401', async () => {
  // out/src/emulator/cli.js is the same source esbuild bundles into dist/emulator-cli.js.
  const cli = path.join(__dirname, '..', '..', 'src', 'emulator', 'cli.js');
  const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && out.includes('Get a token')) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const res = await call(`${baseUrl}/v1.0/subscriptions`);
    assert.equal(res.status, 401);
    assert.equal(res.json.error.code, 'InvalidAuthenticationToken');
    assert.ok(res.json.error.innerError['request-id']);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

test('`token`, `simulate` and `lifecycle` verbs drive a running emulator', async () => {
  const receiver = await startReceiverStub();
  const emulator = await startEmulator();
  try {
    const io = captureIo();
    assert.equal((await runCli(['token', '--url', emulator.baseUrl, '--permissions', 'Mail.Read'], io)).code, 0);
    const token = io.stdout[0];
    const created = await call(`${emulator.graphBaseUrl}/subscriptions`, {
      method: 'POST',
      token,
      body: {
        changeType: 'created,updated',
        notificationUrl: receiver.url(),
        lifecycleNotificationUrl: receiver.url('/lifecycle'),
        resource: '/me/messages',
        expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));

    const sim = captureIo();
    const code = (await runCli(['simulate', '--subscription', created.json.id, '--change-type', 'updated', '--count', '4', '--url', emulator.baseUrl], sim)).code;
    assert.equal(code, 0, sim.stderr.join('\n'));
    assert.match(sim.stdout[0], /^4\/4 notification\(s\) delivered/);
    assert.equal(receiver.notifications.length, 1);
    assert.equal((receiver.notifications[0].json as any).value.length, 4);

    const life = captureIo();
    assert.equal((await runCli(['lifecycle', '--subscription', created.json.id, '--event', 'reauthorizationRequired', '--url', emulator.baseUrl], life)).code, 0);
    assert.equal(receiver.notifications[1].path, '/lifecycle');

    const wrong = captureIo();
    assert.equal((await runCli(['simulate', '--subscription', 'nope', '--url', emulator.baseUrl], wrong)).code, 1);
    assert.match(wrong.stderr[0], /404/);
  } finally {
    await emulator.close();
    await receiver.close();
  }
});

test('usage errors exit 2 with the usage text; an unreachable emulator is explained', async () => {
  const io = captureIo();
  assert.equal((await runCli(['simulate'], io)).code, 2);
  assert.match(io.stderr[0], /--subscription/);
  const bad = captureIo();
  assert.equal((await runCli(['--port', 'abc'], bad)).code, 2);
  const down = captureIo();
  assert.equal((await runCli(['simulate', '--subscription', 'x', '--url', 'http://127.0.0.1:1'], down)).code, 1);
  assert.match(down.stderr[0], /Cannot reach the emulator/);
});

test('`token` and `simulate` show v1.0 tokens by default and v2.0 with --token-version 2', async () => {
  const receiver = await startReceiverStub();
  const emulator = await startEmulator();
  const cert = await createTestCertificate();
  try {
    const v1 = captureIo();
    assert.equal((await runCli(['token', '--url', emulator.baseUrl, '--permissions', 'Mail.Read'], v1)).code, 0);
    assert.equal(decodeJwt(v1.stdout[0]).ver, '1.0');
    assert.equal(decodeJwt(v1.stdout[0]).iss, `https://sts.windows.net/${emulator.tenantId}/`);
    const v2 = captureIo();
    assert.equal((await runCli(['token', '--url', emulator.baseUrl, '--permissions', 'Mail.Read', '--token-version', '2'], v2)).code, 0);
    assert.equal(decodeJwt(v2.stdout[0]).ver, '2.0');
    assert.equal(decodeJwt(v2.stdout[0]).iss, `https://login.microsoftonline.com/${emulator.tenantId}/v2.0`);
    const bad = captureIo();
    assert.equal((await runCli(['token', '--url', emulator.baseUrl, '--token-version', '3'], bad)).code, 2);
    assert.match(bad.stderr[0], /--token-version must be 1 or 2/);

    const created = await call(`${emulator.graphBaseUrl}/subscriptions`, {
      method: 'POST',
      token: v2.stdout[0],
      body: {
        changeType: 'created',
        notificationUrl: receiver.url(),
        resource: '/me/messages?$select=subject',
        includeResourceData: true,
        encryptionCertificate: cert.certificateBase64,
        encryptionCertificateId: 'c1',
        expirationDateTime: new Date(Date.now() + 3_000_000).toISOString(),
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.equal((await runCli(['simulate', '--subscription', created.json.id, '--url', emulator.baseUrl], captureIo())).code, 0);
    assert.equal((await runCli(['simulate', '--subscription', created.json.id, '--token-version', '2', '--url', emulator.baseUrl], captureIo())).code, 0);
    const [first, second] = receiver.notifications.map((n) => decodeJwt((n.json as any).validationTokens[0]));
    assert.equal(first.ver, '1.0');
    assert.equal(first.iss, `https://sts.windows.net/${emulator.tenantId}/`);
    assert.equal(second.ver, '2.0');
  } finally {
    await emulator.close();
    await receiver.close();
  }
});

test('`lifecycle` refuses an event Graph never sends for the resource, naming the ones it does', async () => {
  const receiver = await startReceiverStub();
  const emulator = await startEmulator();
  try {
    const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Chat.Read'] });
    const created = await call(`${emulator.graphBaseUrl}/subscriptions`, {
      method: 'POST',
      token,
      body: {
        changeType: 'created',
        notificationUrl: receiver.url(),
        lifecycleNotificationUrl: receiver.url('/lifecycle'),
        resource: '/chats/19:abc@thread.v2/messages',
        expirationDateTime: new Date(Date.now() + 50 * 60_000).toISOString(),
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const missed = captureIo();
    assert.equal((await runCli(['lifecycle', '--subscription', created.json.id, '--event', 'missed', '--url', emulator.baseUrl], missed)).code, 1);
    assert.match(missed.stderr[0], /does not send 'missed'.*reauthorizationRequired, subscriptionRemoved/);
    assert.equal(receiver.notifications.length, 0, 'nothing was delivered');
    const removed = captureIo();
    assert.equal((await runCli(['lifecycle', '--subscription', created.json.id, '--event', 'subscriptionRemoved', '--url', emulator.baseUrl], removed)).code, 0, removed.stderr.join('\n'));
    assert.equal((receiver.notifications[0].json as any).value[0].lifecycleEvent, 'subscriptionRemoved');
  } finally {
    await emulator.close();
    await receiver.close();
  }
});

test('serve --event-hubs-port / --event-grid-endpoint host the Event Hubs endpoint and set the Event Grid handler, printed in the banner', async () => {
  const io = captureIo();
  const started = await runCli(['--port', '0', '--event-hubs-port', '0', '--event-hubs-partitions', '3', '--event-grid-endpoint', 'http://127.0.0.1:9/grid'], io);
  try {
    assert.equal(started.code, 0, io.stderr.join('\n'));
    const hubs = started.emulator!.channels?.eventHubs;
    assert.ok(hubs && hubs.port > 0, 'the AMQP endpoint listens');
    assert.equal(hubs.hub('graph').partitions.length, 3);
    const banner = io.stdout.join('\n');
    assert.match(banner, /Event Hubs: +Endpoint=sb:\/\/127\.0\.0\.1:\d+;SharedAccessKeyName=[^;]+;SharedAccessKey=[^;]+;UseDevelopmentEmulator=true/);
    assert.match(banner, /Event Grid: +EventGrid: subscriptions deliver CloudEvents to http:\/\/127\.0\.0\.1:9\/grid/);
    assert.equal(started.emulator!.channels?.eventGridEndpoint, 'http://127.0.0.1:9/grid');
  } finally {
    await started.emulator?.close();
  }
  for (const [args, message] of [
    [['--event-hubs-port', 'x'], /--event-hubs-port must be 0–65535/],
    [['--event-hubs-partitions', '2'], /needs --event-hubs-port/],
    [['--event-hubs-port', '0', '--event-hubs-partitions', '0'], /must be 1–32/],
    [['--event-grid-endpoint', 'ftp://x'], /must be an http\(s\) URL/],
  ] as const) {
    const bad = captureIo();
    assert.equal((await runCli(['--port', '0', ...args], bad)).code, 2, args.join(' '));
    assert.match(bad.stderr.join('\n'), message);
  }
  // Without the flags, no Event Hubs endpoint is started (nothing listens for EventHub: subscriptions).
  const plain = await runCli(['--port', '0'], captureIo());
  try {
    assert.equal(plain.emulator!.channels?.eventHubs, undefined);
  } finally {
    await plain.emulator?.close();
  }
});
