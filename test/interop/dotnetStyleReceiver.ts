/**
 * A receiver that validates the way the .NET Graph SDK does (Microsoft.Graph's change-notification
 * helpers): the signing keys found through the OpenID metadata, issuer
 * `https://sts.windows.net/{tenantId}/` or `https://login.microsoftonline.com/{tenantId}/v2.0`,
 * audience = one of the app ids; decryption with RSA-OAEP (SHA-1) and AES-256-CBC after the
 * HMAC check (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data).
 * A plain node:http server that decodes the handshake token with URLSearchParams. Imports nothing from src/.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { ReceivedItem, TestReceiver } from './nodeSampleReceiver';

export interface DotnetReceiverOptions {
  appIds: string[];
  tenantId: string;
  clientState: string;
  privateKeyPem: string;
  /** OpenID metadata document (the SDK reads jwks_uri from it). */
  openIdConfigurationUrl: string;
}

export async function startDotnetStyleReceiver(options: DotnetReceiverOptions): Promise<TestReceiver> {
  let keys: JWTVerifyGetKey | undefined;
  const signingKeys = async (): Promise<JWTVerifyGetKey> => {
    if (!keys) {
      const config = (await (await fetch(options.openIdConfigurationUrl)).json()) as { jwks_uri: string };
      keys = createRemoteJWKSet(new URL(config.jwks_uri));
    }
    return keys;
  };
  const issuers = [`https://sts.windows.net/${options.tenantId}/`, `https://login.microsoftonline.com/${options.tenantId}/v2.0`];
  const tokensValid = async (tokens: string[]): Promise<string | undefined> => {
    for (const token of tokens) {
      try {
        await jwtVerify(token, await signingKeys(), { issuer: issuers, audience: options.appIds, algorithms: ['RS256'] });
      } catch (error) {
        return (error as Error).message;
      }
    }
    return undefined;
  };
  const decrypt = (ec: { dataKey: string; data: string; dataSignature: string }): Record<string, unknown> | string => {
    const key = crypto.privateDecrypt({ key: options.privateKeyPem, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(ec.dataKey, 'base64'));
    const data = Buffer.from(ec.data, 'base64');
    const expected = crypto.createHmac('sha256', key).update(data).digest();
    const actual = Buffer.from(ec.dataSignature, 'base64');
    if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) return 'dataSignature mismatch';
    const decipher = crypto.createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    return JSON.parse(Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8')) as Record<string, unknown>;
  };

  const handshakes: string[] = [];
  const items: ReceivedItem[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const token = url.searchParams.get('validationToken');
      if (token !== null) {
        handshakes.push(token);
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(token);
        return;
      }
      res.writeHead(202);
      res.end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value: Record<string, any>[]; validationTokens?: string[] };
      const tokenProblem = body.validationTokens ? await tokensValid(body.validationTokens) : undefined;
      for (const n of body.value) {
        const item: ReceivedItem = {
          path: url.pathname.endsWith('lifecycle') ? 'lifecycle' : 'notifications',
          subscriptionId: n.subscriptionId,
          clientStateOk: n.clientState === options.clientState,
          changeType: n.changeType,
          lifecycleEvent: n.lifecycleEvent,
          resource: n.resource,
        };
        if (n.encryptedContent) {
          if (!body.validationTokens?.length) item.rejected = 'no validationTokens';
          else if (tokenProblem) item.rejected = tokenProblem;
          else {
            const result = decrypt(n.encryptedContent);
            if (typeof result === 'string') item.rejected = result;
            else item.decrypted = result;
          }
        }
        items.push(item);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    notificationUrl: `${base}/notifications`,
    lifecycleUrl: `${base}/lifecycle`,
    handshakes,
    items,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}
