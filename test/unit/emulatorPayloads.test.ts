/**
 * Notification payloads property for property as the docs' examples show them
 * (https://learn.microsoft.com/en-us/graph/teams-changenotifications-chatmessage#notifications-with-resource-data,
 * https://learn.microsoft.com/en-us/graph/outlook-change-notifications-overview):
 * Teams channel messages are teams('…')/channels('…')/messages('…') (and …/replies('…')), the
 * rich payload is the whole chatMessage with its nulls; Outlook carries only what $select names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createDecipheriv, createPrivateKey, privateDecrypt } from 'node:crypto';
import { startEmulator } from '../../src/emulator/index';
import { createTestCertificate } from '../fixtures/certificates';
import { startReceiverStub } from '../fixtures/receiverStub';
import { call, createRichSubscription, withCertificateHarness, withHarness } from './emulatorTestKit';

function decrypt(ec: { dataKey: string; data: string }, privateKeyPem: string): any {
  const key = privateDecrypt({ key: createPrivateKey(privateKeyPem), padding: constants.RSA_PKCS1_OAEP_PADDING }, Buffer.from(ec.dataKey, 'base64'));
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(ec.data, 'base64')), decipher.final()]).toString('utf8'));
}

/** Every property of the genuine decrypted channel reply quoted in the issue, in its order. */
const CHAT_MESSAGE_PROPERTIES = [
  '@odata.context', 'id', 'replyToId', 'etag', 'messageType', 'createdDateTime', 'lastModifiedDateTime', 'lastEditedDateTime',
  'deletedDateTime', 'subject', 'summary', 'chatId', 'importance', 'locale', 'webUrl', 'policyViolation', 'eventDetail', 'from',
  'body', 'channelIdentity', 'attachments', 'mentions', 'reactions', 'replies', 'hostedContents',
];

const CHANNEL_MESSAGE = /^teams\('([^']+)'\)\/channels\('([^']+)'\)\/messages\('([^']+)'\)(\/replies\('([^']+)'\))?$/;

test('/teams/getAllMessages notifications are channel messages and replies, never chat messages', async () => {
  const receiver = await startReceiverStub();
  const emulator = await startEmulator();
  const cert = await createTestCertificate();
  try {
    const token = await emulator.issueToken({ accountKind: 'application', permissions: ['ChannelMessage.Read.All'] });
    const created = await call(`${emulator.graphBaseUrl}/subscriptions`, {
      method: 'POST',
      token,
      body: {
        changeType: 'created,updated',
        notificationUrl: receiver.url(),
        resource: '/teams/getAllMessages',
        includeResourceData: true,
        encryptionCertificate: cert.certificateBase64,
        encryptionCertificateId: 'teams',
        expirationDateTime: new Date(Date.now() + 50 * 60_000).toISOString(),
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    await emulator.simulateChange(created.json.id, { count: 6 });
    const items = (receiver.notifications[0].json as any).value;
    let replies = 0;
    for (const item of items) {
      const m = CHANNEL_MESSAGE.exec(item.resource);
      assert.ok(m, `a channel message resource: ${item.resource}`);
      assert.deepEqual(Object.keys(item.resourceData).sort(), ['@odata.id', '@odata.type', 'id']);
      assert.equal(item.resourceData['@odata.type'], '#Microsoft.Graph.chatMessage');
      assert.equal(item.resourceData['@odata.id'], item.resource);
      const message = decrypt(item.encryptedContent, cert.privateKeyPem);
      assert.deepEqual(Object.keys(message), CHAT_MESSAGE_PROPERTIES, 'property for property, in order');
      assert.equal(message.chatId, null);
      assert.deepEqual(message.channelIdentity, { teamId: m[1], channelId: m[2] });
      assert.deepEqual(Object.keys(message.from), ['application', 'device', 'user']);
      assert.deepEqual(Object.keys(message.from.user), ['userIdentityType', 'id', 'displayName', 'tenantId']);
      if (m[4]) {
        replies++;
        assert.equal(message.id, m[5]);
        assert.equal(message.replyToId, m[3]);
        assert.equal(message['@odata.context'], `https://graph.microsoft.com/$metadata#teams('${m[1]}')/channels('${encodeURIComponent(m[2])}')/messages('${m[3]}')/replies/$entity`);
      } else {
        assert.equal(message.id, m[3]);
        assert.equal(message.replyToId, null);
        assert.equal(message['@odata.context'], `https://graph.microsoft.com/$metadata#teams('${m[1]}')/channels('${encodeURIComponent(m[2])}')/messages/$entity`);
      }
    }
    assert.ok(replies > 0 && replies < items.length, 'messages and replies both occur');
  } finally {
    await emulator.close();
    await receiver.close();
  }
});

test('a channel subscription names its own team and channel', async () => {
  await withCertificateHarness(async (h, cert) => {
    const team = '11111111-2222-3333-4444-555555555555';
    const channel = '19:abc@thread.tacv2';
    const created = await createRichSubscription(h, cert, 'c', {
      resource: `/teams/${team}/channels/${channel}/messages`,
      changeType: 'created',
      expirationDateTime: new Date(h.clock.ms + 55 * 60_000).toISOString(),
    });
    await h.emulator.simulateChange(created.json.id, { count: 3 });
    for (const item of (h.receiver.notifications[0].json as any).value) {
      const m = CHANNEL_MESSAGE.exec(item.resource);
      assert.ok(m, item.resource);
      assert.equal(m[1], team);
      assert.equal(m[2], channel);
    }
  });
});

test('a chat message payload has every chatMessage property, chatId set and channelIdentity null', async () => {
  await withCertificateHarness(async (h, cert) => {
    const created = await createRichSubscription(h, cert, 'c', {
      resource: '/chats/19:abc@thread.v2/messages',
      changeType: 'created',
      expirationDateTime: new Date(h.clock.ms + 55 * 60_000).toISOString(),
    });
    await h.emulator.simulateChange(created.json.id);
    const item = (h.receiver.notifications[0].json as any).value[0];
    const message = decrypt(item.encryptedContent, cert.privateKeyPem);
    assert.deepEqual(Object.keys(message), CHAT_MESSAGE_PROPERTIES);
    assert.equal(message['@odata.context'], "https://graph.microsoft.com/$metadata#chats('19%3Aabc%40thread.v2')/messages/$entity");
    assert.equal(message.chatId, '19:abc@thread.v2');
    assert.equal(message.channelIdentity, null);
  });
});

test('Outlook $select keeps only the selected properties (with their @odata.type annotations), the @odata.* ids and id', async () => {
  const cert = await createTestCertificate();
  await withHarness(async (h) => {
    const created = await createRichSubscription(h, cert, 'c', { resource: '/me/events?$select=subject,start' });
    await h.emulator.simulateChange(created.json.id, { resourceData: { isAllDay: true } });
    const item = (h.receiver.notifications[0].json as any).value[0];
    const event = decrypt(item.encryptedContent, cert.privateKeyPem);
    assert.deepEqual(Object.keys(event).sort(), ['@odata.etag', '@odata.id', '@odata.type', 'id', 'start', 'subject']);
    assert.equal(event['@odata.type'], '#Microsoft.Graph.Event');
    assert.deepEqual(Object.keys(item.resourceData), ['@odata.type', '@odata.id', '@odata.etag', 'id']);
    assert.match(item.resource, /^Users\/[^/]+\/Events\/[^/]+$/);
  }, {}, {}, ['Calendars.Read']);
});
