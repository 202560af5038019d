/**
 * Every row of the create-subscription permission tables, transcribed from the seed documents
 * (003 = newest rendered page, 004 = older markdown page), must match the right catalog entry and
 * yield the documented permissions per account kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT_KINDS, matchResource, requiredPermissions, type AccountKind } from '../../src/catalog/index';

/** [table label, a resource path for that row, entry id, work/school, personal, application]; '-' = Not supported. */
type Row = [string, string, string, string, string, string];

// 003_dfc7fc012aad69a3.txt — "Supported resource | Delegated (work or school account) | Delegated (personal Microsoft account) | Application"
const SEED_003: Row[] = [
  ['aiInteraction (user)', 'copilot/users/{userId}/interactionHistory/getAllEnterpriseInteractions', 'aiInteraction', 'AiEnterpriseInteraction.Read', '-', 'AiEnterpriseInteraction.Read.All, AiEnterpriseInteraction.Read.User'],
  ['aiInteraction (org)', 'copilot/interactionHistory/getAllEnterpriseInteractions', 'aiInteraction', '-', '-', 'AiEnterpriseInteraction.Read.All'],
  ['callRecord', '/communications/callRecords', 'callRecord', '-', '-', 'CallRecords.Read.All'],
  ['callRecording (org)', 'communications/onlineMeetings/getAllRecordings', 'callRecording', '-', '-', 'OnlineMeetingRecording.Read.All'],
  ['callRecording (meeting)', 'communications/onlineMeetings/{onlineMeetingId}/recordings', 'callRecording', 'OnlineMeetingRecording.Read.All', '-', 'OnlineMeetingRecording.Read.All'],
  ['callRecording (user)', 'users/{userId}/onlineMeetings/getAllRecordings', 'callRecording', 'OnlineMeetingRecording.Read.All', '-', 'OnlineMeetingRecording.Read.All'],
  ['callTranscript (org)', 'communications/onlineMeetings/getAllTranscripts', 'callTranscript', '-', '-', 'OnlineMeetingTranscript.Read.All'],
  ['callTranscript (meeting)', 'communications/onlineMeetings/{onlineMeetingId}/transcripts', 'callTranscript', 'OnlineMeetingTranscript.Read.All', '-', 'OnlineMeetingTranscript.Read.All'],
  ['callTranscript (user)', 'users/{userId}/onlineMeetings/getAllTranscripts', 'callTranscript', 'OnlineMeetingTranscript.Read.All', '-', 'OnlineMeetingTranscript.Read.All'],
  ['channel (org)', '/teams/getAllChannels', 'channel', '-', '-', 'Channel.ReadBasic.All, ChannelSettings.Read.All'],
  ['channel (team)', '/teams/{id}/channels', 'channel', 'Channel.ReadBasic.All, ChannelSettings.Read.All', '-', 'Channel.ReadBasic.All, ChannelSettings.Read.All'],
  ['chat (org)', '/chats', 'chat', '-', '-', 'Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'],
  ['chat (one)', '/chats/{id}', 'chat', 'Chat.ReadBasic, Chat.Read, Chat.ReadWrite', '-', 'ChatSettings.Read.Chat*, ChatSettings.ReadWrite.Chat*, Chat.Manage.Chat*, Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'],
  ['chat (app installed)', '/appCatalogs/teamsApps/{id}/installedToChats', 'chat', '-', '-', 'Chat.ReadBasic.WhereInstalled, Chat.Read.WhereInstalled, Chat.ReadWrite.WhereInstalled'],
  ['chat (user)', '/users/{id}/chats', 'chat', 'Chat.ReadBasic, Chat.Read, Chat.ReadWrite', '-', 'Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'],
  ['chatMessage (channel)', '/teams/{id}/channels/{id}/messages', 'chatMessage', 'ChannelMessage.Read.All', '-', 'ChannelMessage.Read.Group*, ChannelMessage.Read.All'],
  ['chatMessage (org channels)', '/teams/getAllMessages', 'chatMessage', '-', '-', 'ChannelMessage.Read.All'],
  ['chatMessage (chat)', '/chats/{id}/messages', 'chatMessage', 'Chat.Read, Chat.ReadWrite', '-', 'Chat.Read.All'],
  ['chatMessage (org chats)', '/chats/getAllMessages', 'chatMessage', '-', '-', 'Chat.Read.All'],
  ['chatMessage (user chats)', '/users/{id}/chats/getAllMessages', 'chatMessage', 'Chat.Read, Chat.ReadWrite', '-', 'Chat.Read.All, Chat.ReadWrite.All'],
  ['chatMessage (app installed)', '/appCatalogs/teamsApps/{id}/installedToChats/getAllMessages', 'chatMessage', '-', '-', 'Chat.Read.WhereInstalled, Chat.ReadWrite.WhereInstalled'],
  ['contact', 'me/contacts', 'contact', 'Contacts.Read', 'Contacts.Read', 'Contacts.Read'],
  ['conversationMember (org chats)', '/chats/getAllMembers', 'conversationMember', '-', '-', 'ChatMember.Read.All, ChatMember.ReadWrite.All, Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'],
  ['conversationMember (chat)', '/chats/{id}/members', 'conversationMember', 'ChatMember.Read, ChatMember.ReadWrite, Chat.ReadBasic, Chat.Read, Chat.ReadWrite', '-', 'ChatMember.Read.Chat*, Chat.Manage.Chat*, ChatMember.Read.All, ChatMember.ReadWrite.All, Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'],
  ['conversationMember (app installed)', '/appCatalogs/teamsApps/{id}/installedToChats/getAllMembers', 'conversationMember', '-', '-', 'ChatMember.Read.WhereInstalled, ChatMember.ReadWrite.WhereInstalled, Chat.ReadBasic.WhereInstalled, Chat.Read.WhereInstalled, Chat.ReadWrite.WhereInstalled'],
  ['conversationMember (team)', '/teams/{id}/members', 'conversationMember', 'TeamMember.Read.All', '-', 'TeamMember.Read.All'],
  ['conversationMember (channels)', '/teams/{id}/channels/getAllMembers', 'conversationMember', '-', '-', 'ChannelMember.Read.All'],
  ["driveItem (user's personal OneDrive)", 'me/drive/items/{folderId}', 'driveItem', '-', 'Files.Read', '-'],
  ['driveItem (OneDrive for Business)', 'drives/{id}/root', 'driveItem', 'Files.Read.All', '-', 'Files.Read.All'],
  ['event', 'me/events', 'event', 'Calendars.Read', 'Calendars.Read', 'Calendars.Read'],
  ['group', 'groups', 'group', 'Group.Read.All', '-', 'Group.Read.All'],
  ['group conversation', "groups('{id}')/conversations", 'groupConversation', 'Group.Read.All', '-', '-'],
  ['list', 'sites/{site-id}/lists/{list-id}', 'list', 'Sites.Read.All', '-', 'Sites.Read.All'],
  ['message', 'me/messages', 'message', 'Mail.ReadBasic, Mail.Read', 'Mail.ReadBasic, Mail.Read', 'Mail.Read'],
  ['offerShiftRequest', '/teams/{id}/schedule/offerShiftRequests', 'offerShiftRequest', 'Schedule.Read.All, Schedule.ReadWrite.All', '-', 'Schedule.Read.All, Schedule.ReadWrite.All'],
  ['openShiftChangeRequest', '/teams/{id}/schedule/openShiftChangeRequests', 'openShiftChangeRequest', 'Schedule.Read.All, Schedule.ReadWrite.All', '-', 'Schedule.Read.All, Schedule.ReadWrite.All'],
  ['presence', '/communications/presences/{id}', 'presence', 'Presence.Read.All', '-', '-'],
  ['printer', 'print/printers/{id}/jobs', 'printer', '-', '-', 'Printer.Read.All, Printer.ReadWrite.All'],
  ['printTaskDefinition', 'print/taskDefinitions/{id}/tasks', 'printTaskDefinition', '-', '-', 'PrintTaskDefinition.ReadWrite.All'],
  ['security alert', "security/alerts?$filter=status eq 'New'", 'alert', 'SecurityEvents.ReadWrite.All', '-', 'SecurityEvents.ReadWrite.All'],
  ['shift', '/teams/{id}/schedule/shifts', 'shift', 'Schedule.Read.All, Schedule.ReadWrite.All', '-', 'Schedule.Read.All, Schedule.ReadWrite.All'],
  ['swapShiftsChangeRequest', '/teams/{id}/schedule/swapShiftsChangeRequests', 'swapShiftsChangeRequest', 'Schedule.Read.All, Schedule.ReadWrite.All', '-', 'Schedule.Read.All, Schedule.ReadWrite.All'],
  ['team (org)', '/teams', 'team', '-', '-', 'Team.ReadBasic.All, TeamSettings.Read.All'],
  ['team (one)', '/teams/{id}', 'team', 'Team.ReadBasic.All, TeamSettings.Read.All', '-', 'Team.ReadBasic.All, TeamSettings.Read.All'],
  ['timeOffRequest', '/teams/{id}/schedule/timeOffRequests', 'timeOffRequest', 'Schedule.Read.All, Schedule.ReadWrite.All', '-', 'Schedule.Read.All, Schedule.ReadWrite.All'],
  ['todoTask', '/me/todo/lists/{todoTaskListId}/tasks', 'todoTask', 'Tasks.ReadWrite', 'Tasks.ReadWrite', '-'],
  ['user', 'users', 'user', 'User.Read.All', 'User.Read.All', 'User.Read.All'],
  ['virtualEventWebinar', 'solutions/virtualEvents/webinars/{webinarId}', 'virtualEventWebinar', 'VirtualEvent.Read', '-', 'VirtualEvent.Read.All'],
  ['virtualEventTownhall', 'solutions/virtualEvents/townhalls/{townhallId}', 'virtualEventTownhall', 'VirtualEvent.Read', '-', 'VirtualEvent.Read.All'],
];

