/**
 * The `graphsub-*` snippet definitions (VS Code snippet syntax:
 * https://code.visualstudio.com/docs/editing/userdefinedsnippets#_snippet-syntax), offered by the
 * draft completion provider (draftSnippets.ts). Data only.
 */
export interface SnippetDefinition {
  readonly prefix: readonly string[];
  readonly description: string;
  readonly body: readonly string[];
}

export const SNIPPET_DEFINITIONS: Readonly<Record<string, SnippetDefinition>> = {
  "Graph subscription": {
    "prefix": [
      "graphsub"
    ],
    "description": "Microsoft Graph change-notification subscription (any resource). Set the expiration to the resource's maximum with the quick fix.",
    "body": [
      "{",
      "\t\"changeType\": \"${1:created,updated,deleted}\",",
      "\t\"notificationUrl\": \"https://${2:your-public-host}/notifications\",",
      "\t\"resource\": \"${3:me/messages}\",",
      "\t\"expirationDateTime\": \"${4:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}T23:59:00Z}\",",
      "\t\"clientState\": \"${UUID}\",",
      "\t\"includeResourceData\": false$0",
      "}"
    ]
  },
  "Graph subscription: Outlook messages": {
    "prefix": [
      "graphsub-messages"
    ],
    "description": "Subscription to a mailbox's messages (max 10,080 minutes). Set the expiration to the resource's maximum with the quick fix.",
    "body": [
      "{",
      "\t\"changeType\": \"${1:created,updated,deleted}\",",
      "\t\"notificationUrl\": \"https://${2:your-public-host}/notifications\",",
      "\t\"resource\": \"${3|me,users/{userId}|}/messages\",",
      "\t\"expirationDateTime\": \"${4:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}T23:59:00Z}\",",
      "\t\"clientState\": \"${UUID}\",",
      "\t\"includeResourceData\": false$0",
      "}"
    ]
  },
  "Graph subscription: Outlook events": {
    "prefix": [
      "graphsub-events"
    ],
    "description": "Subscription to a calendar's events. Set the expiration to the resource's maximum with the quick fix.",
    "body": [
      "{",
      "\t\"changeType\": \"${1:created,updated,deleted}\",",
      "\t\"notificationUrl\": \"https://${2:your-public-host}/notifications\",",
      "\t\"resource\": \"${3|me,users/{userId}|}/events\",",
      "\t\"expirationDateTime\": \"${4:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}T23:59:00Z}\",",
      "\t\"clientState\": \"${UUID}\",",
      "\t\"includeResourceData\": false$0",
      "}"
    ]
  },
  "Graph subscription: users": {
    "prefix": [
      "graphsub-users"
    ],
    "description": "Subscription to directory users (updated = create, update, soft delete; deleted = permanent). Set the expiration to the resource's maximum with the quick fix.",
    "body": [
      "{",
      "\t\"changeType\": \"${1:updated,deleted}\",",
      "\t\"notificationUrl\": \"https://${2:your-public-host}/notifications\",",
      "\t\"resource\": \"users\",",
      "\t\"expirationDateTime\": \"${3:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}T23:59:00Z}\",",
      "\t\"clientState\": \"${UUID}\",",
      "\t\"includeResourceData\": false$0",
      "}"
    ]
  },
  "Graph subscription: groups": {
    "prefix": [
      "graphsub-groups"
    ],
    "description": "Subscription to directory groups. Set the expiration to the resource's maximum with the quick fix.",
    "body": [
      "{",
      "\t\"changeType\": \"${1:updated,deleted}\",",
      "\t\"notificationUrl\": \"https://${2:your-public-host}/notifications\",",
      "\t\"resource\": \"groups\",",
      "\t\"expirationDateTime\": \"${3:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}T23:59:00Z}\",",
      "\t\"clientState\": \"${UUID}\",",
      "\t\"includeResourceData\": false$0",
      "}"
    ]
  },
  "Graph subscription: Teams chat messages": {
    "prefix": [
      "graphsub-teams-chat"
    ],
    "description": "Subscription to the messages of a Teams chat (lifecycleNotificationUrl required over one hour). Set the expiration to the resource's maximum with the quick fix.",
    "body": [
      "{",
      "\t\"changeType\": \"${1:created,updated,deleted}\",",
      "\t\"notificationUrl\": \"https://${2:your-public-host}/notifications\",",
      "\t\"lifecycleNotificationUrl\": \"https://${3:your-public-host}/lifecycle\",",
      "\t\"resource\": \"chats/${4:chatId}/messages\",",
      "\t\"expirationDateTime\": \"${5:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}T23:59:00Z}\",",
      "\t\"clientState\": \"${UUID}\",",
      "\t\"includeResourceData\": false$0",
      "}"
    ]
  },
  "Graph subscription: Teams channel messages": {
    "prefix": [
      "graphsub-teams-channel"
    ],
    "description": "Subscription to the messages of a Teams channel (lifecycleNotificationUrl required over one hour). Set the expiration to the resource's maximum with the quick fix.",
    "body": [
      "{",
      "\t\"changeType\": \"${1:created,updated,deleted}\",",
      "\t\"notificationUrl\": \"https://${2:your-public-host}/notifications\",",
      "\t\"lifecycleNotificationUrl\": \"https://${3:your-public-host}/lifecycle\",",
      "\t\"resource\": \"teams/${4:teamId}/channels/${5:channelId}/messages\",",
      "\t\"expirationDateTime\": \"${6:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}T23:59:00Z}\",",
      "\t\"clientState\": \"${UUID}\",",
      "\t\"includeResourceData\": false$0",
      "}"
    ]
  },
  "Graph subscription: OneDrive root": {
    "prefix": [
      "graphsub-drive"
    ],
    "description": "Subscription to a drive's root folder (updated only). Set the expiration to the resource's maximum with the quick fix.",
    "body": [
      "{",
      "\t\"changeType\": \"${1:updated}\",",
      "\t\"notificationUrl\": \"https://${2:your-public-host}/notifications\",",
      "\t\"resource\": \"${3|me,users/{userId}|}/drive/root\",",
      "\t\"expirationDateTime\": \"${4:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}T23:59:00Z}\",",
      "\t\"clientState\": \"${UUID}\",",
      "\t\"includeResourceData\": false$0",
      "}"
    ]
  },
  "Graph subscription: rich notifications": {
    "prefix": [
      "graphsub-rich"
    ],
    "description": "Subscription with resource data (includeResourceData + encryption certificate). Generate the certificate with the quick fix. Set the expiration to the resource's maximum with the quick fix.",
    "body": [
      "{",
      "\t\"changeType\": \"${1:created,updated}\",",
      "\t\"notificationUrl\": \"https://${2:your-public-host}/notifications\",",
      "\t\"lifecycleNotificationUrl\": \"https://${3:your-public-host}/lifecycle\",",
      "\t\"resource\": \"chats/${4:chatId}/messages\",",
      "\t\"expirationDateTime\": \"${5:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}T23:59:00Z}\",",
      "\t\"clientState\": \"${UUID}\",",
      "\t\"includeResourceData\": true,",
      "\t\"encryptionCertificate\": \"${6:base64-public-certificate}\",",
      "\t\"encryptionCertificateId\": \"${7:my-certificate-1}\"$0",
      "}"
    ]
  },
  "Graph subscription: Event Hubs delivery": {
    "prefix": [
      "graphsub-eventhub"
    ],
    "description": "Subscription delivered into Azure Event Hubs (RBAC form). Give 'Microsoft Graph Change Tracking' the Azure Event Hubs Data Sender role on the hub; hover the URL for the setup.",
    "body": [
      "{",
      "\t\"changeType\": \"${1:updated,deleted}\",",
      "\t\"notificationUrl\": \"EventHub:https://${2:contoso-ns}.servicebus.windows.net/eventhubname/${3:graph-events}?tenantId=${4:contoso.onmicrosoft.com}\",",
      "\t\"lifecycleNotificationUrl\": \"EventHub:https://${2:contoso-ns}.servicebus.windows.net/eventhubname/${3:graph-events}?tenantId=${4:contoso.onmicrosoft.com}\",",
      "\t\"resource\": \"${5:users}\",",
      "\t\"expirationDateTime\": \"${6:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}T23:59:00Z}\",",
      "\t\"clientState\": \"${UUID}\",",
      "\t\"includeResourceData\": false$0",
      "}"
    ]
  },
  "Graph subscription: Event Hubs delivery (Key Vault)": {
    "prefix": [
      "graphsub-eventhub-keyvault"
    ],
    "description": "Subscription delivered into Azure Event Hubs through a Key Vault secret holding the hub's Send connection string ('Microsoft Graph Change Tracking' needs Get on secrets).",
    "body": [
      "{",
      "\t\"changeType\": \"${1:updated,deleted}\",",
      "\t\"notificationUrl\": \"EventHub:https://${2:contoso-kv}.vault.azure.net/secrets/${3:graph-events-connection}?tenantId=${4:contoso.onmicrosoft.com}\",",
      "\t\"resource\": \"${5:users}\",",
      "\t\"expirationDateTime\": \"${6:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}T23:59:00Z}\",",
      "\t\"clientState\": \"${UUID}\",",
      "\t\"includeResourceData\": false$0",
      "}"
    ]
  },
  "Graph subscription: Event Grid delivery": {
    "prefix": [
      "graphsub-eventgrid"
    ],
    "description": "Subscription delivered to an Azure Event Grid partner topic (authorize Microsoft Graph API as a partner first, activate the topic after). Lifecycle events arrive as microsoft.graph.subscriptionReauthorizationRequired.",
    "body": [
      "{",
      "\t\"changeType\": \"${1:updated,deleted}\",",
      "\t\"notificationUrl\": \"EventGrid:?azuresubscriptionid=${2:00000000-0000-0000-0000-000000000000}&resourcegroup=${3:rg-graph}&partnertopic=${4:graph-events}&location=${5:westeurope}\",",
      "\t\"lifecycleNotificationUrl\": \"EventGrid:?azuresubscriptionid=${2:00000000-0000-0000-0000-000000000000}&resourcegroup=${3:rg-graph}&partnertopic=${4:graph-events}&location=${5:westeurope}\",",
      "\t\"resource\": \"${6:users}\",",
      "\t\"expirationDateTime\": \"${7:${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}T23:59:00Z}\",",
      "\t\"clientState\": \"${UUID}\",",
      "\t\"includeResourceData\": false$0",
      "}"
    ]
  }
};
