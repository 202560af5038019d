/**
 * Event Hubs / Event Grid notification URLs: one diagnostic per malformed part, spanning exactly that
 * part of the draft text (table-driven, through validateDraft as the editor runs it), plus the pure
 * parser's channel data and labels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toGraphError, validateDraft, type Finding, type TextEdit } from '../../src/validation/index';
import { channelLabel, parseDeliveryChannel, EVENT_HUBS_MAX_MESSAGE_BYTES } from '../../src/validation/deliveryChannel';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const RBAC = 'EventHub:https://contoso-ns.servicebus.windows.net/eventhubname/graph-events?tenantId=contoso.onmicrosoft.com';
const VAULT = 'EventHub:https://contoso-kv.vault.azure.net/secrets/graph-evh?tenantId=contoso.onmicrosoft.com';
const GRID = 'EventGrid:?azuresubscriptionid=8a3c2f4e-0000-4c1b-9f1d-1e2d3c4b5a69&resourcegroup=rg-graph&partnertopic=graph-users&location=westeurope';

function draft(prop: 'notificationUrl' | 'lifecycleNotificationUrl', url: string): string {
  const o: Record<string, unknown> = {
    changeType: 'updated', notificationUrl: RBAC, resource: 'users', expirationDateTime: new Date(NOW.getTime() + 86_400_000).toISOString(), clientState: 'abc',
  };
  o[prop] = url;
  return JSON.stringify(o, null, 2);
}

function urlFindings(text: string): Finding[] {
  return validateDraft(text, { operation: 'create', accountKind: 'application', now: NOW })
    .filter((f) => f.property === 'notificationUrl' || f.property === 'lifecycleNotificationUrl');
}

const spanText = (text: string, f: Finding): string => text.slice(f.span.offset, f.span.offset + f.span.length);
function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

interface Case {
  name: string;
  url: string;
  part: string;
  /** The exact text the diagnostic underlines ('' = an insertion point, checked with `at`). */
  span: string;
  /** For zero-length spans: the text right before the insertion point. */
  before?: string;
  message: RegExp;
  /** The edit fix, when there is one, removes the finding. */
  fixRemoves?: boolean;
  severity?: 'error' | 'warning';
}

const CASES: Case[] = [
  {
    name: 'RBAC form without tenantId (no query at all)', part: 'tenantId',
    url: 'EventHub:https://contoso-ns.servicebus.windows.net/eventhubname/graph-events', span: '', before: '/graph-events', message: /\?tenantId=<domain>/,
  },
  {
    name: 'RBAC form with a query but no tenantId', part: 'tenantId',
    url: 'EventHub:https://contoso-ns.servicebus.windows.net/eventhubname/graph-events?tenant=contoso.com', span: '?tenant=contoso.com', message: /tenantId/,
  },
  {
    name: 'Key Vault form with an empty tenantId', part: 'tenantId',
    url: 'EventHub:https://contoso-kv.vault.azure.net/secrets/graph-evh?tenantId=', span: 'tenantId=', message: /tenantId is empty/,
  },
  {
    name: 'RBAC form without the literal eventhubname segment', part: 'eventhubnameSegment',
    url: 'EventHub:https://contoso-ns.servicebus.windows.net/graph-events?tenantId=contoso.com', span: '/graph-events', message: /\/eventhubname\/graph-events/, fixRemoves: true,
  },
  {
    name: 'RBAC form with the hub name used as the segment', part: 'eventhubnameSegment',
    url: 'EventHub:https://contoso-ns.servicebus.windows.net/eventhubs/graph-events?tenantId=contoso.com', span: '/eventhubs/graph-events', message: /literal segment \/eventhubname\//, fixRemoves: true,
  },
  {
    name: 'RBAC form with the event hub name missing', part: 'eventHubName',
    url: 'EventHub:https://contoso-ns.servicebus.windows.net/eventhubname/?tenantId=contoso.com', span: 'eventhubname', message: /name is missing/,
  },
  {
    name: 'wrong host suffix (servicebus.windows.com)', part: 'hostSuffix',
    url: 'EventHub:https://contoso-ns.servicebus.windows.com/eventhubname/graph-events?tenantId=contoso.com', span: 'contoso-ns.servicebus.windows.com',
    message: /contoso-ns\.servicebus\.windows\.net/, fixRemoves: true,
  },
  {
    name: 'wrong host suffix (the Event Hubs portal host)', part: 'hostSuffix',
    url: 'EventHub:https://contoso-ns.azure.com/eventhubname/graph-events?tenantId=contoso.com', span: 'contoso-ns.azure.com', message: /neither an Event Hubs namespace/, fixRemoves: true,
  },
  {
    name: 'Key Vault form without /secrets/', part: 'secretsSegment',
    url: 'EventHub:https://contoso-kv.vault.azure.net/keys/graph-evh?tenantId=contoso.com', span: '/keys/graph-evh', message: /\/secrets\/<secret-name>/,
  },
  {
    name: 'EventHub: URL over http', part: 'scheme',
    url: 'EventHub:http://contoso-ns.servicebus.windows.net/eventhubname/graph-events?tenantId=contoso.com', span: 'http', message: /must use https/, fixRemoves: true,
  },
  {
    name: 'EventHub: with no URL after it', part: 'syntax',
    url: 'EventHub:contoso-ns/graph-events', span: 'contoso-ns/graph-events', message: /must be followed by https:\/\//,
  },
  {
    name: 'Event Grid form missing location', part: 'eventGridParameter',
    url: 'EventGrid:?azuresubscriptionid=1&resourcegroup=rg&partnertopic=t', span: '?azuresubscriptionid=1&resourcegroup=rg&partnertopic=t', message: /missing location=/,
  },
  {
    name: 'Event Grid form missing partnertopic', part: 'eventGridParameter',
    url: 'EventGrid:?azuresubscriptionid=1&resourcegroup=rg&location=westus', span: '?azuresubscriptionid=1&resourcegroup=rg&location=westus', message: /missing partnertopic=/,
  },
  {
    name: 'Event Grid form with an empty resourcegroup', part: 'eventGridParameter',
    url: 'EventGrid:?azuresubscriptionid=1&resourcegroup=&partnertopic=t&location=westus', span: 'resourcegroup=', message: /resourcegroup is empty/,
  },
  {
    name: 'Event Grid form with no query', part: 'eventGridParameter',
    url: 'EventGrid:', span: 'EventGrid:', message: /missing azuresubscriptionid=/,
  },
  {
    name: 'Event Grid form with a misspelt parameter', part: 'eventGridUnknownParameter', severity: 'warning',
    url: 'EventGrid:?azuresubscriptionid=1&resourcegrup=rg&partnertopic=t&location=westus', span: 'resourcegrup', message: /did you mean resourcegroup/, fixRemoves: true,
  },
  {
    name: 'Event Grid form with text before the query', part: 'syntax',
    url: 'EventGrid:https://x?azuresubscriptionid=1&resourcegroup=rg&partnertopic=t&location=westus', span: 'https://x', message: /Nothing goes between/, fixRemoves: true,
  },
];

