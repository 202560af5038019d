/**
 * The receiver doctor against deliberately broken receivers: each failure kind must be found and
 * named by the right rule. Timeouts are shortened (Graph's 10 s / 3 s / 10 s become 1.2 s / 0.6 s /
 * 1.5 s) so that a "sleeps 11 s" receiver sleeps 1.5 s; the defaults stay Graph's (tested below).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import * as https from 'node:https';
import { runDoctor, type DoctorOptions } from '../../src/doctor/runDoctor';
import { GRAPH_TIMINGS, type DoctorCheck, type DoctorReport, type FailureKind } from '../../src/doctor/types';
import { checkTls } from '../../src/doctor/tls';
import { decryptContent } from '../../src/notifications/decryptContent';
import { startReceiver } from '../../src/notifications/receiver';
import { NotificationHistory } from '../../src/notifications/history';
import { screenNotification, type ScreenDeps } from '../../src/notifications/screenNotification';
import { acceptedIssuers, validateTokens } from '../../src/notifications/validateTokens';
import { TokenAuthority } from '../../src/emulator/tokens';
import type { EncryptedContent } from '../../src/graph/types';
import { createTestCertificate } from '../fixtures/certificates';
import { accepted, correct, echo, serve, sleep, type Handler } from '../fixtures/brokenReceivers';

/**
 * Short timeouts only for the receivers that are slow on purpose (sleeping is a lower bound, so
 * they fail whatever the machine's load). Everything that must pass runs with Graph's own
 * timeouts, so a loaded machine cannot turn a pass into a failure.
 */
const timings = { handshakeMs: 1500, deliveryMs: 1000, retryMs: 2000 };

async function doctor(handler: Handler, options: Partial<DoctorOptions> = {}): Promise<DoctorReport> {
  const server = await serve(handler);
  try {
    return await runDoctor({ url: server.url, lifecycleUrl: `${server.url}?kind=lifecycle`, timings: GRAPH_TIMINGS, deliveries: 5, ...options });
  } finally {
    await server.close();
  }
}

function check(report: DoctorReport, id: string): DoctorCheck {
  const found = report.checks.find((c) => c.id === id);
  assert.ok(found, `no check ${id} in ${report.checks.map((c) => c.id).join(', ')}`);
  return found;
}

