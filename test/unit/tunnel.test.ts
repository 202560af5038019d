import { afterEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { startNgrokTunnel, TunnelError, type NgrokModule } from '../../src/tunnel/ngrokTunnel';
import { normalizePublicUrl, openTunnel, publicEndpoints, TunnelConfigError } from '../../src/tunnel/tunnelModes';
import { runHandshake as runHandshakeSelfTest } from '../../src/handshake/handshakeClient';
import { validationRequestUrl } from '../../src/handshake/validationRequest';
import { NotificationHistory } from '../../src/notifications/history';
import { startReceiver, type ReceiverHandle } from '../../src/notifications/receiver';
import { certificatePem, generateCertificate } from '../../src/notifications/certificates';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

function fakeNgrok(url: string | null = 'https://abc123.ngrok-free.app') {
  const calls: unknown[] = [];
  let closed = 0;
  const mod: NgrokModule = {
    forward: async (config) => {
      calls.push(config);
      if ((config as { authtoken?: string }).authtoken === 'bad-token-123') throw new Error('ERR_NGROK_105: authtoken bad-token-123 is invalid');
      return { url: () => url, close: async () => void closed++ };
    },
  };
  return { mod, calls, closed: () => closed };
}

test('ngrok: forwards to the receiver port with the authtoken and domain, and closes', async () => {
  const fake = fakeNgrok();
  const tunnel = await startNgrokTunnel({ port: 4321, authtoken: 'tok-abcdef', domain: 'me.ngrok.app', loadModule: () => fake.mod });
  assert.equal(tunnel.publicUrl, 'https://abc123.ngrok-free.app');
  assert.deepEqual(fake.calls, [{ addr: '127.0.0.1:4321', authtoken: 'tok-abcdef', domain: 'me.ngrok.app' }]);
  await tunnel.close();
  await tunnel.close();
  assert.equal(fake.closed(), 1);
});

test('ngrok: NGROK_AUTHTOKEN is the fallback; no token at all is a clear error', async () => {
  const fake = fakeNgrok();
  await startNgrokTunnel({ port: 1, env: { NGROK_AUTHTOKEN: 'from-env' }, loadModule: () => fake.mod });
  assert.equal((fake.calls[0] as { authtoken: string }).authtoken, 'from-env');
  await assert.rejects(startNgrokTunnel({ port: 1, env: {}, loadModule: () => fake.mod }), (e: TunnelError) => e.reason === 'missingAuthtoken');
});

test('ngrok: a start failure never repeats the authtoken', async () => {
  await assert.rejects(startNgrokTunnel({ port: 1, authtoken: 'bad-token-123', loadModule: () => fakeNgrok().mod }), (e: TunnelError) => e.reason === 'authRejected' && !e.message.includes('bad-token-123'));
});

test('the real @ngrok/ngrok native module loads and exports forward', () => {
  const dynamicRequire = require as (id: string) => { forward?: unknown };
  assert.equal(typeof dynamicRequire('@ngrok/ngrok').forward, 'function');
});

test('modes: none has no public URL, customUrl must be https, public endpoints are derived', async () => {
  assert.equal(await openTunnel({ mode: 'none' }, 1), undefined);
  const custom = await openTunnel({ mode: 'customUrl', customPublicUrl: 'https://hooks.example.com/graph/' }, 1);
  assert.equal(custom?.publicUrl, 'https://hooks.example.com/graph');
  assert.throws(() => normalizePublicUrl('http://hooks.example.com'), TunnelConfigError);
  await assert.rejects(openTunnel({ mode: 'customUrl' }, 1), TunnelConfigError);
  assert.deepEqual(publicEndpoints('https://x.example'), { publicNotificationUrl: 'https://x.example/notifications', publicLifecycleUrl: 'https://x.example/lifecycle' });
  const fake = fakeNgrok();
  const t = await openTunnel({ mode: 'ngrok', ngrokAuthtoken: 'tok-abcdef' }, 7, () => fake.mod);
  assert.equal(t?.publicUrl, 'https://abc123.ngrok-free.app');
});

async function receiver(): Promise<ReceiverHandle> {
  const history = new NotificationHistory({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'gs-tun-')) });
  const r = await startReceiver({ history });
  closers.push(() => history.close(), () => r.close());
  return r;
}

test('self-test passes against the receiver over http loopback, and keeps an existing query', async () => {
  const r = await receiver();
  const result = await runHandshakeSelfTest(r.notificationUrl);
  assert.equal(result.ok, true, result.message);
  assert.equal(result.status, 200);
  assert.ok((result.durationMs ?? -1) >= 0);
  assert.equal(validationRequestUrl('https://x/n?a=1', 'a b:c').toString(), 'https://x/n?a=1&validationToken=a+b%3ac', "Graph's form encoding");
  assert.equal((await runHandshakeSelfTest(`${r.notificationUrl}?tenant=1`)).ok, true);
});

async function stub(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((r) => { server.close(r); server.closeAllConnections(); }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/notifications`;
}

test('self-test names the failing rule against broken endpoints', async () => {
  const token = (req: http.IncomingMessage) => new URL(req.url!, 'http://x').searchParams.get('validationToken') ?? '';
  const cases: [http.RequestListener, string][] = [
    [(_q, s) => { s.writeHead(403); s.end(); }, 'status200'],
    [(q, s) => { s.writeHead(200, { 'content-type': 'application/json' }); s.end(token(q)); }, 'contentTypeTextPlain'],
    [(q, s) => { s.writeHead(200, { 'content-type': 'text/plain' }); s.end(encodeURIComponent(token(q))); }, 'exactEcho'],
    [(q, s) => { s.writeHead(200, { 'content-type': 'text/plain' }); s.end(`"${token(q)}"`); }, 'exactEcho'],
    [() => undefined, 'within10s'],
  ];
  for (const [handler, rule] of cases) {
    const url = await stub(handler);
    const result = await runHandshakeSelfTest(url, { timeoutMs: 300 });
    assert.equal(result.ok, false);
    assert.equal(result.failedRule, rule, result.message);
  }
  const unreachable = await runHandshakeSelfTest('http://127.0.0.1:1/notifications', { timeoutMs: 1000 });
  assert.equal(unreachable.failedRule, 'reachable');
  const encoded = await runHandshakeSelfTest(await stub((q, s) => { s.writeHead(200, { 'content-type': 'text/plain' }); s.end(encodeURIComponent(token(q))); }));
  assert.match(encoded.message, /URL-encoded/);
});

test('self-test through an https loopback proxy (the tunnel path) to the receiver', async () => {
  const r = await receiver();
  const material = await generateCertificate({ commonName: '127.0.0.1', altNames: [{ type: 'ip', value: '127.0.0.1' }] });
  const cert = certificatePem(material.encryptionCertificate);
  const server = https.createServer({ key: material.privateKeyPem, cert }, (req, res) => {
    const upstream = http.request({ host: '127.0.0.1', port: r.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((done) => { server.close(done); server.closeAllConnections(); }));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/notifications`;
  // The self-signed certificate is the trust anchor: the test trusts exactly it, nothing is disabled.
  const result = await runHandshakeSelfTest(url, { ca: cert });
  assert.equal(result.ok, true, result.message);
});
