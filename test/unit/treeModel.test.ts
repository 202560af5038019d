import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildSubscriptionNode,
  buildSubscriptionNodes,
  maxRenewalExpiration,
  recreateDraft,
  relativeCountdown,
  subscriptionState,
} from '../../src/tree/treeModel';
import type { Subscription } from '../../src/graph/types';

const NOW = new Date('2030-01-01T00:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
const sub = (id: string, minutes: number, extra: Partial<Subscription> = {}): Subscription => ({
  id,
  resource: 'me/messages',
  changeType: 'created,updated',
  notificationUrl: 'https://example.com/n',
  expirationDateTime: at(minutes),
  ...extra,
});

test('countdown text', () => {
  assert.equal(relativeCountdown(at(3 * 1440 + 125), NOW), 'in 3 d 2 h');
  assert.equal(relativeCountdown(at(90), NOW), 'in 1 h 30 min');
  assert.equal(relativeCountdown(at(45), NOW), 'in 45 min');
  assert.equal(relativeCountdown(at(0.5), NOW), 'in 30 s');
  assert.equal(relativeCountdown(at(-5), NOW), 'expired 5 min ago');
});

test('state by threshold: healthy, expiring soon, expired', () => {
  assert.equal(subscriptionState(at(61), NOW, 60), 'healthy');
  assert.equal(subscriptionState(at(60), NOW, 60), 'expiringSoon');
  assert.equal(subscriptionState(at(-1), NOW, 60), 'expired');
  assert.equal(subscriptionState(at(100), NOW, 120), 'expiringSoon');
});

test('subscription node: stable id, label/description, contextValue the menus match, secret-free tooltip', () => {
  const node = buildSubscriptionNode('sandbox', true, sub('s1', 30, { clientState: 'very-secret-state' }), NOW, 60);
  assert.equal(node.id, 'sandbox/s1');
  assert.equal(node.label, 'me/messages');
  assert.equal(node.description, 'in 30 min · created,updated');
  // Query options go after the countdown, so a long $select never hides it.
  const filtered = buildSubscriptionNode('sandbox', true, sub('s3', 30, { resource: 'me/messages?$select=Subject,From' }), NOW, 60);
  assert.equal(filtered.label, 'me/messages');
  assert.equal(filtered.description, 'in 30 min · created,updated · ?$select=Subject,From');
  assert.match(filtered.tooltip, /me\/messages\?\$select=Subject,From/);
  assert.equal(node.contextValue, 'subscription:expiringSoon:sandbox:delta', 'me/messages has a delta query: the Resync action shows');
  assert.match(node.contextValue, /^subscription.*:sandbox/);
  assert.match(node.contextValue, /^subscription.*:delta/);
  const teams = buildSubscriptionNode('sandbox', true, sub('s4', 30, { resource: 'chats/getAllMessages' }), NOW, 60);
  assert.equal(teams.contextValue, 'subscription:expiringSoon:sandbox', 'no delta query for chat messages: no Resync action');
  assert.ok(node.tooltip.includes('| clientState | \\(set\\) |'), node.tooltip);
  assert.doesNotMatch(node.tooltip, /very-secret-state/);
  assert.match(node.tooltip, /notificationUrl \| https:\/\/example\\\.com\/n/);
  const real = buildSubscriptionNode('msal:x', false, sub('s2', 3000), NOW, 60);
  assert.equal(real.contextValue, 'subscription:healthy:delta');
});

test('nodes are sorted soonest expiry first', () => {
  const nodes = buildSubscriptionNodes('a', false, [sub('late', 500), sub('gone', -5), sub('soon', 5)], NOW, 60);
  assert.deepEqual(nodes.map((n) => n.subscriptionId), ['gone', 'soon', 'late']);
});

test('renew to maximum uses the catalog lifetime (with and without resource data) minus a safety minute', () => {
  const plain = maxRenewalExpiration({ resource: 'me/messages', includeResourceData: false }, NOW);
  assert.equal(plain.known, true);
  assert.equal(plain.expiration.getTime(), NOW.getTime() + 10080 * 60_000 - 60_000);
  const rich = maxRenewalExpiration({ resource: 'me/messages', includeResourceData: true }, NOW);
  assert.equal(rich.expiration.getTime(), NOW.getTime() + 1440 * 60_000 - 60_000);
  const unknown = maxRenewalExpiration({ resource: 'nothing/known/here' }, NOW);
  assert.equal(unknown.known, false);
});

test('recreate draft drops read-only and empty properties and takes a fresh expiration', () => {
  const draft = recreateDraft(sub('old', -10, { applicationId: 'app', creatorId: 'me', clientState: 'cs', encryptionCertificate: null, notificationContentType: 'application/json' }), at(100));
  assert.deepEqual(draft, {
    resource: 'me/messages',
    changeType: 'created,updated',
    notificationUrl: 'https://example.com/n',
    expirationDateTime: at(100),
    clientState: 'cs',
  });
});

test('the tree names each subscription\'s delivery channel: Event Hubs and Event Grid in the row, all in the tooltip', () => {
  const hub = buildSubscriptionNode('a', false, sub('h', 30, { notificationUrl: 'EventHub:https://ns.servicebus.windows.net/eventhubname/graph?tenantId=contoso.com' }), NOW, 60);
  assert.equal(hub.description, 'in 30 min · Event Hubs · created,updated');
  assert.match(hub.tooltip, /Delivery: Event Hubs · ns\/graph/);
  const grid = buildSubscriptionNode('a', false, sub('g', 30, { notificationUrl: 'EventGrid:?azuresubscriptionid=1&resourcegroup=rg&partnertopic=topic&location=westus' }), NOW, 60);
  assert.equal(grid.description, 'in 30 min · Event Grid · created,updated');
  assert.match(grid.tooltip, /Delivery: Event Grid · topic/);
  const webhook = buildSubscriptionNode('a', false, sub('w', 30), NOW, 60);
  assert.equal(webhook.description, 'in 30 min · created,updated');
  assert.match(webhook.tooltip, /Delivery: Webhook/);
});