function failedKinds(report: DoctorReport): string[] {
  return report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.kind}`);
}

test('defaults are Graph\'s timeouts: 10 s handshake, 3 s delivery, 10 s retry', () => {
  assert.deepEqual(GRAPH_TIMINGS, { handshakeMs: 10_000, deliveryMs: 3_000, retryMs: 10_000 });
});

test('a correct receiver passes every rule; forged input is "not observable" without --strict', async () => {
  const report = await doctor(correct(), { clientState: 'secret', appId: 'app' });
  assert.deepEqual(failedKinds(report), []);
  for (const id of ['handshake.notificationUrl', 'handshake.lifecycleUrl', 'delivery.single', 'delivery.batch100', 'delivery.distribution', 'robustness.duplicates', 'robustness.outOfOrder', 'lifecycle.reauthorizationRequired', 'lifecycle.subscriptionRemoved', 'lifecycle.missed', 'security.genuine']) {
    assert.equal(check(report, id).status, 'pass', id);
  }
  assert.equal(check(report, 'security.clientState').status, 'warn');
  assert.match(check(report, 'security.clientState').summary, /Not observable/);
  assert.equal(report.summary.failed, 0);
});

const brokenHandshakes: { name: string; handler: Handler; kind: FailureKind }[] = [
  {
    name: 'parses the validation POST as JSON',
    kind: 'parsesAsJson',
    handler: (req, res) => {
      try {
        JSON.parse(req.body);
        accepted(res);
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`Bad Request: ${(error as Error).message}`);
      }
    },
  },
  {
    name: 'echoes the encoded token',
    kind: 'encodedEcho',
    handler: (req, res) => {
      const raw = /validationToken=([^&]*)/.exec(req.rawQuery)?.[1];
      if (raw !== undefined) return echo(res, raw);
      accepted(res);
    },
  },
  {
    name: 'sleeps past the handshake timeout (the 11 s cold start)',
    kind: 'timeout',
    handler: async (req, res) => {
      if (req.validationToken !== null) await sleep(timings.handshakeMs + 500);
      await correct()(req, res);
    },
  },
  { name: 'sits behind a 401', kind: 'authWall', handler: (_req, res) => void res.writeHead(401, { 'www-authenticate': 'Bearer realm="api"' }).end() },
  { name: 'answers 403 (Easy Auth, API key)', kind: 'authWall', handler: (_req, res) => void res.writeHead(403).end('Forbidden') },
  {
    name: 'answers HTML',
    kind: 'htmlAnswer',
    handler: (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><body>Sign in</body></html>'),
  },
  { name: 'redirects', kind: 'redirect', handler: (_req, res) => void res.writeHead(301, { location: 'https://example.test/api/notifications/' }).end() },
  {
    name: 'answers JSON',
    kind: 'wrongContentType',
    handler: (req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(req.validationToken ?? ''),
  },
  { name: 'answers 500', kind: 'badStatus', handler: (_req, res) => void res.writeHead(500).end() },
];

for (const broken of brokenHandshakes) {
  test(`handshake: a receiver that ${broken.name} is named ${broken.kind}`, async () => {
    const report = await doctor(broken.handler, { timings });
    const c = check(report, 'handshake.notificationUrl');
    assert.equal(c.status, 'fail');
    assert.equal(c.kind, broken.kind, c.summary);
    assert.ok(c.fix && c.fix.length > 20);
  });
}

test('handshake on the lifecycle URL is checked on its own', async () => {
  const report = await doctor((req, res) => {
    if (req.rawQuery.startsWith('kind=lifecycle')) return void res.writeHead(404).end('Not Found');
    return correct()(req, res);
  });
  assert.equal(check(report, 'handshake.notificationUrl').status, 'pass');
  assert.equal(check(report, 'handshake.lifecycleUrl').kind, 'badStatus');
});

test('delivery: a receiver that takes longer than 3 s per batch fails the batch rule only', async () => {
  const report = await doctor(
    correct(async (req) => {
      if ((req.json?.value?.length ?? 0) >= 100) await sleep(timings.deliveryMs + 500);
      return false;
    }),
    { timings },
  );
  assert.equal(check(report, 'delivery.single').status, 'pass');
  const batch = check(report, 'delivery.batch100');
  assert.equal(batch.status, 'fail');
  assert.equal(batch.kind, 'slowBatch');
});

test('delivery: a receiver that is always slow is what Graph throttles (slow state)', async () => {
  const report = await doctor(correct(async () => (await sleep(timings.deliveryMs + 500), false)), { deliveries: 4, timings });
  const d = check(report, 'delivery.distribution');
  assert.equal(d.kind, 'slowThrottled');
  assert.match(d.summary, /delayed by 10 minutes/);
});

test('robustness: a receiver that 500s on duplicates is named duplicateRejected', async () => {
  const seen = new Set<string>();
  const report = await doctor(
    correct((req, res) => {
      const id = req.json?.value?.[0]?.id;
      if (id && seen.has(id)) return res.writeHead(500).end('duplicate key'), true;
      if (id) seen.add(id);
      return false;
    }),
  );
  assert.deepEqual(failedKinds(report), ['robustness.duplicates:duplicateRejected']);
});

test('lifecycle: a receiver that refuses items without changeType fails each lifecycle event', async () => {
  const report = await doctor(correct((req, res) => (req.json?.value?.[0]?.lifecycleEvent ? (res.writeHead(400).end('changeType required'), true) : false)));
  assert.deepEqual(failedKinds(report), ['lifecycle.reauthorizationRequired:lifecycleRejected', 'lifecycle.subscriptionRemoved:lifecycleRejected', 'lifecycle.missed:lifecycleRejected']);
});

test('lifecycle: events follow the resource kind (Teams channel: reauthorizationRequired only)', async () => {
  const report = await doctor(correct(), { resource: 'teams/getAllChannels' });
  assert.deepEqual(report.checks.filter((c) => c.group === 'lifecycle').map((c) => c.id), ['lifecycle.reauthorizationRequired']);
});

test('rich: a receiver that cannot decrypt with the certificate is named cannotDecrypt; the right key passes', async () => {
  const cert = await createTestCertificate();
  const other = await createTestCertificate();
  const decrypting = (pem: string): Handler =>
    correct(async (req, res) => {
      const content = req.json?.value?.[0]?.encryptedContent as EncryptedContent | undefined;
      if (!content) return false;
      try {
        await decryptContent(content, () => Promise.resolve(createPrivateKey(pem)));
        accepted(res);
      } catch {
        res.writeHead(500).end('decryption failed');
      }
      return true;
    });
  const broken = await doctor(decrypting(other.privateKeyPem), { certificate: cert.certificateBase64 });
  assert.equal(check(broken, 'rich.decrypt').kind, 'cannotDecrypt');
  const fine = await doctor(decrypting(cert.privateKeyPem), { certificate: cert.certificateBase64 });
  assert.equal(check(fine, 'rich.decrypt').status, 'pass');
});

/** A receiver that refuses forged input with 401, as Microsoft's ASP.NET Core sample does. */
function strictReceiver(clientState: string, privateKeyPem?: string): Handler {
  return correct(async (req, res) => {
    const items = req.json?.value ?? [];
    const forged = items.some((n) => n.clientState !== clientState);
    let tampered = false;
    for (const n of items) {
      if (!n.encryptedContent || !privateKeyPem) continue;
      await decryptContent(n.encryptedContent as EncryptedContent, () => Promise.resolve(createPrivateKey(privateKeyPem))).catch(() => (tampered = true));
    }
    // Stands in for a full token check: the doctor's tokens are for app "app"; this receiver
    // trusts none of them but ones whose audience it knows and that have not expired.
    const tokens = req.json?.validationTokens ?? [];
    const badToken = tokens.some((t) => {
      const claims = JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString()) as { aud?: string; exp?: number };
      return claims.aud !== 'app' || (claims.exp ?? 0) * 1000 < Date.now();
    });
    if (forged || tampered || badToken) return res.writeHead(401).end(), true;
    return false;
  });
}

test('security --strict: a receiver that accepts forged input fails with forgedAccepted for each forgery', async () => {
  const cert = await createTestCertificate();
  const report = await doctor(correct(), { clientState: 'secret', appId: 'app', strict: true, certificate: cert.certificateBase64 });
  assert.equal(check(report, 'security.genuine').status, 'pass');
  for (const id of ['security.clientState', 'security.token.expired', 'security.token.wrongAudience', 'security.token.unknownKey', 'security.dataSignature']) {
    const c = check(report, id);
    assert.equal(c.status, 'fail', id);
    assert.equal(c.kind, 'forgedAccepted', id);
  }
});

test('security --strict: a receiver that refuses forged input with 401 passes; a 5xx on forged input is forgedCrashed', async () => {
  const cert = await createTestCertificate();
  const options = { clientState: 'secret', appId: 'app', strict: true, certificate: cert.certificateBase64 };
  const report = await doctor(strictReceiver('secret', cert.privateKeyPem), options);
  for (const id of ['security.genuine', 'security.clientState', 'security.token.expired', 'security.token.wrongAudience', 'security.dataSignature', 'rich.decrypt']) {
    assert.equal(check(report, id).status, 'pass', `${id}: ${check(report, id).summary}`);
  }
  const crashing = await doctor(correct((req, res) => (req.json?.value?.[0]?.clientState !== 'secret' ? (res.writeHead(500).end(), true) : false)), { clientState: 'secret', strict: true });
  assert.equal(check(crashing, 'security.clientState').kind, 'forgedCrashed');
});

test('security: a receiver that refuses even genuine notifications is named genuineRejected', async () => {
  const report = await doctor(correct((req, res) => (req.json?.value ? (res.writeHead(401).end(), true) : false)), { clientState: 'right' });
  assert.equal(check(report, 'security.genuine').kind, 'genuineRejected');
});

test('an unreachable endpoint is named once and the delivery rules are skipped', async () => {
  const server = await serve(correct());
  await server.close();
  const report = await runDoctor({ url: server.url, timings: GRAPH_TIMINGS });
  assert.equal(check(report, 'handshake.notificationUrl').kind, 'unreachable');
  assert.equal(check(report, 'delivery').status, 'skip');
});

test('TLS: http on a public host fails (Graph calls https only); loopback http is skipped', async () => {
  assert.equal((await checkTls({ url: 'http://webhooks.example.test/hook', timeoutMs: 500 })).kind, 'httpNotHttps');
  assert.equal((await checkTls({ url: 'http://127.0.0.1:1/hook', timeoutMs: 500 })).status, 'skip');
});

test('TLS: a self-signed certificate is named badCertificate with the protocol in the evidence', async () => {
  const cert = await createTestCertificate({ commonName: '127.0.0.1' });
  const pem = `-----BEGIN CERTIFICATE-----\n${cert.certificateBase64.replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  const server = https.createServer({ key: cert.privateKeyPem, cert: pem }, (_req, res) => res.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as { port: number }).port;
    const c = await checkTls({ url: `https://127.0.0.1:${port}/hook`, timeoutMs: 2000 });
    assert.equal(c.kind, 'badCertificate', c.summary);
    assert.match(c.evidence.join('\n'), /TLSv1\.[23]/);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('our own receiver passes every non-security rule', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-doctor-'));
  const history = new NotificationHistory({ dir, maxBytes: 10 * 1024 * 1024 });
  const receiver = await startReceiver({ history });
  try {
    const cert = await createTestCertificate();
    const report = await runDoctor({ url: receiver.notificationUrl, lifecycleUrl: receiver.lifecycleUrl, certificate: cert.certificateBase64, timings: GRAPH_TIMINGS, deliveries: 10 });
    assert.deepEqual(failedKinds(report), []);
    assert.equal(report.summary.warnings, 0);
  } finally {
    await receiver.close();
    await history.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('our own receiver, wired with the extension\'s checks before the 202, passes the doctor in --strict mode', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-doctor-strict-'));
  const history = new NotificationHistory({ dir, maxBytes: 10 * 1024 * 1024 });
  const cert = await createTestCertificate();
  const signer = (await TokenAuthority.generate());
  const tenantId = randomUUID();
  const subscriptionId = randomUUID();
  const deps: ScreenDeps = {
    clientStates: { get: (id) => Promise.resolve(id === subscriptionId ? 'the-secret' : undefined) },
    resolveKey: (id) => Promise.resolve(id === 'cert-1' ? createPrivateKey(cert.privateKeyPem) : undefined),
    trustedTenantIds: () => Promise.resolve([tenantId]),
    validateTokens: (tokens, ctx) =>
      validateTokens(tokens, { keys: createLocalJWKSet(signer.jwks() as unknown as JSONWebKeySet), appIds: ['app-id'], tenantIds: ctx.tenantIds, issuersFor: (t) => acceptedIssuers('global', t) }),
    audienceKnown: () => true,
  };
  const refused: string[] = [];
  const receiver = await startReceiver({ history, screen: async (body) => (await screenNotification(body, deps)).refusal, onRejected: (r) => void refused.push(r.reason) });
  try {
    const report = await runDoctor({
      url: receiver.notificationUrl,
      lifecycleUrl: receiver.lifecycleUrl,
      strict: true,
      clientState: 'the-secret',
      appId: 'app-id',
      tenantId,
      subscriptionId,
      signer,
      certificate: cert.certificateBase64,
      encryptionCertificateId: 'cert-1',
      timings: GRAPH_TIMINGS,
      deliveries: 5,
    });
    assert.deepEqual(failedKinds(report), []);
    for (const id of ['security.genuine', 'security.clientState', 'security.token.expired', 'security.token.wrongAudience', 'security.token.unknownKey', 'security.dataSignature', 'rich.decrypt']) {
      assert.equal(check(report, id).status, 'pass', `${id}: ${check(report, id).summary}`);
    }
    assert.deepEqual(refused.sort(), [
      'clientState does not match the one recorded for this subscription',
      'dataSignature does not match the encrypted data (tampered)',
      'validation token 1: expired',
      'validation token 1: unknownKey',
      'validation token 1: wrongAudience',
    ]);
  } finally {
    await receiver.close();
    await history.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the receiver\'s screen lets through what it cannot prove forged: unknown subscriptions, keys it cannot fetch, certificates it has no key for', async () => {
  const signer = (await TokenAuthority.generate());
  const base: ScreenDeps = {
    clientStates: { get: (id) => Promise.resolve(id === 'ours' ? 's' : undefined) },
    resolveKey: () => Promise.resolve(undefined),
    validateTokens: (tokens) => Promise.resolve(tokens.map((_t, index) => ({ index, ok: false, reason: 'keysUnavailable' as const, masked: '…' }))),
    audienceKnown: () => false,
  };
  const item = (subscriptionId: string, clientState: string) => ({ subscriptionId, clientState, subscriptionExpirationDateTime: '', tenantId: 't', changeType: 'created' });
  assert.equal((await screenNotification({ value: [item('someone-else', 'x')] }, base)).refusal, undefined);
  const token = await signer.issueValidationToken('a', 't', new Date());
  assert.equal((await screenNotification({ value: [item('ours', 's')], validationTokens: [token] }, base)).refusal, undefined);
  const wrongAudience = { ...base, validateTokens: (tokens: readonly (string | null)[]) => Promise.resolve(tokens.map((_t, index) => ({ index, ok: false, reason: 'wrongAudience' as const, masked: '…' }))) };
  assert.equal((await screenNotification({ value: [item('ours', 's')], validationTokens: [token] }, wrongAudience)).refusal, undefined, 'app ids unknown: wrongAudience is not conclusive');
  assert.equal((await screenNotification({ value: [item('ours', 's')], validationTokens: [token] }, { ...wrongAudience, audienceKnown: () => true })).refusal?.status, 401);
  assert.equal((await screenNotification({ value: [item('ours', 'wrong')] }, base)).refusal?.status, 401);
});
