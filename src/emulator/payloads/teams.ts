/**
 * Teams payloads, property for property as Graph sends them. chatMessage follows a genuine
 * decrypted channel reply and the example in
 * https://learn.microsoft.com/en-us/graph/teams-changenotifications-chatmessage#notifications-with-resource-data:
 * the whole object with its nulls; channel messages are `teams('…')/channels('…')/messages('…')`
 * (replies `…/replies('…')`), chat messages `chats('…')/messages('…')`.
 */
import { randomUUID } from 'node:crypto';
import { segmentAfter, teamsThreadId, type SampleChange, type SampleContext } from './common';

const METADATA = 'https://graph.microsoft.com/$metadata';

/** One chatMessage change. Channel subscriptions (teams/…) give channel messages, every third one a reply. */
export function chatMessageSample(subscriptionResource: string, ctx: SampleContext): SampleChange {
  const path = subscriptionResource.split('?')[0].replace(/^\/+/, '').toLowerCase();
  const channelScoped = path.startsWith('teams/');
  const at = ctx.now.toISOString();
  const id = String(ctx.now.getTime() + (ctx.index ?? 0));
  const from = {
    application: null,
    device: null,
    user: { userIdentityType: 'aadUser', id: ctx.userId || randomUUID(), displayName: 'Megan Bowen', tenantId: ctx.tenantId },
  };
  const common = {
    etag: id,
    messageType: 'message',
    createdDateTime: at,
    lastModifiedDateTime: at,
    lastEditedDateTime: null,
    deletedDateTime: null,
    subject: null,
    summary: null,
  };
  const tail = {
    body: { contentType: 'html', content: '<p>Hello from the Graph Subscriptions sandbox</p>' },
  };
  const lists = { attachments: [], mentions: [], reactions: [], replies: [], hostedContents: [] };
  if (channelScoped) {
    const team = segmentAfter(subscriptionResource, 'teams') ?? randomUUID();
    const channel = segmentAfter(subscriptionResource, 'channels') ?? teamsThreadId('thread.tacv2');
    const reply = (ctx.index ?? 0) % 3 === 2;
    const parent = reply ? String(ctx.now.getTime() - 60_000) : undefined;
    const base = `teams('${team}')/channels('${channel}')/messages('${parent ?? id}')`;
    const resource = reply ? `${base}/replies('${id}')` : base;
    const contextBase = `${METADATA}#teams('${team}')/channels('${encodeURIComponent(channel)}')/messages`;
    const full = {
      '@odata.context': reply ? `${contextBase}('${parent}')/replies/$entity` : `${contextBase}/$entity`,
      id,
      replyToId: parent ?? null,
      ...common,
      chatId: null,
      importance: 'normal',
      locale: 'en-us',
      webUrl: `https://teams.microsoft.com/l/message/${encodeURIComponent(channel)}/${id}?groupId=${team}&tenantId=${ctx.tenantId}&createdTime=${id}&parentMessageId=${parent ?? id}`,
      policyViolation: null,
      eventDetail: null,
      from,
      ...tail,
      channelIdentity: { teamId: team, channelId: channel },
      ...lists,
    };
    return { resource, resourceData: teamsResourceData(id, '#Microsoft.Graph.chatMessage', resource), full };
  }
  const chat = segmentAfter(subscriptionResource, 'chats') ?? teamsThreadId();
  const resource = `chats('${chat}')/messages('${id}')`;
  const full = {
    '@odata.context': `${METADATA}#chats('${encodeURIComponent(chat)}')/messages/$entity`,
    id,
    replyToId: null,
    ...common,
    chatId: chat,
    importance: 'normal',
    locale: 'en-us',
    webUrl: null,
    policyViolation: null,
    eventDetail: null,
    from,
    ...tail,
    channelIdentity: null,
    ...lists,
  };
  return { resource, resourceData: teamsResourceData(id, '#Microsoft.Graph.chatMessage', resource), full };
}

