import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { MsalTokenClient, permissionsFromAccessToken } from '../../src/auth/msalClient';
import type { ICachePlugin, TokenCacheContext } from '../../src/lazy/msal';
import { createLogger, MemoryLogSink } from '../../src/util/logger';
import { TokenEndpointStub } from '../fixtures/tokenEndpointStub';

const CLIENT_ID = '0e9f1a3c-1111-4222-8333-944455556666';

/** An ICachePlugin over a string, like the extension's SecretStorage plugin. */
function memoryCache(): ICachePlugin & { data: string | undefined; writes: number } {
  const plugin = {
    data: undefined as string | undefined,
    writes: 0,
    async beforeCacheAccess(ctx: TokenCacheContext) {
      if (plugin.data) ctx.tokenCache.deserialize(plugin.data);
    },
    async afterCacheAccess(ctx: TokenCacheContext) {
      if (ctx.cacheHasChanged) {
        plugin.data = ctx.tokenCache.serialize();
        plugin.writes++;
      }
    },
  };
  return plugin;
}

async function withStub(run: (stub: TokenEndpointStub) => Promise<void>, host?: string): Promise<void> {
  const stub = new TokenEndpointStub(host);
  await stub.start();
  try {
    await run(stub);
  } finally {
    await stub.close();
  }
}

test('client secret: client-credentials token for {graph}/.default, roles read from the token, secret never logged', async () => {
  await withStub(async (stub) => {
    const sink = new MemoryLogSink();
    const log = createLogger(sink);
    const secret = 's3cret-value-123';
    const client = new MsalTokenClient(
      { clientId: CLIENT_ID, tenantId: stub.tenantId, cloud: 'global', flow: 'clientSecret' },
      { clientSecret: secret },
      { networkClient: stub.networkClient(), cachePlugin: memoryCache(), log },
    );
    const result = await client.signIn();
    assert.deepEqual(result.scopes, ['Subscription.Read.All', 'Mail.Read']);
    const tokenRequest = stub.requests.find((r) => r.grantType === 'client_credentials');
    assert.ok(tokenRequest);
    assert.equal(tokenRequest.clientId, CLIENT_ID);
    assert.equal(tokenRequest.scope, 'https://graph.microsoft.com/.default');
    assert.equal(tokenRequest.hasSecret, true);
    log.info(`debug dump ${secret} ${result.accessToken}`);
    assert.doesNotMatch(sink.text(), /s3cret-value-123/);
    assert.ok(!sink.text().includes(result.accessToken));
  });
});

test('a wrong client secret is rejected by the token endpoint', async () => {
  await withStub(async (stub) => {
    const client = new MsalTokenClient(
      { clientId: CLIENT_ID, tenantId: stub.tenantId, cloud: 'global', flow: 'clientSecret' },
      { clientSecret: 'wrong-secret-000' },
      { networkClient: stub.networkClient() },
    );
    await assert.rejects(client.signIn(), /invalid_client|7000215/);
  });
});

test('client certificate: a signed client assertion is sent instead of a secret', async () => {
  await withStub(async (stub) => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const client = new MsalTokenClient(
      { clientId: CLIENT_ID, tenantId: stub.tenantId, cloud: 'global', flow: 'clientCertificate' },
      { certificate: { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), thumbprintSha256: randomBytes(32).toString('hex') } },
      { networkClient: stub.networkClient() },
    );
    const result = await client.signIn();
    assert.ok(result.accessToken);
    const tokenRequest = stub.requests.find((r) => r.grantType === 'client_credentials')!;
    assert.equal(tokenRequest.hasAssertion, true);
    assert.equal(tokenRequest.hasSecret, false);
  });
});