for (const prop of ['notificationUrl', 'lifecycleNotificationUrl'] as const) {
  for (const c of CASES) {
    test(`${prop}: ${c.name} → ${c.part} with the exact span`, () => {
      const text = draft(prop, c.url);
      const all = urlFindings(text).filter((f) => f.property === prop);
      const f = all.find((x) => x.data?.part === c.part);
      assert.ok(f, `expected a ${c.part} finding; got ${JSON.stringify(all.map((x) => x.data?.part))}`);
      assert.equal(f.severity, c.severity ?? 'error');
      assert.equal(spanText(text, f), c.span);
      if (c.before !== undefined) assert.ok(text.slice(0, f.span.offset).endsWith(c.before), `insertion point after ${c.before}`);
      assert.match(f.message, c.message);
      assert.ok(f.message.startsWith(`${prop}: `), 'names the property');
      if (c.fixRemoves) {
        const fix = f.fixes?.find((x) => x.kind === 'edit');
        assert.ok(fix && fix.kind === 'edit', 'expected an edit fix');
        const fixed = applyEdits(text, fix.edits);
        const after = urlFindings(fixed).filter((x) => x.property === prop && x.data?.part === c.part);
        assert.deepEqual(after.map((x) => x.message), [], `fix "${fix.title}" leaves:\n${fixed}`);
      }
    });
  }
}

test('the three well-formed forms have no URL findings, in either property', () => {
  for (const url of [RBAC, VAULT, GRID, RBAC.replace('EventHub:', 'eventhub:')]) {
    for (const prop of ['notificationUrl', 'lifecycleNotificationUrl'] as const) {
      assert.deepEqual(urlFindings(draft(prop, url)).map((f) => f.message), [], `${prop} = ${url}`);
    }
  }
});

test('an EventHub: URL with a JSON escape still gets a finding, on the whole literal', () => {
  const text = draft('notificationUrl', 'X').replace('"X"', '"EventHub:https:\\/\\/ns.servicebus.windows.net\\/hub?tenantId=c"');
  const f = urlFindings(text).find((x) => x.data?.part === 'eventhubnameSegment');
  assert.ok(f);
  assert.equal(spanText(text, f), '"EventHub:https:\\/\\/ns.servicebus.windows.net\\/hub?tenantId=c"');
  assert.equal(f.fixes, undefined, 'no offset-based fix inside an escaped literal');
});

test('parser: channel data for each form and labels for the tree', () => {
  assert.deepEqual(parseDeliveryChannel(RBAC).channel, { kind: 'eventHub', form: 'rbac', namespace: 'contoso-ns', eventHub: 'graph-events', tenantId: 'contoso.onmicrosoft.com' });
  assert.deepEqual(parseDeliveryChannel(VAULT).channel, { kind: 'eventHub', form: 'keyVault', vault: 'contoso-kv', secret: 'graph-evh', tenantId: 'contoso.onmicrosoft.com' });
  assert.deepEqual(parseDeliveryChannel(GRID).channel, {
    kind: 'eventGrid', azureSubscriptionId: '8a3c2f4e-0000-4c1b-9f1d-1e2d3c4b5a69', resourceGroup: 'rg-graph', partnerTopic: 'graph-users', location: 'westeurope',
  });
  assert.equal(channelLabel(RBAC), 'Event Hubs · contoso-ns/graph-events');
  assert.equal(channelLabel(VAULT), 'Event Hubs · Key Vault contoso-kv/graph-evh');
  assert.equal(channelLabel(GRID), 'Event Grid · graph-users');
  assert.equal(channelLabel('https://x.example/api'), 'Webhook');
  assert.equal(channelLabel('EventGrid:?location=x'), 'Event Grid (malformed URL)');
  assert.equal(EVENT_HUBS_MAX_MESSAGE_BYTES, 1_048_576);
});

test('the emulator answers a malformed EventHub: URL with Graph\'s wording', () => {
  const text = draft('notificationUrl', 'EventHub:https://contoso-kv.vault.azure.net/secrets/x');
  const f = urlFindings(text).find((x) => x.severity === 'error');
  assert.ok(f);
  assert.equal(toGraphError(f).message, "Invalid event hub notification url='EventHub:https://contoso-kv.vault.azure.net/secrets/x'.");
});
