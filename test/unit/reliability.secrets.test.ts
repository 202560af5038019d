/**
 * Secrets (issue 8, reliability): known secret values flow through the real emulator, receiver,
 * checks, output formatting and history — a client secret, an ngrok authtoken, a clientState, a
 * bearer token from the emulator, the private key of the encryption certificate and the
 * validation tokens of rich notifications — and none of them appears in the log lines, the
 * "Graph Notifications" output lines or the history files. (SecretStorage legitimately holds some
 * of them; the integration tier checks that path inside VS Code.)
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRemoteJWKSet } from 'jose';
import { SANDBOX_APP_ID, startEmulator } from '../../src/emulator/index';
import { generateCertificate } from '../../src/notifications/certificates';
import { formatNotification } from '../../src/notifications/formatNotification';
import { NotificationHistory } from '../../src/notifications/history';
import { KeyObjectCache, MemoryKeyStore } from '../../src/notifications/keyStore';
import { processNotification, summarize } from '../../src/notifications/processNotification';
import { startReceiver, type ReceivedNotification } from '../../src/notifications/receiver';
import { acceptedIssuers, validateTokens } from '../../src/notifications/validateTokens';
import { createLogger, MemoryLogSink } from '../../src/util/logger';

test('planted secrets never reach the log, the notifications output or the history files', async (t) => {
  const secrets = {
    clientSecret: 'Zq8~client-secret-PLANTED-7f3a9c1e',
    ngrokAuthtoken: '2abcPLANTEDngrokAuthtoken_9f8e7d6c5b4a',
    clientState: 'PLANTED-client-state-4b1e0c9d',
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-secrets-'));
  const history = new NotificationHistory({ dir });
  const sink = new MemoryLogSink();
  const log = createLogger(sink);
  // What the services do when they learn a secret.
  log.addSecret(secrets.clientSecret);
  log.addSecret(secrets.ngrokAuthtoken);
  log.addSecret(secrets.clientState);

  const cert = await generateCertificate({ id: 'secrets-cert' });
  const keys = new MemoryKeyStore();
  keys.set(cert.encryptionCertificateId, cert.privateKeyPem);
  const keyCache = new KeyObjectCache(keys);
  const output: string[] = [];
  const seenTokens: string[] = [];
  const processing: Promise<void>[] = [];

  const emulator = await startEmulator({ log: log.child('emulator') });
  const jwks = createRemoteJWKSet(new URL(emulator.jwksUrl));
  const onNotification = (received: ReceivedNotification) => {
    for (const tk of received.body.validationTokens ?? []) seenTokens.push(tk);
    const p = processNotification(received, {
      clientStates: { get: (id) => Promise.resolve(id ? secrets.clientState : undefined) },
      resolveKey: (id) => keyCache.get(id),
      validateTokens: (tokens, ctx) =>
        validateTokens(tokens, { keys: jwks, appIds: [SANDBOX_APP_ID], tenantIds: ctx.tenantIds, issuersFor: (tid) => acceptedIssuers('global', tid) }),
    }).then(async (processed) => {
      output.push(...formatNotification(processed, 'full'));
      await history.appendProcessed(received.id, summarize(processed));
    });
    processing.push(p);
    return p;
  };
  const receiver = await startReceiver({ history, log: log.child('receiver'), onNotification });
  t.after(async () => {
    await emulator.close();
    await receiver.close();
    await history.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const bearer = await emulator.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] });
  const expiration = new Date(Date.now() + 50 * 60_000).toISOString();
  const create = async (draft: Record<string, unknown>) => {
    const res = await fetch(`${emulator.graphBaseUrl}/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ changeType: 'created', notificationUrl: receiver.notificationUrl, expirationDateTime: expiration, clientState: secrets.clientState, ...draft }),
    });
    const json = (await res.json()) as { id: string };
    assert.equal(res.status, 201, JSON.stringify(json));
    return json.id;
  };
  const basic = await create({ resource: 'me/mailFolders/inbox/messages' });
  const rich = await create({
    resource: 'me/messages?$select=subject,receivedDateTime',
    includeResourceData: true,
    encryptionCertificate: cert.encryptionCertificate,
    encryptionCertificateId: cert.encryptionCertificateId,
  });
  await emulator.simulateChange(basic, { count: 3 });
  await emulator.simulateChange(rich, { count: 2, resourceData: { subject: 'Quarterly numbers' } });
  // A wrong clientState and a broken token: the failure paths log and print too.
  await fetch(receiver.notificationUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      value: [{ subscriptionId: basic, clientState: `${secrets.clientState}-wrong`, changeType: 'created', resource: 'me/messages/1', tenantId: emulator.tenantId }],
      validationTokens: [bearer],
    }),
  });
  // Errors from libraries that echo their configuration (MSAL, ngrok) go through the same logger.
  log.child('auth').error('Token request failed', new Error(`AADSTS7000215: Invalid client secret provided: ${secrets.clientSecret}`));
  log.child('tunnel').error('ngrok failed', new Error(`authentication failed: The authtoken ${secrets.ngrokAuthtoken} is invalid`));
  log.child('graph').debug(`GET /v1.0/subscriptions Authorization: Bearer ${bearer}`);
  log.child('certificates').error('Import failed', new Error(`bad key ${cert.privateKeyPem}`));

  for (let i = 0; i < 200 && processing.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
  await Promise.all(processing);
  await history.flushed();

  assert.equal(processing.length, 3, 'the two emulator POSTs (3 basic, 2 rich items) and the hand-made one were processed');
  assert.ok(seenTokens.length > 0, 'the rich notifications carried validation tokens');
  assert.ok(output.some((l) => l.includes('Quarterly numbers')), 'the decrypted resource is shown (it is data, not a secret)');
  assert.ok(output.some((l) => l.includes('clientState ✗')), 'the wrong clientState is reported as a failed check');

  const historyText = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
  const places: [string, string][] = [
    ['log', sink.text()],
    ['notifications output', output.join('\n')],
    ['history files', historyText],
  ];
  const planted: [string, string][] = [
    ['client secret', secrets.clientSecret],
    ['ngrok authtoken', secrets.ngrokAuthtoken],
    ['clientState', secrets.clientState],
    ['bearer token', bearer],
    ['private key (base64 body)', cert.privateKeyPem.split('\n')[1]],
    ...seenTokens.map((tk, i): [string, string] => [`validation token #${i}`, tk]),
  ];
  const leaks: string[] = [];
  for (const [where, text] of places) {
    assert.ok(text.length > 0, `${where} is not empty`);
    for (const [what, value] of planted) {
      if (!text.includes(value)) continue;
      const at = text.indexOf(value);
      leaks.push(`${what} in the ${where}: …${text.slice(text.lastIndexOf("\n", at) + 1, text.lastIndexOf("\n", at) + 200)}…`);
    }
  }
  assert.deepEqual(leaks, []);
});