// 004_ebfbd5041c831ad2.txt — the older create page. Rows identical to 003 are repeated to prove the
// path still matches; rows that differ are listed in OLDER_DIFFERENCES.
const SEED_004: Row[] = [
  ['callRecord', '/communications/callRecords', 'callRecord', '-', '-', 'CallRecords.Read.All'],
  ['channel (org)', '/teams/getAllChannels', 'channel', '-', '-', 'Channel.ReadBasic.All, ChannelSettings.Read.All'],
  ['channel (team)', '/teams/{id}/channels', 'channel', 'Channel.ReadBasic.All, ChannelSettings.Read.All', '-', 'Channel.ReadBasic.All, ChannelSettings.Read.All'],
  ['chat (org)', '/chats', 'chat', '-', '-', 'Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'],
  ['chat (one)', '/chats/{id}', 'chat', 'Chat.ReadBasic, Chat.Read, Chat.ReadWrite', '-', 'ChatSettings.Read.Chat*, ChatSettings.ReadWrite.Chat*, Chat.Manage.Chat*, Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'],
  ['chat (app installed)', '/appCatalogs/teamsApps/{id}/installedToChats', 'chat', '-', '-', 'Chat.ReadBasic.WhereInstalled, Chat.Read.WhereInstalled, Chat.ReadWrite.WhereInstalled'],
  ['chatMessage (channel)', '/teams/{id}/channels/{id}/messages', 'chatMessage', 'ChannelMessage.Read.All', '-', 'ChannelMessage.Read.Group*, ChannelMessage.Read.All'],
  ['chatMessage (org channels)', '/teams/getAllMessages', 'chatMessage', '-', '-', 'ChannelMessage.Read.All'],
  ['chatMessage (chat)', '/chats/{id}/messages', 'chatMessage', '-', '-', 'Chat.Read.All'],
  ['chatMessage (org chats)', '/chats/getAllMessages', 'chatMessage', '-', '-', 'Chat.Read.All'],
  ['chatMessage (user chats)', '/users/{id}/chats/getAllMessages', 'chatMessage', 'Chat.Read, Chat.ReadWrite', '-', 'Chat.Read.All, Chat.ReadWrite.All'],
  ['chatMessage (app installed)', '/appCatalogs/teamsApps/{id}/installedToChats/getAllMessages', 'chatMessage', '-', '-', 'Chat.Read.WhereInstalled, Chat.ReadWrite.WhereInstalled'],
  ['contact', 'me/contacts', 'contact', 'Contacts.Read', 'Contacts.Read', 'Contacts.Read'],
  ['conversationMember (org chats)', '/chats/getAllMembers', 'conversationMember', '-', '-', 'ChatMember.Read.All, ChatMember.ReadWrite.All, Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'],
  ['conversationMember (chat)', '/chats/{id}/members', 'conversationMember', 'ChatMember.Read, ChatMember.ReadWrite, Chat.ReadBasic, Chat.Read, Chat.ReadWrite', '-', 'ChatMember.Read.Chat*, Chat.Manage.Chat*, ChatMember.Read.All, ChatMember.ReadWrite.All, Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'],
  ['conversationMember (app installed)', '/appCatalogs/teamsApps/{id}/installedToChats/getAllMembers', 'conversationMember', '-', '-', 'ChatMember.Read.WhereInstalled, ChatMember.ReadWrite.WhereInstalled, Chat.ReadBasic.WhereInstalled, Chat.Read.WhereInstalled, Chat.ReadWrite.WhereInstalled'],
  ['conversationMember (team)', '/teams/{id}/members', 'conversationMember', 'TeamMember.Read.All', '-', 'TeamMember.Read.All'],
  ['conversationMember (channels)', '/teams/{id}/channels/getAllMembers', 'conversationMember', '-', '-', 'ChannelMember.Read.All'],
  ["driveItem (user's personal OneDrive)", 'me/drive/items/{folderId}', 'driveItem', '-', 'Files.ReadWrite', '-'],
  ['driveItem (OneDrive for Business)', 'drives/{id}/root', 'driveItem', 'Files.ReadWrite.All', '-', 'Files.ReadWrite.All'],
  ['event', 'me/events', 'event', 'Calendars.Read', 'Calendars.Read', 'Calendars.Read'],
  ['group', 'groups', 'group', 'Group.Read.All', '-', 'Group.Read.All'],
  ['group conversation', "groups('{id}')/conversations", 'groupConversation', 'Group.Read.All', '-', '-'],
  ['list', 'sites/{site-id}/lists/{list-id}', 'list', 'Sites.ReadWrite.All', '-', 'Sites.ReadWrite.All'],
  ['message', 'me/mailfolders(\'inbox\')/messages', 'message', 'Mail.ReadBasic, Mail.Read', 'Mail.ReadBasic, Mail.Read', 'Mail.Read'],
  ['presence', '/communications/presences/{id}', 'presence', 'Presence.Read.All', '-', '-'],
  ['printer', 'print/printers/{id}/jobs', 'printer', '-', '-', 'Printer.Read.All, Printer.ReadWrite.All'],
  ['printTaskDefinition', 'print/taskDefinitions/{id}/tasks', 'printTaskDefinition', '-', '-', 'PrintTaskDefinition.ReadWrite.All'],
  ['security alert', "security/alerts?$filter=status eq 'New'", 'alert', 'SecurityEvents.ReadWrite.All', '-', 'SecurityEvents.ReadWrite.All'],
  ['team (org)', '/teams', 'team', '-', '-', 'Team.ReadBasic.All, TeamSettings.Read.All'],
  ['team (one)', '/teams/{id}', 'team', 'Team.ReadBasic.All, TeamSettings.Read.All', '-', 'Team.ReadBasic.All, TeamSettings.Read.All'],
  ['todoTask', '/me/todo/lists/{todoTaskListId}/tasks', 'todoTask', 'Tasks.ReadWrite', 'Tasks.ReadWrite', '-'],
  ['user', 'users', 'user', 'User.Read.All', 'User.Read.All', 'User.Read.All'],
];