test('device code: the message reaches the user, polling waits for approval, and the cached token is reused silently', async () => {
  await withStub(async (stub) => {
    const cache = memoryCache();
    const shown: string[] = [];
    const client = new MsalTokenClient(
      { clientId: CLIENT_ID, tenantId: stub.tenantId, cloud: 'global', flow: 'deviceCode', scopes: ['Mail.Read'] },
      {},
      {
        networkClient: stub.networkClient(),
        cachePlugin: cache,
        onDeviceCode: (info) => {
          shown.push(`${info.userCode} ${info.verificationUri}`);
          setTimeout(() => stub.approveAll(), 20);
        },
      },
    );
    const result = await client.signIn();
    assert.deepEqual(shown, ['ABCD-1234 https://microsoft.com/devicelogin']);
    assert.equal(result.account?.username, 'adele@contoso.example');
    assert.deepEqual(result.scopes, ['Mail.Read']);
    const devicecode = stub.requests.find((r) => r.grantType === 'device_code_request')!;
    assert.match(devicecode.scope ?? '', /https:\/\/graph\.microsoft\.com\/Mail\.Read/);
    assert.ok(cache.writes > 0, 'the token cache was persisted through the plugin');
    assert.doesNotMatch(cache.data ?? '', /s3cret/);

    const tokenCalls = stub.requests.filter((r) => r.path.endsWith('/token')).length;
    const silent = await client.acquireSilent();
    assert.equal(silent.accessToken, result.accessToken);
    assert.equal(stub.requests.filter((r) => r.path.endsWith('/token')).length, tokenCalls, 'no new token request');

    // A fresh client (window reload) restores the account from the persisted cache.
    const reloaded = new MsalTokenClient(
      { clientId: CLIENT_ID, tenantId: stub.tenantId, cloud: 'global', flow: 'deviceCode', scopes: ['Mail.Read'] },
      {},
      { networkClient: stub.networkClient(), cachePlugin: cache },
    );
    assert.equal((await reloaded.acquireSilent()).accessToken, result.accessToken);
    await reloaded.signOut();
    await assert.rejects(reloaded.acquireSilent(), { name: 'SignInRequiredError' });
  });
});

test('authorization code: PKCE (S256) on a loopback redirect, browser opened by the caller', async () => {
  await withStub(async (stub) => {
    let browser: ReturnType<TokenEndpointStub['completeBrowserSignIn']> | undefined;
    const opened: string[] = [];
    const client = new MsalTokenClient(
      { clientId: CLIENT_ID, tenantId: stub.tenantId, cloud: 'global', flow: 'authorizationCode', scopes: ['Mail.Read'] },
      {},
      {
        networkClient: stub.networkClient(),
        openBrowser: async (url) => {
          opened.push(url);
          browser = stub.completeBrowserSignIn(url);
        },
      },
    );
    const result = await client.signIn();
    assert.equal(opened.length, 1);
    assert.ok(opened[0].startsWith('https://login.microsoftonline.com/'), opened[0]);
    const seen = await browser!;
    assert.match(seen.redirectUri, /^http:\/\/localhost:\d+/);
    assert.equal(seen.codeChallengeMethod, 'S256');
    assert.equal(result.account?.username, 'adele@contoso.example');
    assert.deepEqual(result.scopes, ['Mail.Read']);
    assert.equal(stub.requests.filter((r) => r.grantType === 'authorization_code').length, 1);
  });
});

test('US Government: the authority is login.microsoftonline.us and the scope names graph.microsoft.us', async () => {
  await withStub(async (stub) => {
    const client = new MsalTokenClient(
      { clientId: CLIENT_ID, tenantId: stub.tenantId, cloud: 'usGovL4', flow: 'clientSecret' },
      { clientSecret: 's3cret-value-123' },
      { networkClient: stub.networkClient() },
    );
    await client.signIn();
    assert.equal(stub.requests.find((r) => r.grantType === 'client_credentials')?.scope, 'https://graph.microsoft.us/.default');
  }, 'https://login.microsoftonline.us');
});

test('permissionsFromAccessToken reads roles or scp and tolerates opaque tokens', () => {
  const jwt = (c: object) => `x.${Buffer.from(JSON.stringify(c)).toString('base64url')}.y`;
  assert.deepEqual(permissionsFromAccessToken(jwt({ roles: ['A', 'B'] })), ['A', 'B']);
  assert.deepEqual(permissionsFromAccessToken(jwt({ scp: 'Mail.Read User.Read' })), ['Mail.Read', 'User.Read']);
  assert.equal(permissionsFromAccessToken('opaque'), undefined);
});
