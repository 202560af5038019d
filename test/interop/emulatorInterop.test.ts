/**
 * Interop tier: the emulator, run as the standalone command and driven over HTTP only, against two
 * receivers written from the docs (test/interop/*Receiver.ts, nothing imported from src/): the
 * handshakes on both URLs, basic, rich (Outlook and Teams) and lifecycle deliveries must pass both.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { createTestCertificate, type TestCertificate } from '../fixtures/certificates';
import { startDotnetStyleReceiver } from './dotnetStyleReceiver';
import { startNodeSampleReceiver, type ReceivedItem, type TestReceiver } from './nodeSampleReceiver';

const CLIENT_STATE = 'interop-client-state-0123456789';

interface RunningEmulator {
  baseUrl: string;
  tenantId: string;
  process: ChildProcess;
}

/** Starts `graph-subscriptions-emulator --port 0` (the compiled CLI) and reads its banner. */
async function startEmulatorProcess(extra: string[] = []): Promise<RunningEmulator> {
  const cli = path.join(__dirname, '..', '..', 'src', 'emulator', 'cli.js');
  const child = spawn(process.execPath, [cli, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  const banner = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Press Ctrl+C')) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
  });
  return {
    baseUrl: /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1],
    tenantId: /Tenant:\s+(\S+)/.exec(banner)![1],
    process: child,
  };
}

async function stop(emulator: RunningEmulator): Promise<void> {
  const exited = new Promise((r) => emulator.process.once('exit', r));
  emulator.process.kill('SIGTERM');
  await exited;
}

async function json(url: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}), ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

type Kind = 'node-sample' | 'dotnet-style';

async function scenario(kind: Kind, emulator: RunningEmulator, cert: TestCertificate): Promise<void> {
  // Each scenario is its own app, so its subscriptions are not duplicates of another's.
  const APP_ID = crypto.randomUUID();
  const receiver: TestReceiver =
    kind === 'node-sample'
      ? await startNodeSampleReceiver({ appId: APP_ID, tenantId: emulator.tenantId, clientState: CLIENT_STATE, privateKeyPem: cert.privateKeyPem, jwksUri: `${emulator.baseUrl}/common/discovery/v2.0/keys` })
      : await startDotnetStyleReceiver({ appIds: [APP_ID], tenantId: emulator.tenantId, clientState: CLIENT_STATE, privateKeyPem: cert.privateKeyPem, openIdConfigurationUrl: `${emulator.baseUrl}/${emulator.tenantId}/v2.0/.well-known/openid-configuration` });
  try {
    const token = (await json(`${emulator.baseUrl}/_emulator/token`, { method: 'POST', body: { accountKind: 'application', appId: APP_ID, permissions: ['Mail.Read', 'Chat.Read.All'] } })).body.access_token as string;
    const create = async (resource: string, extra: Record<string, unknown> = {}) => {
      const res = await json(`${emulator.baseUrl}/v1.0/subscriptions`, {
        method: 'POST',
        token,
        body: {
          changeType: 'created,updated',
          notificationUrl: receiver.notificationUrl,
          lifecycleNotificationUrl: receiver.lifecycleUrl,
          resource,
          expirationDateTime: new Date(Date.now() + 50 * 60_000).toISOString(),
          clientState: CLIENT_STATE,
          ...extra,
        },
      });
      assert.equal(res.status, 201, `${kind}: create ${resource}: ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    const rich = { includeResourceData: true, encryptionCertificate: cert.certificateBase64, encryptionCertificateId: 'interop' };
    const simulate = (id: string, body: Record<string, unknown> = {}) => json(`${emulator.baseUrl}/_emulator/subscriptions/${id}/simulate`, { method: 'POST', body });
    const lifecycle = (id: string, event: string) => json(`${emulator.baseUrl}/_emulator/subscriptions/${id}/lifecycle`, { method: 'POST', body: { event } });
    const itemsOf = (id: string, n: number) => () => {
      const got = receiver.items.filter((i) => i.subscriptionId === id);
      return got.length >= n ? got : undefined;
    };

    // Handshakes on both URLs, as Graph encodes them.
    const basic = await create('users/8c5f9a0e-0000-4000-8000-000000000001/messages');
    assert.equal(receiver.handshakes.length, 2, `${kind}: notificationUrl and lifecycleNotificationUrl validated`);
    for (const h of receiver.handshakes) assert.match(h, /^Validation: Testing client application reachability for subscription Request-Id: [0-9a-f-]{36}$/, `${kind} decoded the token`);

    // Basic change notifications.
    assert.equal((await simulate(basic, { count: 3 })).body.delivered, 3);
    const basicItems = await until(`${kind}: basic notifications`, itemsOf(basic, 3));
    for (const i of basicItems) {
      assert.equal(i.clientStateOk, true);
      assert.equal(i.changeType, 'created');
    }

    // Rich Outlook: validationTokens accepted, content decrypted.
    const outlook = await create('users/8c5f9a0e-0000-4000-8000-000000000001/messages?$select=subject,receivedDateTime', rich);
    assert.equal((await simulate(outlook, { count: 2 })).body.delivered, 2);
    const outlookItems = await until(`${kind}: rich Outlook notifications`, itemsOf(outlook, 2));
    for (const i of outlookItems) {
      assert.equal(i.rejected, undefined, `${kind} accepted the rich Outlook notification`);
      assert.equal(typeof i.decrypted?.subject, 'string');
    }

    // Rich Teams chat message.
    const teams = await create('chats/19:interop@thread.v2/messages', { ...rich, changeType: 'created' });
    assert.equal((await simulate(teams)).body.delivered, 1);
    const [teamsItem] = await until(`${kind}: rich Teams notification`, itemsOf(teams, 1));
    assert.equal(teamsItem.rejected, undefined, `${kind} accepted the rich Teams notification`);
    assert.equal((teamsItem.decrypted as { chatId?: string }).chatId, '19:interop@thread.v2');

    // Lifecycle: reauthorizationRequired (rich subscription: with validationTokens) and missed (Outlook).
    assert.equal((await lifecycle(outlook, 'reauthorizationRequired')).status, 200);
    assert.equal((await lifecycle(basic, 'missed')).status, 200);
    const life = await until(`${kind}: lifecycle notifications`, () => {
      const got = receiver.items.filter((i: ReceivedItem) => i.path === 'lifecycle');
      return got.length >= 2 ? got : undefined;
    });
    assert.deepEqual(life.map((i) => i.lifecycleEvent).sort(), ['missed', 'reauthorizationRequired']);
    assert.ok(life.every((i) => i.clientStateOk && !i.rejected));
  } finally {
    await receiver.close();
  }
}

let cert: TestCertificate;
let v1: RunningEmulator;

before(async () => {
  cert = await createTestCertificate();
  v1 = await startEmulatorProcess();
});

after(async () => {
  await stop(v1);
});

test("a receiver written like Microsoft's Node sample (express, jsonwebtoken + jwks-rsa, v1 issuer only) takes everything the emulator sends", async () => {
  await scenario('node-sample', v1, cert);
});

test('a receiver validating like the .NET SDK (v1 and v2 issuers, audience = app ids) takes everything the emulator sends', async () => {
  await scenario('dotnet-style', v1, cert);
});

test('with --token-version 2 the .NET-style receiver still passes, and the v1-only Node sample throws the rich notifications away', async () => {
  const v2 = await startEmulatorProcess(['--token-version', '2']);
  try {
    await scenario('dotnet-style', v2, cert);
    await assert.rejects(() => scenario('node-sample', v2, cert), /accepted the rich Outlook notification/);
  } finally {
    await stop(v2);
  }
});