/**
 * Rows where the older page (004) differs from the newest (003). The catalog keeps the newest value
 * for create; the older value must still be recorded (as the manage-operation permissions or a note).
 */
const OLDER_DIFFERENCES = new Set(["driveItem (user's personal OneDrive)", 'driveItem (OneDrive for Business)', 'list', 'chatMessage (chat)']);

const cell = (s: string): string[] | null => (s === '-' ? null : s.split(',').map((p) => p.trim()));

function documented(req: { supported: boolean; anyOf: string[]; rsc: string[] }): string[] | null {
  return req.supported ? [...req.anyOf, ...req.rsc.map((r) => `${r}*`)] : null;
}

function sortRsc(list: string[] | null): string[] | null {
  // The tables list RSC permissions first; requiredPermissions returns them apart (anyOf then rsc).
  return list === null ? null : [...list.filter((p) => !p.endsWith('*')), ...list.filter((p) => p.endsWith('*'))];
}

for (const [label, path, entryId, work, personal, app] of SEED_003) {
  test(`003 create table: ${label} (${path})`, () => {
    const m = matchResource(path);
    assert.ok(m.ok, `${path} should match`);
    if (!m.ok) return;
    assert.equal(m.entry.id, entryId);
    const expected: Record<AccountKind, string[] | null> = { delegatedWork: cell(work), delegatedPersonal: cell(personal), application: cell(app) };
    for (const kind of ACCOUNT_KINDS) {
      assert.deepEqual(documented(requiredPermissions(m.entry, m.pattern, kind, 'create')), sortRsc(expected[kind]), `${label} / ${kind}`);
    }
  });
}

