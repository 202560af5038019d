/**
 * Text for the Event Hubs / Event Grid delivery channels: the hover that says what Graph needs on
 * the Azure side, and the notificationUrl snippets of the create flow. Pure (no `vscode`).
 *
 * Sources:
 * - https://learn.microsoft.com/en-us/graph/change-notifications-delivery-event-hubs (RBAC role
 *   "Azure Event Hubs Data Sender" or Key Vault secret "Get" for "Microsoft Graph Change Tracking",
 *   creating that service principal with appId 0bf30f3b-4a52-48df-9a82-234910c4a086, the
 *   validation message, no notificationUrl validation)
 * - https://learn.microsoft.com/en-us/azure/event-grid/subscribe-to-graph-api-events (partner
 *   topic created by Graph, activation, `microsoft.graph.subscriptionReauthorizationRequired`)
 * - https://learn.microsoft.com/en-us/azure/event-hubs/event-hubs-quotas (1 MB event size)
 */
import { CHANGE_TRACKING_APP_ID, EVENT_GRID_REAUTHORIZATION_TYPE, parseDeliveryChannel, type DeliveryChannelKind } from '../validation/deliveryChannel';
import { escapeSnippet } from './draftTemplate';

export const EVENT_HUBS_DOC = 'https://learn.microsoft.com/en-us/graph/change-notifications-delivery-event-hubs';
export const EVENT_GRID_DOC = 'https://learn.microsoft.com/en-us/azure/event-grid/subscribe-to-graph-api-events';

const SP_CREATE = [
  `If the tenant has no **Microsoft Graph Change Tracking** service principal, create it once (needs Application.ReadWrite.All):`,
  '```http',
  'POST https://graph.microsoft.com/v1.0/servicePrincipals',
  `{ "appId": "${CHANGE_TRACKING_APP_ID}" }`,
  '```',
  `or \`New-MgServicePrincipal -AppId ${CHANGE_TRACKING_APP_ID}\`.`,
].join('\n');

/** Markdown for a hover on an `EventHub:`/`EventGrid:` URL; undefined for webhook URLs. */
export function channelHoverMarkdown(url: string): string | undefined {
  const parsed = parseDeliveryChannel(url);
  const c = parsed.channel;
  if (parsed.kind === 'webhook') return undefined;
  if (parsed.kind === 'eventHub') {
    const rbac = c?.kind === 'eventHub' && c.form === 'rbac';
    const vault = c?.kind === 'eventHub' && c.form === 'keyVault';
    const lines = [
      `**Delivery through Azure Event Hubs**${c?.kind === 'eventHub' ? (c.form === 'rbac' ? ` — namespace \`${c.namespace}\`, event hub \`${c.eventHub}\`` : ` — key vault \`${c.vault}\`, secret \`${c.secret}\``) : ''}`,
      '',
      'Graph sends as the **Microsoft Graph Change Tracking** application; on the Azure side:',
      ...(vault ? [] : [`- **RBAC form** (\`…servicebus.windows.net/eventhubname/<hub>\`): assign the role **Azure Event Hubs Data Sender** on the event hub (or namespace) to *Microsoft Graph Change Tracking*.`]),
      ...(rbac ? [] : [`- **Key Vault form** (\`…vault.azure.net/secrets/<secret>\`): store the event hub's *Send* connection string as the secret and give *Microsoft Graph Change Tracking* the secret permission **Get** (access policy, or the *Key Vault Secrets User* role).`]),
      '- `tenantId` is your tenant\'s domain (e.g. contoso.onmicrosoft.com) — the directory of the Azure subscription that holds the resources.',
      '',
      SP_CREATE,
      '',
      'What changes compared with a webhook: no validation handshake (Graph sends one validation event with `"NA"` fields first — ignore it), no `validationTokens` in notifications, and each Event Hubs message is at most **1 MB**. Read with a *Listen* connection string or an Entra identity (**Graph Subscriptions: Add Event Hubs Source…**).',
      '',
      `[Microsoft Learn: Receive change notifications through Azure Event Hubs](${EVENT_HUBS_DOC})`,
    ];
    return lines.join('\n');
  }
  const lines = [
    `**Delivery through Azure Event Grid**${c?.kind === 'eventGrid' ? ` — partner topic \`${c.partnerTopic}\` in \`${c.resourceGroup}\` (${c.location})` : ''}`,
    '',
    '- In the Azure portal, **authorize Microsoft Graph API** as a partner in the resource group (Event Grid → Partner configurations → Authorize partner), before creating the subscription.',
    '- Creating the subscription makes Graph create the partner topic; **activate** it (Event Grid → Partner topics → Activate), then add an event subscription to your handler (webhook, function, queue, …).',
    `- Use the same \`EventGrid:\` form for \`lifecycleNotificationUrl\`; lifecycle events arrive with type \`${EVENT_GRID_REAUTHORIZATION_TYPE}\`. Renew at least 3 hours ahead.`,
    '- At most 10 partner topics per tenant and application.',
    '- Webhook handlers receive CloudEvents 1.0 after Event Grid\'s abuse-protection `OPTIONS` handshake; the extension\'s receiver answers it and unwraps the Graph notification.',
    '',
    `[Microsoft Learn: Receive Microsoft Graph API change events through Azure Event Grid](${EVENT_GRID_DOC})`,
  ];
  return lines.join('\n');
}

/** Delivery choices of the create flow. */
export const DELIVERY_CHOICES: readonly { kind: DeliveryChannelKind; label: string; detail: string }[] = [
  { kind: 'webhook', label: 'Webhook (receiver/tunnel)', detail: 'Graph POSTs to the local receiver (Sandbox) or its public tunnel URL.' },
  { kind: 'eventHub', label: 'Event Hubs', detail: 'Graph sends into an Azure event hub; read it here with an Event Hubs source. For high volume.' },
  { kind: 'eventGrid', label: 'Event Grid', detail: 'Graph publishes to an Event Grid partner topic; route it to any Event Grid handler.' },
];

/**
 * The notificationUrl of a new draft for a non-webhook channel, as a snippet with tab stops from
 * `first`. The same text is used for lifecycleNotificationUrl, so VS Code mirrors the tab stops.
 */
export function channelUrlSnippet(kind: 'eventHub' | 'eventGrid', first: number, tenantHint = 'contoso.onmicrosoft.com'): { snippet: string; next: number } {
  let n = first;
  const stop = (text: string): string => `\${${n++}:${escapeSnippet(text)}}`;
  if (kind === 'eventHub') {
    const snippet = `EventHub:https://${stop('contoso-ns')}.servicebus.windows.net/eventhubname/${stop('graph-events')}?tenantId=${stop(tenantHint)}`;
    return { snippet, next: n };
  }
  const snippet = `EventGrid:?azuresubscriptionid=${stop('00000000-0000-0000-0000-000000000000')}&resourcegroup=${stop('rg-graph')}&partnertopic=${stop('graph-events')}&location=${stop('westeurope')}`;
  return { snippet, next: n };
}
