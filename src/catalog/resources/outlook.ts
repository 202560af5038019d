/** Outlook message, event, contact and Microsoft 365 group conversations. */
import type { ResourceEntry } from '../types';
import { S000, S001, S002, S003, S004, doc, perms } from './helpers';

const outlookLifetimeSources = [
  { fact: 'maxLifetimeMinutes', source: 'digest §2.1 LIFE-24', note: 'was 4,230 min in SUB-A/SUB-B/LIFE-22 (digest §11)' },
  { fact: 'maxLifetimeWithResourceDataMinutes', source: 'digest §2.1 LIFE-24' },
  { fact: 'rich', source: 'digest §3.3 RICH-L' },
  { fact: 'lifecycleEvents', source: 'digest §7 LC-L' },
  { fact: 'quotas', source: 'digest §3.1 RES-24' },
] as const;

const outlookNotes = [
  'Delegated permissions cover only the signed-in user\'s mailbox; for other users\' mailboxes or shared folders use the application permission (digest §4.1 OUTLOOK-NOTES).',
  'The *.Shared permissions (Mail.Read.Shared, Calendars.Read.Shared, Contacts.Read.Shared) do not support subscriptions.',
  'Rich subscriptions must use $select; it must not include $top, $skip, $orderby, Body/UniqueBody or $expand (digest §3.3 OUTLOOK).',
];

const mailboxQuota = { limit: 1000, scope: 'active subscriptions per mailbox (all apps)', source: 'digest §3.1 RES-24' };
const outlookLifecycle = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'] as const;

export const OUTLOOK: readonly ResourceEntry[] = [
  {
    id: 'message',
    displayName: 'Outlook message',
    group: 'Outlook',
    docsUrl: doc('message'),
    paths: [
      { pattern: 'users/{userId}/messages', example: 'me/messages', description: 'All messages in a mailbox', queryOptions: ['$filter', '$select'], sources: [S002, S003, S004, 'digest §3.1'] },
      {
        pattern: 'users/{userId}/mailFolders/{mailFolderId}/messages', example: "me/mailFolders('inbox')/messages",
        description: 'Messages in one mail folder', queryOptions: ['$filter', '$select'], sources: [S002, S003, S004, 'digest §3.1'],
      },
    ],
    permissions: perms('Mail.ReadBasic, Mail.Read', 'Mail.ReadBasic, Mail.Read', 'Mail.Read'),
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 10080,
    maxLifetimeWithResourceDataMinutes: 1440,
    rich: { supported: true, selectRequired: true, certificateIdRequired: false, defaultSelect: 'Subject,BodyPreview,From,ReceivedDateTime' },
    lifecycleUrlRequiredOverOneHour: false,
    lifecycleEvents: outlookLifecycle,
    quotas: [mailboxQuota],
    notes: outlookNotes,
    sources: [
      { fact: 'permissions', source: S003, note: `same in ${S004}; digest §4.3 (POST-A/B, about 2021) lists application "Mail.ReadBasic, Mail.Read"` },
      { fact: 'changeTypes', source: 'digest §3.2 OUTLOOK' },
      ...outlookLifetimeSources,
    ],
  },
  {
    id: 'event',
    displayName: 'Outlook event',
    group: 'Outlook',
    docsUrl: doc('event'),
    paths: [
      { pattern: 'users/{userId}/events', example: 'me/events', description: 'All events in a mailbox', queryOptions: ['$filter', '$select'], sources: [S002, S003, S004, 'digest §3.1'] },
    ],
    permissions: perms('Calendars.Read', 'Calendars.Read', 'Calendars.Read'),
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 10080,
    maxLifetimeWithResourceDataMinutes: 1440,
    rich: { supported: true, selectRequired: true, certificateIdRequired: false, defaultSelect: 'Subject,Start,End,Organizer' },
    lifecycleUrlRequiredOverOneHour: false,
    lifecycleEvents: outlookLifecycle,
    quotas: [mailboxQuota],
    notes: outlookNotes,
    sources: [{ fact: 'permissions', source: S003 }, { fact: 'changeTypes', source: 'digest §3.2 OUTLOOK' }, ...outlookLifetimeSources],
  },
  {
    id: 'contact',
    displayName: 'Outlook personal contact',
    group: 'Outlook',
    docsUrl: doc('contact'),
    paths: [
      { pattern: 'users/{userId}/contacts', example: 'me/contacts', description: 'All personal contacts', queryOptions: ['$filter', '$select'], sources: [S002, S003, S004, 'digest §3.1'] },
      {
        pattern: 'users/{userId}/contactFolders/{contactFolderId}/contacts', example: 'me/contactFolders/{contactFolderId}/contacts',
        description: 'Contacts in one contact folder', queryOptions: ['$filter', '$select'], sources: ['digest §3.3 RICH-L'],
      },
    ],
    permissions: perms('Contacts.Read', 'Contacts.Read', 'Contacts.Read'),
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 10080,
    maxLifetimeWithResourceDataMinutes: 1440,
    rich: { supported: true, selectRequired: true, certificateIdRequired: false, defaultSelect: 'DisplayName,EmailAddresses' },
    lifecycleUrlRequiredOverOneHour: false,
    lifecycleEvents: outlookLifecycle,
    quotas: [mailboxQuota],
    notes: outlookNotes,
    sources: [{ fact: 'permissions', source: S003 }, { fact: 'changeTypes', source: 'digest §3.2 OUTLOOK' }, ...outlookLifetimeSources],
  },
  {
    id: 'groupConversation',
    displayName: 'Microsoft 365 group conversation',
    group: 'Outlook',
    docsUrl: doc('conversation'),
    paths: [
      { pattern: 'groups/{groupId}/conversations', example: "groups('{id}')/conversations", description: "A group's conversations", queryOptions: [], sources: [S002, S003, S004, 'digest §3.1'] },
    ],
    permissions: perms('Group.Read.All', 'Not supported', 'Not supported'),
    changeTypes: ['created', 'updated', 'deleted'],
    maxLifetimeMinutes: 4230,
    rich: { supported: false, selectRequired: false, certificateIdRequired: false },
    lifecycleUrlRequiredOverOneHour: false,
    lifecycleEvents: ['reauthorizationRequired'],
    quotas: [],
    notes: ['Change types are not restricted in the docs [UNDOCUMENTED].'],
    sources: [
      { fact: 'permissions', source: S003, note: `the 2019 overview (${S000}) lists conversation for application access; current tables do not` },
      { fact: 'maxLifetimeMinutes', source: 'digest §2.1 LIFE-24' },
      { fact: 'resource', source: S001 },
    ],
  },
];