for (const [label, path, entryId, work, personal, app] of SEED_004) {
  test(`004 create table (older): ${label} (${path})`, () => {
    const m = matchResource(path);
    assert.ok(m.ok, `${path} should match`);
    if (!m.ok) return;
    assert.equal(m.entry.id, entryId);
    const expected: Record<AccountKind, string[] | null> = { delegatedWork: cell(work), delegatedPersonal: cell(personal), application: cell(app) };
    if (!OLDER_DIFFERENCES.has(label)) {
      for (const kind of ACCOUNT_KINDS) {
        assert.deepEqual(documented(requiredPermissions(m.entry, m.pattern, kind, 'create')), sortRsc(expected[kind]), `${label} / ${kind}`);
      }
      return;
    }
    // The older create values equal today's update/get/delete/reauthorize permissions (digest §11)…
    for (const kind of ACCOUNT_KINDS) {
      assert.deepEqual(documented(requiredPermissions(m.entry, m.pattern, kind, 'update')), sortRsc(expected[kind]), `${label} / ${kind} (update)`);
    }
    // …and the source record names the older page.
    const recorded = JSON.stringify([m.entry.sources, m.pattern.notes ?? []]);
    assert.match(recorded, /subscription-post-subscriptions\.md/, `${label}: the older reading should be noted with its source`);
  });
}

