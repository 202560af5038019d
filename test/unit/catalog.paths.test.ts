/**
 * Every example path in the seed documents and the digest matches the right catalog entry; every
 * catalog pattern's own example matches it back; catalog data is internally consistent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CATALOG, CATALOG_VERSION, getEntry, matchResource, maxExpiration, maxLifetimeMinutes,
} from '../../src/catalog/index';

/** [source, resource as printed, entry id] */
const EXAMPLES: [string, string, string][] = [
  // 003 and 004 "Resources examples" tables
  ['003/004', 'communications/callRecords', 'callRecord'],
  ['003', 'communications/onlineMeetings/getAllRecordings', 'callRecording'],
  ['003', 'communications/onlineMeetings/{onlineMeetingId}/recordings', 'callRecording'],
  ['003', 'users/{userId}/onlineMeetings/getAllRecordings', 'callRecording'],
  ['003', 'communications/onlineMeetings/getAllTranscripts', 'callTranscript'],
  ['003', 'communications/onlineMeetings/{onlineMeetingId}/transcripts', 'callTranscript'],
  ['003', 'users/{userId}/onlineMeetings/getAllTranscripts', 'callTranscript'],
  ['003/004', 'chats/{id}/messages', 'chatMessage'],
  ['003/004', 'chats/getAllMessages', 'chatMessage'],
  ['003/004', 'teams/{id}/channels/{id}/messages', 'chatMessage'],
  ['003/004', 'teams/getAllMessages', 'chatMessage'],
  ['003/004', 'me/contacts', 'contact'],
  ['003/004', "groups('{id}')/conversations", 'groupConversation'],
  ['003/004', 'me/drive/root', 'driveItem'],
  ['003/004', 'me/events', 'event'],
  ['003/004', 'groups', 'group'],
  ['003/004', 'sites/{site-id}/lists/{list-id}', 'list'],
  ['003/004', "me/mailfolders('inbox')/messages", 'message'],
  ['003/004', 'me/messages', 'message'],
  ['003/004', '/communications/presences/{id}', 'presence'],
  ['003/004', "/communications/presences?$filter=id in ('{id}','{id}',…)", 'presence'],
  ['003/004', 'print/printers/{id}/jobs', 'printer'],
  ['003/004', 'print/taskDefinitions/{id}/tasks', 'printTaskDefinition'],
  ['003/004', "security/alerts?$filter=status eq 'New'", 'alert'],
  ['003/004', '/me/todo/lists/{todoTaskListId}/tasks', 'todoTask'],
  ['003/004', 'users', 'user'],
  // 003/004 request examples
  ['003/004', "me/mailFolders('Inbox')/messages", 'message'],
  ['003', 'chats/getAllMessages?model=A', 'chatMessage'],
  // 003 notes
  ['003', '/me/chats/getAllMessages', 'chatMessage'],
  ['003', '/teams/getAllMembers', 'conversationMember'],
  // 002 "Supported resource paths"
  ['002', '/users/{id}/messages', 'message'],
  ['002', "/users/{id}/mailFolders('inbox')/messages", 'message'],
  ['002', '/users/{id}/events', 'event'],
  ['002', '/users/{id}/contacts', 'contact'],
  ['002', '/users', 'user'],
  ['002', '/users/{id}', 'user'],
  ['002', '/groups', 'group'],
  ['002', '/groups/{id}', 'group'],
  ['002', '/groups/{id}/owners', 'group'],
  ['002', '/groups/{id}/members', 'group'],
  ['002', 'groups/{id}/conversations', 'groupConversation'],
  ['002', '/users/{id}/drive/root', 'driveItem'],
  ['002', '/drives/{id}/root', 'driveItem'],
  ['002', '/sites/{id}/lists/{id}', 'list'],
  ['002', '/security/alerts/{id}', 'alert'],
  ['002', '/security/alerts/?$filter', 'alert'],
  ['002', '/communications/callRecords', 'callRecord'],
  ['002', '/teams/getAllMessages', 'chatMessage'],
  ['002', '/teams/{id}/channels/{id}/messages', 'chatMessage'],
  ['002', '/chats/getAllMessages', 'chatMessage'],
  ['002', '/chats/{id}/messages', 'chatMessage'],
  // digest §3.1
  ['§3.1', '/print/printtaskdefinition/{id}/tasks', 'printTaskDefinition'],
  ['§3.1', 'copilot/users/{userId}/interactionHistory/getAllEnterpriseInteractions', 'aiInteraction'],
  ['§3.1', 'copilot/interactionHistory/getAllEnterpriseInteractions', 'aiInteraction'],
  ['§3.1', '/reports/healthmonitoring/alerts', 'healthMonitoringAlert'],
  ['§3.1', '/reports/healthmonitoring/alert', 'healthMonitoringAlert'],
  ['§3.1', '/me/messages', 'message'],
  ['§3.1', "/me/mailFolders('inbox')/messages", 'message'],
  ['§3.1', '/me/events', 'event'],
  ['§3.1', '/me/contacts', 'contact'],
  ['§3.1', '/security/alerts/?$filter={parameters}', 'alert'],
  ['§3.1', '/solutions/approval/approvalItems', 'approvalItem'],
  ['§3.1', '/communications/callRecords?$filter={parameters}', 'callRecord'],
  ['§3.1', 'users/{id}/onlineMeetings/getAllRecordings', 'callRecording'],
  ['§3.1', 'appCatalogs/teamsApps/{id}/installedToOnlineMeetings/getAllRecordings', 'callRecording'],
  ['§3.1', 'appCatalogs/teamsApps/{id}/installedToOnlineMeetings/getAllTranscripts', 'callTranscript'],
  ['§3.1', '/chats', 'chat'],
  ['§3.1', '/chats/{id}', 'chat'],
  ['§3.1', '/chats/{id}?notifyOnUserSpecificProperties={Boolean}', 'chat'],
  ['§3.1', '/appCatalogs/teamsApps/{id}/installedToChats', 'chat'],
  ['§3.1', '/users/{id}/chats', 'chat'],
  ['§3.1', '/users/{id}/chats?notifyOnUserSpecificProperties={Boolean}', 'chat'],
  ['§3.1', '/users/{id}/chats/getAllMessages', 'chatMessage'],
  ['§3.1', '/appCatalogs/teamsApps/{id}/installedToChats/getAllMessages', 'chatMessage'],
  ['§3.1', '/teams/getAllChannels', 'channel'],
  ['§3.1', '/teams/{id}/channels', 'channel'],
  ['§3.1', '/teams/{id}/members', 'conversationMember'],
  ['§3.1', 'teams/{id}/channels/getAllMembers', 'conversationMember'],
  ['§3.1', '/chats/{id}/members', 'conversationMember'],
  ['§3.1', '/appCatalogs/teamsApps/{id}/installedToChats/getAllMembers', 'conversationMember'],
  ['§3.1', '/chats/getAllMembers', 'conversationMember'],
  ['§3.1', "/communications/onlineMeetings(joinWebUrl='{encodedJoinWebUrl}')/meetingCallEvents", 'onlineMeeting'],
  ['§3.1', '/communications/presences?$filter=id in ({id},{id}...)', 'presence'],
  ['§3.1', '/teams', 'team'],
  ['§3.1', '/teams/{id}', 'team'],
  ['§3.1', '/teams/{id}/schedule/offerShiftRequests', 'offerShiftRequest'],
  ['§3.1', '/teams/{id}/schedule/openShiftChangeRequests', 'openShiftChangeRequest'],
  ['§3.1', '/teams/{id}/schedule/shifts', 'shift'],
  ['§3.1', '/teams/{id}/schedule/swapShiftsChangeRequests', 'swapShiftsChangeRequest'],
  ['§3.1', '/teams/{id}/schedule/timeOffRequests', 'timeOffRequest'],
  ['§3.1', 'solutions/virtualEvents/events', 'virtualEvent'],
  ['§3.1', "solutions/virtualEvents/events/getEventsFromOrganizers(organizerIds=['id1','id2'])", 'virtualEvent'],
  ['§3.1', 'solutions/virtualEvents/webinars/{webinarId}', 'virtualEventWebinar'],
  ['§3.1', 'solutions/virtualEvents/webinars/{webinarId}/sessions', 'virtualEventWebinar'],
  ['§3.1', 'solutions/virtualEvents/webinars/{webinarId}/registrations', 'virtualEventWebinar'],
  ['§3.1', '/appCatalogs/teamsApps/{teams-app-id}/installations', 'teamsAppInstallation'],
  ["§3.1", "/appCatalogs/teamsApps/{teams-app-id}/installations?$filter=(scopeInfo/scope eq 'groupChat')", 'teamsAppInstallation'],
  // digest §3.3
  ['§3.3', '/users/{id}/mailFolders/{id}/messages', 'message'],
  ['§3.3', '/users/{id}/contactFolders/{id}/contacts', 'contact'],
  ['§3.3', '/teams/getAllChannels/getAllMembers', 'conversationMember'],
];

