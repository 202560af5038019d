/**
 * A change-notification receiver written the way Microsoft's Node.js webhooks sample writes one
 * (express; `jsonwebtoken` + `jwks-rsa` with the v1.0 issuer `https://sts.windows.net/{tenantId}/`
 * only; `crypto.privateDecrypt` with its default OAEP padding; HMAC-SHA256 over the base64-decoded
 * data compared before AES-256-CBC with IV = key[0..16]), from
 * https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks and
 * https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data.
 * Imports nothing from src/: it stands for a user's own app.
 */
import * as crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import jwt from 'jsonwebtoken';
import jwksClient from 'jwks-rsa';

export interface ReceivedItem {
  path: string;
  subscriptionId: string;
  clientStateOk: boolean;
  changeType?: string;
  lifecycleEvent?: string;
  resource?: string;
  /** Decrypted resource (rich notifications). */
  decrypted?: Record<string, unknown>;
  /** Why a rich notification was thrown away. */
  rejected?: string;
}

export interface SampleReceiverOptions {
  appId: string;
  tenantId: string;
  clientState: string;
  privateKeyPem: string;
  /** The emulator's key set (the sample uses https://login.microsoftonline.com/common/discovery/v2.0/keys). */
  jwksUri: string;
}

export interface TestReceiver {
  notificationUrl: string;
  lifecycleUrl: string;
  handshakes: string[];
  items: ReceivedItem[];
  close(): Promise<void>;
}

export async function startNodeSampleReceiver(options: SampleReceiverOptions): Promise<TestReceiver> {
  const client = jwksClient({ jwksUri: options.jwksUri });
  const getKey: jwt.GetPublicKeyOrSecret = (header, callback) => {
    client.getSigningKey(header.kid, (err, key) => callback(err, key?.getPublicKey()));
  };
  const isTokenValid = (token: string) =>
    new Promise<string | undefined>((resolve) => {
      jwt.verify(token, getKey, { audience: [options.appId], issuer: [`https://sts.windows.net/${options.tenantId}/`] }, (err) => resolve(err ? err.message : undefined));
    });
  const decryptSymmetricKey = (encodedKey: string) => crypto.privateDecrypt(options.privateKeyPem, Buffer.from(encodedKey, 'base64'));
  const decryptPayload = (data: string, key: Buffer) => {
    const iv = Buffer.alloc(16, 0);
    key.copy(iv, 0, 0, 16);
    const decipher = crypto.createDecipheriv('aes-256-cbc', key, iv);
    return decipher.update(data, 'base64', 'utf8') + decipher.final('utf8');
  };
  const verifySignature = (signature: string, data: string, key: Buffer) =>
    crypto.createHmac('sha256', key).update(data, 'base64').digest('base64') === signature;

  const handshakes: string[] = [];
  const items: ReceivedItem[] = [];
  const app = express();
  app.use(express.json());
  const handler = (path: string): express.RequestHandler => async (req, res) => {
    if (req.query?.validationToken) {
      handshakes.push(String(req.query.validationToken));
      res.set('Content-Type', 'text/plain');
      res.send(String(req.query.validationToken));
      return;
    }
    res.status(202).end();
    const body = req.body as { value: Record<string, any>[]; validationTokens?: string[] };
    let tokenProblem: string | undefined;
    for (const token of body.validationTokens ?? []) {
      tokenProblem ??= await isTokenValid(token);
    }
    for (const n of body.value) {
      const item: ReceivedItem = {
        path,
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
          const key = decryptSymmetricKey(n.encryptedContent.dataKey);
          if (!verifySignature(n.encryptedContent.dataSignature, n.encryptedContent.data, key)) item.rejected = 'dataSignature mismatch';
          else item.decrypted = JSON.parse(decryptPayload(n.encryptedContent.data, key));
        }
      }
      items.push(item);
    }
  };
  app.post('/api/notifications', handler('notifications'));
  app.post('/api/lifecycle', handler('lifecycle'));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    notificationUrl: `${base}/api/notifications`,
    lifecycleUrl: `${base}/api/lifecycle`,
    handshakes,
    items,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}
