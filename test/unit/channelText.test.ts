/**
 * Create-flow templates and hovers for the Event Hubs / Event Grid channels: the drafts they insert
 * pass the validator's URL checks, and the hover names what Graph needs on the Azure side.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDraftSnippet, expandSnippet } from '../../src/editor/draftTemplate';
import { channelHoverMarkdown, channelUrlSnippet, DELIVERY_CHOICES } from '../../src/editor/channelText';
import { validateDraft } from '../../src/validation/index';

const NOW = new Date('2026-11-23T12:00:00.000Z');

for (const kind of ['eventHub', 'eventGrid'] as const) {
  test(`the ${kind} create-flow draft has a well-formed URL, mirrored into lifecycleNotificationUrl`, () => {
    const snippet = buildDraftSnippet({
      pattern: 'chats/{chatId}/messages', changeTypes: ['created', 'updated'], expirationDateTime: new Date(NOW.getTime() + 3_600_000 * 2).toISOString(),
      notificationUrl: 'http://127.0.0.1:1/notifications', lifecycleRequired: true, lifecycleNotificationUrl: undefined, clientState: 'x'.repeat(32),
      channelUrl: (first) => channelUrlSnippet(kind, first),
    });
    const text = expandSnippet(snippet);
    const body = JSON.parse(text) as Record<string, string>;
    assert.match(body.notificationUrl, kind === 'eventHub' ? /^EventHub:https:\/\/contoso-ns\.servicebus\.windows\.net\/eventhubname\/graph-events\?tenantId=/ : /^EventGrid:\?azuresubscriptionid=/);
    assert.equal(body.lifecycleNotificationUrl, body.notificationUrl);
    const urlFindings = validateDraft(text, { operation: 'create', accountKind: 'application', now: NOW })
      .filter((f) => f.property === 'notificationUrl' || f.property === 'lifecycleNotificationUrl');
    assert.deepEqual(urlFindings.map((f) => f.message), []);
    // Tab stops: the URL's parts are placeholders the user tabs through.
    assert.ok(/\$\{\d+:contoso-ns\}|\$\{\d+:rg-graph\}/.test(snippet));
  });
}

test('the create flow offers the three delivery channels by name', () => {
  assert.deepEqual(DELIVERY_CHOICES.map((c) => c.label), ['Webhook (receiver/tunnel)', 'Event Hubs', 'Event Grid']);
});

test('hover: RBAC form names the Data Sender role, the Change Tracking app id and the 1 MB limit', () => {
  const md = channelHoverMarkdown('EventHub:https://ns.servicebus.windows.net/eventhubname/hub?tenantId=contoso.com') ?? '';
  assert.match(md, /Azure Event Hubs Data Sender/);
  assert.match(md, /0bf30f3b-4a52-48df-9a82-234910c4a086/);
  assert.match(md, /POST https:\/\/graph\.microsoft\.com\/v1\.0\/servicePrincipals/);
  assert.match(md, /1 MB/);
  assert.match(md, /no `validationTokens`/);
  assert.doesNotMatch(md, /Key Vault form/, 'only the form in use');
  assert.match(md, /https:\/\/learn\.microsoft\.com\/en-us\/graph\/change-notifications-delivery-event-hubs/);
});

test('hover: Key Vault form names the secret Get permission; Event Grid names activation and the lifecycle type', () => {
  const kv = channelHoverMarkdown('EventHub:https://kv.vault.azure.net/secrets/s?tenantId=contoso.com') ?? '';
  assert.match(kv, /secret permission \*\*Get\*\*/);
  assert.doesNotMatch(kv, /Data Sender/);
  const eg = channelHoverMarkdown('EventGrid:?azuresubscriptionid=1&resourcegroup=rg&partnertopic=t&location=westus') ?? '';
  assert.match(eg, /\*\*activate\*\*/);
  assert.match(eg, /microsoft\.graph\.subscriptionReauthorizationRequired/);
  assert.equal(channelHoverMarkdown('https://example.com/api'), undefined);
});
