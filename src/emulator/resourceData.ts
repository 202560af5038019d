/**
 * Sample data for simulated changes: the notification's `resource` and `resourceData` and, for rich
 * notifications, the full resource JSON that gets encrypted
 * (https://learn.microsoft.com/en-us/graph/api/resources/changenotification?view=graph-rest-1.0,
 * https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#resource-data-in-notification-payload).
 * Outlook and Teams shapes live in payloads/; directory and the rest here. Which resources are
 * allowed is the catalog's business.
 */
import { randomUUID } from 'node:crypto';
import { memoise } from '../util/memo';
import type { SampleChange, SampleContext } from './payloads/common';
import { segmentAfter } from './payloads/common';
import { outlookSample } from './payloads/outlook';
import { chatMessageSample, otherTeamsSample } from './payloads/teams';

export type { SampleChange, SampleContext } from './payloads/common';
export { selectedProperties } from './payloads/common';

export type SampleKind =
  | 'message' | 'event' | 'contact' | 'chatMessage' | 'conversationMember' | 'channel' | 'chat' | 'team'
  | 'user' | 'group' | 'conversation' | 'driveItem' | 'list' | 'presence' | 'callRecord' | 'callRecording'
  | 'callTranscript' | 'aiInteraction' | 'todoTask' | 'alert' | 'entity';

export const sampleKind = memoise((resource: string): SampleKind => {
  const p = resource.split('?')[0].replace(/^\/+/, '').toLowerCase();
  if (/interactionhistory/.test(p)) return 'aiInteraction';
  if (/(recordings|getallrecordings)$/.test(p)) return 'callRecording';
  if (/(transcripts|getalltranscripts|getalltrancripts)$/.test(p)) return 'callTranscript';
  if (/callrecords/.test(p)) return 'callRecord';
  if (/presences/.test(p)) return 'presence';
  if (/^(users\/[^/]+|me)\/(mailfolders[^/]*\/[^/]*\/)?messages$/.test(p) || /^(users\/[^/]+|me)\/mailfolders.*\/messages$/.test(p)) return 'message';
  if (/^(users\/[^/]+|me)\/(calendar\/)?events$/.test(p)) return 'event';
  if (/^(users\/[^/]+|me)\/(contactfolders\/[^/]+\/)?contacts$/.test(p)) return 'contact';
  if (/(\/messages|getallmessages)$/.test(p) && /(chats|teams)/.test(p)) return 'chatMessage';
  if (/(\/members|getallmembers)$/.test(p) && /(chats|teams)/.test(p)) return 'conversationMember';
  if (/(\/channels|getallchannels)$/.test(p)) return 'channel';
  if (/chats/.test(p) || /installedtochats$/.test(p)) return 'chat';
  if (/^teams(\/[^/]+)?$/.test(p)) return 'team';
  if (/^groups\/[^/]+\/conversations$/.test(p)) return 'conversation';
  if (/^groups/.test(p)) return 'group';
  if (/^users(\/[^/]+)?$/.test(p)) return 'user';
  if (/drive/.test(p)) return 'driveItem';
  if (/\/lists\//.test(p)) return 'list';
  if (/todo/.test(p)) return 'todoTask';
  if (/security\/alerts/.test(p)) return 'alert';
  return 'entity';
});

/** One simulated change of the subscription's resource. */
export function sampleChange(subscriptionResource: string, ctx: SampleContext): SampleChange {
  const kind = sampleKind(subscriptionResource);
  switch (kind) {
    case 'message':
    case 'event':
    case 'contact':
      return outlookSample(kind, subscriptionResource, ctx);
    case 'chatMessage':
      return withOverrides(chatMessageSample(subscriptionResource, ctx), ctx);
    case 'conversationMember':
    case 'channel':
    case 'chat':
    case 'team':
    case 'presence':
      return withOverrides(otherTeamsSample(kind, subscriptionResource, ctx), ctx);
    default:
      return withOverrides(directorySample(kind, subscriptionResource, ctx), ctx);
  }
}

function withOverrides(sample: SampleChange, ctx: SampleContext): SampleChange {
  return ctx.overrides ? { ...sample, full: { ...sample.full, ...ctx.overrides } } : sample;
}

/** Users and groups (resourceData as in https://learn.microsoft.com/en-us/graph/change-notifications-for-user), and the rest. */
function directorySample(kind: SampleKind, subscriptionResource: string, ctx: SampleContext): SampleChange {
  const at = ctx.now.toISOString();
  if (kind === 'user' || kind === 'group') {
    const id = ctx.itemId ?? segmentAfter(subscriptionResource, kind === 'user' ? 'users' : 'groups') ?? randomUUID();
    const resource = `${kind === 'user' ? 'Users' : 'Groups'}/${id}`;
    const type = kind === 'user' ? '#Microsoft.Graph.User' : '#Microsoft.Graph.Group';
    const resourceData = { '@odata.type': type, '@odata.id': resource, id, organizationId: ctx.tenantId, sequenceNumber: ctx.now.getTime() };
    const full =
      kind === 'user'
        ? { id, displayName: 'Diego Siciliani', userPrincipalName: 'diegos@contoso.example', jobTitle: 'Developer', mail: 'diegos@contoso.example' }
        : { id, displayName: 'Sandbox group', mailNickname: 'sandbox', mailEnabled: false, securityEnabled: true };
    return { resource, resourceData, full };
  }
  const id = ctx.itemId ?? randomUUID();
  const resource = `${subscriptionResource.split('?')[0].replace(/^\/+/, '')}/${id}`;
  const type = `#Microsoft.Graph.${kind}`;
  return { resource, resourceData: { '@odata.type': type, '@odata.id': resource, id }, full: { id, createdDateTime: at, lastModifiedDateTime: at } };
}