/** Teams examples carry `id`, `@odata.type` and `@odata.id` in resourceData, no etag. */
export function teamsResourceData(id: string, type: string, odataId: string): Record<string, unknown> {
  return { id, '@odata.type': type, '@odata.id': odataId };
}

/** conversationMember, channel, chat, team and presence changes. */
export function otherTeamsSample(kind: 'conversationMember' | 'channel' | 'chat' | 'team' | 'presence', subscriptionResource: string, ctx: SampleContext): SampleChange {
  const at = ctx.now.toISOString();
  switch (kind) {
    case 'conversationMember': {
      const id = Buffer.from(`${randomUUID()}##${ctx.userId}`).toString('base64url');
      const resource = `${subscriptionResource.split('?')[0].replace(/^\/+/, '')}('${id}')`;
      const full = {
        '@odata.type': '#microsoft.graph.aadUserConversationMember', id, roles: [], displayName: 'Lee Gu',
        visibleHistoryStartDateTime: '0001-01-01T00:00:00Z', userId: randomUUID(), email: 'leeg@contoso.example', tenantId: ctx.tenantId,
      };
      return { resource, resourceData: teamsResourceData(id, '#Microsoft.Graph.aadUserConversationMember', resource), full };
    }
    case 'channel': {
      const team = segmentAfter(subscriptionResource, 'teams') ?? randomUUID();
      const id = teamsThreadId('thread.tacv2');
      const resource = `teams('${team}')/channels('${id}')`;
      const full = {
        '@odata.context': `${METADATA}#teams('${team}')/channels/$entity`, id, createdDateTime: at, displayName: 'Sandbox channel',
        description: 'Created by the sandbox', isFavoriteByDefault: null, email: '', tenantId: ctx.tenantId,
        webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(id)}/Sandbox?groupId=${team}&tenantId=${ctx.tenantId}`, membershipType: 'standard',
      };
      return { resource, resourceData: teamsResourceData(id, '#Microsoft.Graph.channel', resource), full };
    }
    case 'chat': {
      const id = segmentAfter(subscriptionResource, 'chats') ?? teamsThreadId();
      const resource = `chats('${id}')`;
      const full = {
        '@odata.context': `${METADATA}#chats/$entity`, id, topic: 'Sandbox chat', createdDateTime: at, lastUpdatedDateTime: at,
        chatType: 'group', webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(id)}/0?tenantId=${ctx.tenantId}`, tenantId: ctx.tenantId,
        onlineMeetingInfo: null, viewpoint: null,
      };
      return { resource, resourceData: teamsResourceData(id, '#Microsoft.Graph.chat', resource), full };
    }
    case 'team': {
      const id = segmentAfter(subscriptionResource, 'teams') ?? randomUUID();
      const resource = `teams('${id}')`;
      const full = {
        '@odata.context': `${METADATA}#teams/$entity`, id, createdDateTime: at, displayName: 'Sandbox team', description: 'Created by the sandbox',
        internalId: teamsThreadId('thread.tacv2'), classification: null, specialization: 'none', visibility: 'private', webUrl: null, isArchived: false,
        tenantId: ctx.tenantId, isMembershipLimitedToOwners: null, memberSettings: null, guestSettings: null, messagingSettings: null, funSettings: null,
        discoverySettings: null, summary: null,
      };
      return { resource, resourceData: teamsResourceData(id, '#Microsoft.Graph.team', resource), full };
    }
    case 'presence': {
      const id = segmentAfter(subscriptionResource, 'presences') ?? ctx.userId;
      const resource = `communications/presences('${id}')`;
      const full = {
        '@odata.type': '#Microsoft.Graph.presence', '@odata.id': resource, id, activity: 'InACall', availability: 'Busy',
        statusMessage: null, outOfOfficeSettings: { message: null, isOutOfOffice: false },
      };
      return { resource, resourceData: { '@odata.type': '#Microsoft.Graph.presence', '@odata.id': resource, id, activity: 'InACall', availability: 'Busy' }, full };
    }
  }
}
