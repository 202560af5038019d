/** Outlook message, event, contact and Microsoft 365 group conversations. */
import type { ResourceEntry } from '../types';
import { S000, S001, S002, S003, S004, doc, noRich, outlookItem, perms } from './helpers';

export const OUTLOOK: readonly ResourceEntry[] = [
  outlookItem(
    'message', 'Outlook message',
    [
      { pattern: 'users/{userId}/messages', example: 'me/messages', description: 'All messages in a mailbox', queryOptions: ['$filter', '$select'], sources: [S002, S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'] },
      {
        pattern: 'users/{userId}/mailFolders/{mailFolderId}/messages', example: "me/mailFolders('inbox')/messages",
        description: 'Messages in one mail folder', queryOptions: ['$filter', '$select'], sources: [S002, S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'],
      },
    ],
    perms('Mail.ReadBasic, Mail.Read', 'Mail.ReadBasic, Mail.Read', 'Mail.Read'),
    'Subject,BodyPreview,From,ReceivedDateTime',
    `same in ${S004}; https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions#permissions (POST-A/B, about 2021) lists application "Mail.ReadBasic, Mail.Read"`,
  ),
  outlookItem(
    'event', 'Outlook event',
    [
      { pattern: 'users/{userId}/events', example: 'me/events', description: 'All events in a mailbox', queryOptions: ['$filter', '$select'], sources: [S002, S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'] },
    ],
    perms('Calendars.Read', 'Calendars.Read', 'Calendars.Read'),
    'Subject,Start,End,Organizer',
  ),
  outlookItem(
    'contact', 'Outlook personal contact',
    [
      { pattern: 'users/{userId}/contacts', example: 'me/contacts', description: 'All personal contacts', queryOptions: ['$filter', '$select'], sources: [S002, S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'] },
      {
        pattern: 'users/{userId}/contactFolders/{contactFolderId}/contacts', example: 'me/contactFolders/{contactFolderId}/contacts',
        description: 'Contacts in one contact folder', queryOptions: ['$filter', '$select'], sources: ['https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#supported-resources'],
      },
    ],
    perms('Contacts.Read', 'Contacts.Read', 'Contacts.Read'),
    'DisplayName,EmailAddresses',
  ),
  {
    id: 'groupConversation',
    displayName: 'Microsoft 365 group conversation',
    group: 'Outlook',
    docsUrl: doc('conversation'),
    paths: [
      { pattern: 'groups/{groupId}/conversations', example: "groups('{id}')/conversations", description: "A group's conversations", queryOptions: [], sources: [S002, S003, S004, 'https://learn.microsoft.com/en-us/graph/api/resources/change-notifications-api-overview'] },
    ],
    permissions: perms('Group.Read.All', 'Not supported', 'Not supported'),
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 4230,
    rich: noRich,
    lifecycleUrlRequiredOverOneHour: false,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: [],
    notes: ['Change types are not restricted in the docs [UNDOCUMENTED].'],
    sources: [
      { fact: 'permissions', source: S003, note: `the 2019 overview (${S000}) lists conversation for application access; current tables do not` },
      { fact: 'maxLifetimeMinutes', source: 'https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime' },
      { fact: 'resource', source: S001 },
    ],
  },
];
