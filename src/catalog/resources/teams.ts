/** Microsoft Teams and communications resources (including Shifts). */
import type { PathPattern, ResourceEntry } from '../types';
import {
  S002, S003, S004, doc, manageAll, noRich, onePerApp, perms, richTeams, teamsLifetime, teamsMeetingArtifact, teamsOrgAndTeam, teamsOrgQuota, tenPer,
} from './helpers';

const modelNote = 'Metered API: payment models and licensing requirements may apply. Without `model=` the evaluation mode is used. To change the model, create a new subscription.';

function shift(id: string, displayName: string, segment: string): ResourceEntry {
  return {
    id,
    displayName,
    group: 'Teams',
    docsUrl: doc(id.toLowerCase()),
    paths: [{
      pattern: `teams/{teamId}/schedule/${segment}`, example: `teams/{id}/schedule/${segment}`, description: `Changes to any ${displayName.toLowerCase()} in a team`,
      queryOptions: [], sources: [S003, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
    }],
    permissions: perms('Schedule.Read.All, Schedule.ReadWrite.All', 'Not supported.', 'Schedule.Read.All, Schedule.ReadWrite.All'),
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 360,
    rich: noRich,
    lifecycleUrlRequiredOverOneHour: false,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: [
      onePerApp('subscription per app and path per tenant'),
      tenPer('delegated-user subscriptions per path and user per tenant'),
      teamsOrgQuota,
    ],
    notes: ['Change types are not restricted in the documents read [UNDOCUMENTED].'],
    sources: [{ fact: 'permissions', source: S003 }, { fact: 'maxLifetimeMinutes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime' }],
  };
}

const recordingPaths = (kind: 'Recordings' | 'Transcripts', perm: string): PathPattern[] => {
  const lower = kind.toLowerCase();
  return [
    {
      pattern: `communications/onlineMeetings/getAll${kind}`, example: `communications/onlineMeetings/getAll${kind}`, description: `All ${lower} in an organization`,
      queryOptions: [], permissions: perms('Not supported.', 'Not supported.', perm), sources: [S003, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
    },
    {
      pattern: `communications/onlineMeetings/{onlineMeetingId}/${lower}`, example: `communications/onlineMeetings/{onlineMeetingId}/${lower}`, description: `All ${lower} of a meeting`,
      queryOptions: [], permissions: perms(perm, 'Not supported.', perm), sources: [S003, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
    },
    {
      pattern: `users/{userId}/onlineMeetings/getAll${kind}`, example: `users/{userId}/onlineMeetings/getAll${kind}`, description: `${kind} of meetings organized by a user`,
      queryOptions: [], permissions: perms(perm, 'Not supported.', perm), sources: [S003, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
    },
    {
      pattern: `appCatalogs/teamsApps/{teamsAppId}/installedToOnlineMeetings/getAll${kind}`, example: `appCatalogs/teamsApps/{id}/installedToOnlineMeetings/getAll${kind}`,
      description: `${kind} of meetings where a Teams app is installed (beta)`, queryOptions: [], betaOnly: true,
      permissions: perms('Not supported', 'Not supported', '?'),
      notes: kind === 'Transcripts' ? ['The resource list spells this path `getAllTrancripts` (https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview).'] : [],
      sources: ['https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
    },
  ];
};

export const TEAMS: readonly ResourceEntry[] = [
  {
    id: 'callRecord',
    displayName: 'Teams call record',
    group: 'Teams',
    docsUrl: doc('callrecords-callrecord'),
    paths: [{ pattern: 'communications/callRecords', example: 'communications/callRecords', queryOptions: ['$filter'], sources: [S002, S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'] }],
    permissions: perms('Not supported', 'Not supported', 'CallRecords.Read.All'),
    changeTypes: ['created', 'updated'],
    maxLifetimeMinutes: 4230,
    rich: noRich,
    lifecycleUrlRequiredOverOneHour: false,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: [{ limit: 100, scope: 'callRecord subscriptions per organization', enforce: 'entryGroup', quotaKey: 'callRecord', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' }],
    notes: ['Creation of a record also fires `updated`.'],
    sources: [
      { fact: 'permissions', source: S003 },
      { fact: 'changeTypes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' },
      { fact: 'maxLifetimeMinutes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime' },
      { fact: 'lifecycleUrlRequiredOverOneHour', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime (the concept pages that state the rule do not include callRecord)' },
    ],
  },
  teamsMeetingArtifact('callRecording', 'Teams call recording', 'callrecording', recordingPaths('Recordings', 'OnlineMeetingRecording.Read.All'), 'OnlineMeetingRecording.Read.All'),
  teamsMeetingArtifact('callTranscript', 'Teams call transcript', 'calltranscript', recordingPaths('Transcripts', 'OnlineMeetingTranscript.Read.All'), 'OnlineMeetingTranscript.Read.All'),
  teamsOrgAndTeam(
    'channel', 'Teams channel',
    { pattern: 'teams/getAllChannels', description: 'All channels in an organization' },
    { pattern: 'teams/{teamId}/channels', example: 'teams/{id}/channels', description: 'Channels of a team' },
    'Channel.ReadBasic.All, ChannelSettings.Read.All', 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview',
  ),
  {
    id: 'chat',
    displayName: 'Teams chat',
    group: 'Teams',
    docsUrl: doc('chat'),
    paths: [
      {
        pattern: 'chats', example: 'chats', description: 'All chats in an organization', queryOptions: [],
        permissions: perms('Not supported', 'Not supported', 'Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'), sources: [S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      {
        pattern: 'chats/{chatId}', example: 'chats/{id}', description: 'One chat', queryOptions: ['notifyOnUserSpecificProperties'],
        permissions: perms('Chat.ReadBasic, Chat.Read, Chat.ReadWrite', 'Not supported', 'ChatSettings.Read.Chat*, ChatSettings.ReadWrite.Chat*, Chat.Manage.Chat*, Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'),
        sources: [S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      {
        pattern: 'appCatalogs/teamsApps/{teamsAppId}/installedToChats', example: 'appCatalogs/teamsApps/{id}/installedToChats',
        description: 'All chats where a Teams app is installed', queryOptions: ['model'], paymentModels: ['B'], metered: true, rich: false,
        permissions: perms('Not supported', 'Not supported', 'Chat.ReadBasic.WhereInstalled, Chat.Read.WhereInstalled, Chat.ReadWrite.WhereInstalled'),
        notes: [modelNote], sources: [S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      {
        pattern: 'users/{userId}/chats', example: 'users/{id}/chats', description: 'All chats a user is part of', queryOptions: ['notifyOnUserSpecificProperties'], rich: false,
        permissions: perms('Chat.ReadBasic, Chat.Read, Chat.ReadWrite', 'Not supported.', 'Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'),
        notes: ['Not in the rich-notification list (https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#supported-resources).'], sources: [S003, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
    ],
    permissions: perms('Chat.ReadBasic, Chat.Read, Chat.ReadWrite', 'Not supported', 'Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'),
    changeTypes: ['created', 'updated'],
    maxLifetimeMinutes: 4320,
    rich: richTeams,
    lifecycleUrlRequiredOverOneHour: true,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: [
      onePerApp('subscription per app and chat'),
      tenPer('subscriptions per user'),
      teamsOrgQuota,
    ],
    notes: ['`notifyOnUserSpecificProperties=true` sends two payloads: one with user-specific properties, one without.'],
    sources: [{ fact: 'permissions', source: S003 }, { fact: 'changeTypes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' }, { fact: 'rich', source: 'https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#supported-resources' }, ...teamsLifetime],
  },
  {
    id: 'chatMessage',
    displayName: 'Teams chat message',
    group: 'Teams',
    docsUrl: doc('chatmessage'),
    paths: [
      {
        pattern: 'teams/{teamId}/channels/{channelId}/messages', example: 'teams/{id}/channels/{id}/messages', description: 'Messages in a channel',
        queryOptions: ['$filter', '$search'], permissions: perms('ChannelMessage.Read.All', 'Not supported', 'ChannelMessage.Read.Group*, ChannelMessage.Read.All'),
        sources: [S002, S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      {
        pattern: 'teams/getAllMessages', example: 'teams/getAllMessages', description: 'All channel messages in an organization',
        queryOptions: ['model'], paymentModels: ['A', 'B'], metered: true,
        permissions: perms('Not supported', 'Not supported', 'ChannelMessage.Read.All'), notes: [modelNote], sources: [S002, S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      {
        pattern: 'chats/{chatId}/messages', example: 'chats/{id}/messages', description: 'Messages in a chat',
        queryOptions: ['$filter', '$search'], permissions: perms('Chat.Read, Chat.ReadWrite', 'Not supported', 'Chat.Read.All'),
        managePermissions: manageAll('Not supported', 'Not supported', 'Chat.Read.All'),
        notes: [`The older create page (${S004}) and the update/get/delete pages say delegated access is not supported.`],
        sources: [S002, S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview', 'https://learn.microsoft.com/en-us/graph/api/subscription-list#permissions'],
      },
      {
        pattern: 'chats/getAllMessages', example: 'chats/getAllMessages', description: 'All chat messages in an organization',
        queryOptions: ['model'], paymentModels: ['A', 'B'], metered: true,
        permissions: perms('Not supported', 'Not supported', 'Chat.Read.All'), notes: [modelNote], sources: [S002, S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      {
        pattern: 'users/{userId}/chats/getAllMessages', example: 'users/{id}/chats/getAllMessages', description: 'Messages of all chats a user is part of',
        queryOptions: ['model'], paymentModels: ['B'], metered: true,
        permissions: perms('Chat.Read, Chat.ReadWrite', 'Not supported', 'Chat.Read.All, Chat.ReadWrite.All'), notes: [modelNote], sources: [S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      {
        pattern: 'appCatalogs/teamsApps/{teamsAppId}/installedToChats/getAllMessages', example: 'appCatalogs/teamsApps/{id}/installedToChats/getAllMessages',
        description: 'Messages of all chats where a Teams app is installed', queryOptions: ['model'], paymentModels: ['B'], metered: true, rich: false,
        permissions: perms('Not supported', 'Not supported', 'Chat.Read.WhereInstalled, Chat.ReadWrite.WhereInstalled'), notes: [modelNote], sources: [S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
    ],
    permissions: perms('Chat.Read, Chat.ReadWrite', 'Not supported', 'Chat.Read.All'),
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 4320,
    rich: richTeams,
    lifecycleUrlRequiredOverOneHour: true,
    lifecycleEvents: ['reauthorizationRequired', 'subscriptionRemoved'],
    quotas: [
      onePerApp('subscription per app and channel or chat'),
      tenPer('all-chats-of-user subscriptions per user'),
      teamsOrgQuota,
    ],
    notes: ['Application-permission chatMessage subscriptions may need Protected-API access (https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions#permissions).', 'Rich payload is the whole object; no `$select`.'],
    sources: [
      { fact: 'permissions', source: S003, note: `${S004}: /chats/{id}/messages delegated "Not supported"` },
      { fact: 'changeTypes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' },
      { fact: 'lifecycleEvents', source: 'https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events' },
      { fact: 'rich', source: 'https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#supported-resources' },
      { fact: 'maxLifetimeMinutes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime', note: 'was 60 min in older versions of that page' },
      { fact: 'lifecycleUrlRequiredOverOneHour', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime' },
    ],
  },
  {
    id: 'conversationMember',
    displayName: 'Teams conversation member',
    group: 'Teams',
    docsUrl: doc('conversationmember'),
    paths: [
      {
        pattern: 'chats/getAllMembers', example: 'chats/getAllMembers', description: 'Members of all chats in an organization', queryOptions: ['model'], paymentModels: ['A', 'B'], metered: true,
        permissions: perms('Not supported', 'Not supported', 'ChatMember.Read.All, ChatMember.ReadWrite.All, Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'),
        notes: [modelNote], sources: [S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      {
        pattern: 'chats/{chatId}/members', example: 'chats/{id}/members', description: 'Members of a chat', queryOptions: [],
        permissions: perms('ChatMember.Read, ChatMember.ReadWrite, Chat.ReadBasic, Chat.Read, Chat.ReadWrite', 'Not supported', 'ChatMember.Read.Chat*, Chat.Manage.Chat*, ChatMember.Read.All, ChatMember.ReadWrite.All, Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'),
        sources: [S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      {
        pattern: 'appCatalogs/teamsApps/{teamsAppId}/installedToChats/getAllMembers', example: 'appCatalogs/teamsApps/{id}/installedToChats/getAllMembers',
        description: 'Members of all chats where a Teams app is installed', queryOptions: ['model'], paymentModels: ['B'], metered: true, rich: false,
        permissions: perms('Not supported.', 'Not supported.', 'ChatMember.Read.WhereInstalled, ChatMember.ReadWrite.WhereInstalled, Chat.ReadBasic.WhereInstalled, Chat.Read.WhereInstalled, Chat.ReadWrite.WhereInstalled'),
        notes: [modelNote], sources: [S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      {
        pattern: 'teams/{teamId}/members', example: 'teams/{id}/members', description: 'Members of a team', queryOptions: [],
        permissions: perms('TeamMember.Read.All', 'Not supported', 'TeamMember.Read.All'), sources: [S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      {
        pattern: 'teams/{teamId}/channels/getAllMembers', example: 'teams/{id}/channels/getAllMembers', description: 'Members of all channels of a team', queryOptions: [],
        permissions: perms('Not supported', 'Not supported', 'ChannelMember.Read.All'), sources: [S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
      {
        pattern: 'teams/getAllMembers', example: 'teams/getAllMembers', description: 'Members of all teams in an organization', queryOptions: ['model'], paymentModels: ['A', 'B'], metered: true,
        permissions: perms('Not supported', 'Not supported', '?'), notes: [modelNote, 'Not in the permission tables; application access assumed [DERIVED].'], sources: ['https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview', 'https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#supported-resources'],
      },
      {
        pattern: 'teams/getAllChannels/getAllMembers', example: 'teams/getAllChannels/getAllMembers', description: 'Members of all channels in an organization', queryOptions: [],
        permissions: perms('Not supported', 'Not supported', '?'), notes: ['Not in the permission tables; application access assumed [DERIVED].'], sources: ['https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#supported-resources'],
      },
    ],
    permissions: perms('TeamMember.Read.All', 'Not supported', 'TeamMember.Read.All'),
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 4320,
    rich: richTeams,
    lifecycleUrlRequiredOverOneHour: true,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: [onePerApp('subscription per app and team'), teamsOrgQuota],
    notes: [],
    sources: [{ fact: 'permissions', source: S003 }, { fact: 'changeTypes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' }, { fact: 'rich', source: 'https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#supported-resources' }, ...teamsLifetime],
  },
  teamsOrgAndTeam(
    'team', 'Teams team',
    { pattern: 'teams', description: 'All teams in an organization' },
    { pattern: 'teams/{teamId}', example: 'teams/{id}', description: 'One team' },
    'Team.ReadBasic.All, TeamSettings.Read.All', 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview',
  ),
  {
    id: 'presence',
    displayName: 'Teams presence',
    group: 'Teams',
    docsUrl: doc('presence'),
    paths: [
      { pattern: 'communications/presences/{presenceId}', example: '/communications/presences/{id}', description: 'One user', queryOptions: [], sources: [S003, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'] },
      {
        pattern: 'communications/presences', example: "/communications/presences?$filter=id in ('{id}','{id}')", description: 'Several users (at most 650)',
        queryOptions: ['$filter'], requiredQuery: ['$filter'], sources: [S003, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
    ],
    permissions: perms('Presence.Read.All', 'Not supported', 'Not supported'),
    changeTypes: ['updated'],
    maxLifetimeMinutes: 60,
    rich: { supported: true, selectRequired: false, certificateIdRequired: true, encryptionAlwaysRequired: true },
    lifecycleUrlRequiredOverOneHour: false,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: [
      { limit: 650, scope: 'distinct users per subscription', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' },
      { limit: 1, scope: 'subscription per app per delegated user', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' },
    ],
    notes: ['Resource data must be encrypted: always specify encryptionCertificate and encryptionCertificateId.', 'No `$select`.'],
    sources: [
      { fact: 'permissions', source: S003 },
      { fact: 'changeTypes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' },
      { fact: 'maxLifetimeMinutes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime (SUB-B: 60 min)' },
      { fact: 'rich', source: 'https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#supported-resources, UPD-L, DEL-L' },
    ],
  },
  {
    id: 'onlineMeeting',
    displayName: 'Teams online meeting call events (beta)',
    group: 'Teams',
    docsUrl: doc('onlinemeeting'),
    paths: [{
      pattern: "communications/onlineMeetings(joinWebUrl='{joinWebUrl}')/meetingCallEvents", example: "/communications/onlineMeetings(joinWebUrl='{encodedJoinWebUrl}')/meetingCallEvents",
      queryOptions: [], betaOnly: true, sources: ['https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
    }],
    permissions: perms('Not supported', 'Not supported', 'OnlineMeetings.Read.All, OnlineMeetings.ReadWrite.All'),
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 4230,
    rich: richTeams,
    lifecycleUrlRequiredOverOneHour: true,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: [onePerApp('subscription per app per meeting'), teamsOrgQuota],
    notes: ['Beta only. No `$select`.'],
    sources: [
      { fact: 'permissions', source: 'https://learn.microsoft.com/en-us/graph/api/subscription-list#permissions (create table has no row; application only per https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview?view=graph-rest-beta)' },
      { fact: 'maxLifetimeMinutes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime', note: 'the same table has a "Teams onlineMeeting" row with 4,320 min; the lower value is used' },
    ],
  },
  {
    id: 'teamsAppInstallation',
    displayName: 'Teams app installation',
    group: 'Teams',
    docsUrl: doc('teamsappinstallation'),
    paths: [{
      pattern: 'appCatalogs/teamsApps/{teamsAppId}/installations', example: 'appCatalogs/teamsApps/{teams-app-id}/installations', queryOptions: ['$filter'], sources: ['https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
    }],
    permissions: perms('Not supported', 'Not supported', '?'),
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 4320,
    rich: noRich,
    lifecycleUrlRequiredOverOneHour: true,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: [teamsOrgQuota],
    notes: [
      'Known issue: upgrade events in chat scope are not delivered (https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview).',
      "Permissions depend on the scope in `$filter=(scopeInfo/scope eq '…')`; for the personal scope: application TeamsAppInstallation.ReadForUser.All or higher, delegated not supported. The check is skipped.",
    ],
    sources: [
      { fact: 'maxLifetimeMinutes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime' },
      { fact: 'lifecycleUrlRequiredOverOneHour', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime; learn.microsoft.com/graph/teams-changenotifications-appinstallation' },
      { fact: 'permissions', source: 'learn.microsoft.com/graph/teams-changenotifications-appinstallation (personal scope table; searched, not in the seeds)' },
    ],
  },
  {
    id: 'approvalItem',
    displayName: 'Teams approvals',
    group: 'Teams',
    docsUrl: doc('approvalitem'),
    paths: [{ pattern: 'solutions/approval/approvalItems', example: 'solutions/approval/approvalItems', queryOptions: [], sources: ['https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'] }],
    permissions: perms('Not supported', 'Not supported', '?'),
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 43200,
    rich: noRich,
    lifecycleUrlRequiredOverOneHour: false,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: [
      { limit: 1, scope: 'approvals subscription per app and tenant', enforce: 'entryGroup', quotaKey: 'approvals', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' },
      { limit: 1000, scope: 'approvals subscriptions per tenant', source: 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview' },
    ],
    notes: ['Application access only (https://learn.microsoft.com/en-us/graph/api/subscription-list#permissions); the permission is not in the documents read.'],
    sources: [{ fact: 'maxLifetimeMinutes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime' }, { fact: 'permissions', source: 'https://learn.microsoft.com/en-us/graph/api/subscription-list#permissions' }],
  },
  shift('offerShiftRequest', 'Offer shift request', 'offerShiftRequests'),
  shift('openShiftChangeRequest', 'Open shift change request', 'openShiftChangeRequests'),
  shift('shift', 'Shift', 'shifts'),
  shift('swapShiftsChangeRequest', 'Swap shifts change request', 'swapShiftsChangeRequests'),
  shift('timeOffRequest', 'Time off request', 'timeOffRequests'),
];