for (const [source, resource, id] of EXAMPLES) {
  test(`${source}: ${resource} → ${id}`, () => {
    const m = matchResource(resource);
    assert.ok(m.ok, `${resource} should match (suggestions: ${m.ok ? '' : m.suggestions.join(', ')})`);
    if (m.ok) assert.equal(m.entry.id, id);
  });
}

test('every catalog pattern example matches its own pattern', () => {
  for (const entry of CATALOG) {
    for (const p of entry.paths) {
      assert.ok(p.example, `${entry.id} ${p.pattern} has an example`);
      const m = matchResource(p.example ?? '');
      assert.ok(m.ok, `${p.example}`);
      if (m.ok) assert.equal(m.pattern, p, `${p.example} → ${m.pattern.pattern}, expected ${p.pattern}`);
    }
  }
});

test('catalog data is consistent: unique ids, sources, links, lifetimes, patterns', () => {
  assert.match(CATALOG_VERSION, /^\d{4}-\d{2}-\d{2}\.\d+$/);
  const ids = new Set<string>();
  const patterns = new Set<string>();
  for (const e of CATALOG) {
    assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
    ids.add(e.id);
    assert.match(e.docsUrl, /^https:\/\/learn\.microsoft\.com\//);
    assert.ok(e.sources.length > 0, `${e.id} has sources`);
    assert.ok(e.maxLifetimeMinutes >= 60, `${e.id} lifetime`);
    assert.ok(e.changeTypes.length > 0);
    for (const p of e.paths) {
      assert.ok(!p.pattern.startsWith('/'), `${p.pattern}: no leading slash`);
      assert.ok(!patterns.has(p.pattern.toLowerCase()), `duplicate pattern ${p.pattern}`);
      patterns.add(p.pattern.toLowerCase());
      assert.ok(p.sources.length > 0, `${p.pattern} has sources`);
      for (const c of p.changeTypes ?? []) assert.ok(['created', 'updated', 'deleted'].includes(c));
    }
  }
  assert.ok(CATALOG.length >= 34);
});

test('lifetimes follow digest §2.1 (newest values)', () => {
  const expect: [string, number, number?][] = [
    ['message', 10080, 1440], ['event', 10080, 1440], ['contact', 10080, 1440], ['chatMessage', 4320], ['chat', 4320],
    ['callRecord', 4230], ['presence', 60], ['driveItem', 42300], ['list', 42300], ['user', 41760], ['group', 41760],
    ['alert', 43200], ['aiInteraction', 4320], ['shift', 360], ['todoTask', 4230], ['printer', 4230], ['groupConversation', 4230],
  ];
  for (const [id, max, rich] of expect) {
    const e = getEntry(id);
    assert.ok(e, id);
    if (!e) continue;
    assert.equal(maxLifetimeMinutes(e, false), max, id);
    assert.equal(maxLifetimeMinutes(e, true), rich ?? max, `${id} with resource data`);
  }
  const now = new Date('2026-01-01T00:00:00Z');
  const message = getEntry('message');
  assert.ok(message);
  if (message) {
    assert.equal(maxExpiration(message, false, now).toISOString(), '2026-01-08T00:00:00.000Z');
    assert.equal(maxExpiration(message, true, now).toISOString(), '2026-01-02T00:00:00.000Z');
  }
});

test('Teams and Copilot resources over one hour need lifecycleNotificationUrl; Outlook does not', () => {
  for (const id of ['chat', 'chatMessage', 'channel', 'team', 'conversationMember', 'callRecording', 'callTranscript', 'aiInteraction']) {
    assert.equal(getEntry(id)?.lifecycleUrlRequiredOverOneHour, true, id);
  }
  for (const id of ['message', 'user', 'driveItem', 'presence']) assert.equal(getEntry(id)?.lifecycleUrlRequiredOverOneHour, false, id);
});

test('lifecycle events per resource follow digest §7', () => {
  assert.deepEqual([...(getEntry('message')?.lifecycleEvents ?? [])].sort(), ['missed', 'reauthorizationRequired', 'subscriptionRemoved']);
  assert.deepEqual([...(getEntry('chatMessage')?.lifecycleEvents ?? [])].sort(), ['reauthorizationRequired', 'subscriptionRemoved']);
  assert.deepEqual(getEntry('user')?.lifecycleEvents, ['reauthorizationRequired']);
});