test('RSC permissions are returned apart from the others', () => {
  const m = matchResource('chats/19:abc/members');
  assert.ok(m.ok);
  if (!m.ok) return;
  const r = requiredPermissions(m.entry, m.pattern, 'application', 'create');
  assert.deepEqual(r.rsc, ['ChatMember.Read.Chat', 'Chat.Manage.Chat']);
  assert.equal(r.anyOf[0], 'ChatMember.Read.All');
});

test('list adds Subscription.Read.All for delegated kinds only', () => {
  const m = matchResource('me/messages');
  assert.ok(m.ok);
  if (!m.ok) return;
  assert.deepEqual(requiredPermissions(m.entry, m.pattern, 'delegatedWork', 'list').anyOf, ['Mail.ReadBasic', 'Mail.Read', 'Subscription.Read.All']);
  assert.deepEqual(requiredPermissions(m.entry, m.pattern, 'application', 'list').anyOf, ['Mail.Read']);
});

test('disputed account kinds are flagged (user for personal accounts, todoTask for applications)', () => {
  const u = matchResource('users');
  const t = matchResource('users/abc/todo/lists/x/tasks');
  assert.ok(u.ok && t.ok);
  if (!u.ok || !t.ok) return;
  assert.ok(requiredPermissions(u.entry, u.pattern, 'delegatedPersonal', 'create').disputed);
  assert.equal(requiredPermissions(u.entry, u.pattern, 'delegatedWork', 'create').disputed, undefined);
  const app = requiredPermissions(t.entry, t.pattern, 'application', 'create');
  assert.equal(app.supported, false);
  assert.match(app.disputed ?? '', /Tasks\.ReadWrite\.All/);
});
