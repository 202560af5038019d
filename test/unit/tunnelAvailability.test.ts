// Issue 14: where the ngrok native module is missing (the universal VSIX, or a VSIX built for
// another platform) the tunnel says why in plain words and what works instead; the forwarded-port
// mode (Codespaces) tells a public port from one forwarded to the user's machine only, and a
// self-test through a private port says how to make it public.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadNgrokModule, startNgrokTunnel, TunnelError } from '../../src/tunnel/ngrokTunnel';
import { explainNgrokUnavailable } from '../../src/tunnel/ngrokAvailability';
import { describeForwardedPort, explainForwardedSelfTest } from '../../src/tunnel/forwardedPort';
import { openTunnel, TunnelConfigError } from '../../src/tunnel/tunnelModes';
import { runHandshake } from '../../src/handshake/handshakeClient';

test('a missing @ngrok/ngrok (universal VSIX) is a moduleUnavailable error that explains itself', () => {
  // A module id that does not resolve, exactly as `require('@ngrok/ngrok')` fails in the universal VSIX.
  const missing = '@ngrok/ngrok-absent-in-this-test';
  assert.throws(
    () => loadNgrokModule(missing, { platform: 'linux', arch: 'riscv64' }),
    (e: unknown) => {
      assert.ok(e instanceof TunnelError);
      assert.equal(e.reason, 'moduleUnavailable');
      assert.match(e.message, /^The built-in ngrok tunnel is not available: ngrok's native module for Linux riscv64 is not part of this installation/);
      assert.match(e.message, /custom URL/);
      assert.doesNotMatch(e.message, /forwarded port/, 'a local window has no forwarded port to offer');
      return true;
    },
  );
});

test('explainNgrokUnavailable names the case: universal package, wrong platform, or a load failure', () => {
  const notFound = (id: string) => Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- /x/dist/extension.js`), { code: 'MODULE_NOT_FOUND' });
  const rows: [string, unknown, { platform: NodeJS.Platform; arch: string; remote?: boolean }, RegExp[]][] = [
    ['universal', notFound('@ngrok/ngrok'), { platform: 'win32', arch: 'arm64' }, [/universal package, which carries no ngrok native module/, /Windows arm64/]],
    ['wrong platform', notFound('@ngrok/ngrok-darwin-arm64'), { platform: 'darwin', arch: 'arm64' }, [/native module for macOS arm64 is not part of this installation/]],
    ['binding not found', new Error('Failed to load native binding'), { platform: 'linux', arch: 'x64' }, [/for Linux x64 is not part of this installation/]],
    ['dlopen failure', new Error('/lib/libc.so.6: version `GLIBC_2.33\' not found\nmore'), { platform: 'linux', arch: 'x64' }, [/could not be loaded on Linux x64 \(\/lib\/libc\.so\.6: version `GLIBC_2\.33' not found\)/]],
    ['remote window', notFound('@ngrok/ngrok'), { platform: 'linux', arch: 's390x', remote: true }, [/custom URL\), or through this window's forwarded port/]],
  ];
  for (const [name, error, ctx, patterns] of rows) {
    const text = explainNgrokUnavailable(error, ctx);
    for (const p of patterns) assert.match(text, p, name);
    assert.doesNotMatch(text, /Require stack/, `${name}: no stack in a user message`);
  }
});

test('startNgrokTunnel reports the missing module before touching the network', async () => {
  await assert.rejects(
    startNgrokTunnel({ port: 1, authtoken: 'tok-0123456789', loadModule: () => loadNgrokModule('@ngrok/ngrok-absent-in-this-test') }),
    (e: unknown) => e instanceof TunnelError && e.reason === 'moduleUnavailable',
  );
});

test('describeForwardedPort: a Codespace URL is public (make the port Public), a localhost forward is not, no forward is an error', () => {
  const local = 'http://127.0.0.1:51234';
  const codespace = describeForwardedPort(local, 'https://fluffy-space-xyz-51234.app.github.dev/');
  assert.equal(codespace.publicUrl, 'https://fluffy-space-xyz-51234.app.github.dev');
  assert.equal(codespace.reach, 'public');
  assert.match(codespace.note, /right-click port 51234 → Port Visibility → Public/);
  assert.doesNotMatch(codespace.note, /only calls https/);

  const proxied = describeForwardedPort(local, 'http://127.0.0.1:8080/proxy/51234/');
  assert.equal(proxied.publicUrl, 'http://127.0.0.1:8080/proxy/51234');
  assert.equal(proxied.reach, 'thisMachine');
  assert.match(proxied.note, /Graph cannot call it/);

  const httpPublic = describeForwardedPort(local, 'http://dev.example.com/proxy/51234/');
  assert.equal(httpPublic.reach, 'public');
  assert.match(httpPublic.note, /Graph only calls https URLs; this one is http/);

  assert.throws(() => describeForwardedPort(local, 'http://127.0.0.1:51234/'), (e: unknown) => e instanceof TunnelConfigError && /not remote/.test((e as Error).message));
  assert.throws(() => describeForwardedPort(local, 'not a url'), TunnelConfigError);
});

test('openTunnel forwardedPort resolves the receiver URL through the window and keeps the note', async () => {
  const asked: string[] = [];
  const t = await openTunnel({ mode: 'forwardedPort', resolveExternalUrl: async (u) => (asked.push(u), 'https://cs-4321.app.github.dev/') }, 4321);
  assert.deepEqual(asked, ['http://127.0.0.1:4321']);
  assert.equal(t?.publicUrl, 'https://cs-4321.app.github.dev');
  assert.match(t?.note ?? '', /Port Visibility → Public/);
  await assert.rejects(openTunnel({ mode: 'forwardedPort' }, 4321), TunnelConfigError);
});

test('a self-test through a private forwarded port (sign-in redirect) says how to make it public', async () => {
  // What a private Codespace port answers: a redirect to the GitHub sign-in.
  const server = http.createServer((_req, res) => {
    res.writeHead(302, { location: 'https://github.com/login', 'content-type': 'text/html' });
    res.end('<html>redirect</html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    const result = await runHandshake(`http://127.0.0.1:${port}/notifications`, { timeoutMs: 5000 });
    assert.equal(result.ok, false);
    assert.match(explainForwardedSelfTest(result, 51234) ?? '', /answered 302 instead of the receiver: it is private\. In the Ports view, right-click port 51234/);
  } finally {
    server.close();
  }
  assert.equal(explainForwardedSelfTest({ ok: true, message: 'ok', durationMs: 1 }, 1), undefined);
  assert.match(explainForwardedSelfTest({ ok: false, failedRule: 'contentTypeTextPlain', status: 200, contentType: 'text/html; charset=utf-8', message: '', durationMs: 1 }, 7) ?? '', /web page/);
});
