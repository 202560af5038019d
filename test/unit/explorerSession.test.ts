import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NotificationHistory } from '../../src/notifications/history';
import { ExplorerSession } from '../../src/notifications/explorer/explorerSession';
import { explorerHtml } from '../../src/notifications/explorer/explorerHtml';
import { parseWebviewMessage, type DetailMessage, type FilterDto, type HostMessage, type RowsMessage, type StateMessage } from '../../src/notifications/explorer/protocol';
import { DecryptError } from '../../src/notifications/decryptContent';
import { syntheticHistory } from '../fixtures/historyLines';

const ALL: FilterDto = { subscriptionIds: [], changeTypes: [], checks: [], resource: '' };

function setup(lines: string, decrypt = async () => ({ json: { subject: 'hello', lastModifiedDateTime: '2026-12-01T08:00:00Z' }, signatureVerified: true })) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-explorer-session-'));
  fs.writeFileSync(path.join(dir, 'history.jsonl'), lines);
  const posted: HostMessage[] = [];
  const session = new ExplorerSession({ dir, now: () => Date.parse('2026-12-01T10:00:00Z'), subscriptionSource: (id: string) => (id === 'sub-1' ? { listed: { resource: 'me/messages', account: 'Sandbox' } } : {}), decrypt, post: (m) => posted.push(m) });
  const last = <T extends HostMessage['type']>(type: T) => posted.filter((m) => m.type === type).at(-1) as Extract<HostMessage, { type: T }> | undefined;
  return { dir, session, posted, last };
}

test('a query posts the state; pages answer only for the current version; rows carry groups', async () => {
  const { session, last } = setup(syntheticHistory({ count: 100 }));
  await session.handle({ type: 'query', filter: ALL, groupDuplicates: true, expanded: [] });
  const state = last('state') as StateMessage;
  assert.equal(state.total, 100);
  assert.ok(state.listLength < 100, 'duplicates grouped');
  const named = state.subscriptions.find((s) => s.subscriptionId === 'sub-1');
  assert.deepEqual([named?.name, named?.detail, named?.oneLine], ['me/messages', 'Sandbox', 'me/messages — Sandbox']);
  assert.match(named?.title ?? '', /Subscription id: sub-1/);
  await session.handle({ type: 'page', version: state.version, start: 0, count: 50 });
  const page = last('rows') as RowsMessage;
  assert.equal(page.rows.length, 50);
  assert.ok(page.rows.every((r, i) => i === 0 || r.time <= page.rows[i - 1].time), 'newest first');
  const grouped = page.rows.find((r) => r.group);
  assert.ok(grouped, 'a group leader in the first page');
  assert.match(grouped!.group!.label, /^2 × (created|updated|deleted)$/);

  // A stale page request (an older version) gets no answer.
  const before = page;
  await session.handle({ type: 'page', version: state.version - 1, start: 0, count: 50 });
  assert.equal(last('rows'), before);

  // Expanded: the member follows its leader, marked as member.
  await session.handle({ type: 'query', filter: ALL, groupDuplicates: true, expanded: [grouped!.row] });
  const expanded = last('state') as StateMessage;
  assert.equal(expanded.listLength, state.listLength + 1);
  await session.handle({ type: 'page', version: expanded.version, start: 0, count: 100 });
  const rows = (last('rows') as RowsMessage).rows;
  const at = rows.findIndex((r) => r.row === grouped!.row);
  assert.equal(rows[at].group?.expanded, true);
  assert.equal(rows[at + 1].member, true);
});

test('the detail: the stored item, its verdicts, the decrypted content, replay possible', async () => {
  const { session, last } = setup(syntheticHistory({ count: 10 }));
  await session.handle({ type: 'query', filter: ALL, groupDuplicates: false, expanded: [] });
  await session.handle({ type: 'select', row: 0 }); // n-0: rich (i % 3 === 0)
  const detail = (last('detail') as DetailMessage).detail!;
  assert.equal(detail.entryId, 'n-0');
  assert.match(detail.itemJson, /"subscriptionId": "sub-0"/);
  assert.deepEqual(detail.checks?.map((c) => `${c.name}:${c.status}`), ['clientState:pass', 'validationTokens:skip', 'decryption:skip']);
  assert.deepEqual(detail.decrypted, { json: JSON.stringify({ subject: 'hello', lastModifiedDateTime: '2026-12-01T08:00:00Z' }, null, 2), signatureVerified: true });
  assert.equal(detail.canReplay, true);
  assert.ok(detail.latencyMs !== undefined && detail.latencyMs > 0);
  assert.equal(await session.handle({ type: 'replay', row: 0 }).then((a) => JSON.stringify(a)), JSON.stringify({ type: 'replay', entryId: 'n-0' }));
  assert.deepEqual(await session.handle({ type: 'forward', row: 99 }), { type: 'gone' });
});

test('a decryption failure is shown as its reason, not thrown', async () => {
  const { session, last } = setup(syntheticHistory({ count: 3 }), async () => {
    throw new DecryptError('unknownKey', 'No private key for encryptionCertificateId "cert-1"');
  });
  await session.handle({ type: 'query', filter: ALL, groupDuplicates: false, expanded: [] });
  await session.handle({ type: 'select', row: 0 });
  assert.deepEqual((last('detail') as DetailMessage).detail?.decrypted, { error: 'No private key for encryptionCertificateId "cert-1"' });
});

test('refresh posts a live state with what was added, once per burst', async () => {
  const { dir, session, posted, last } = setup('');
  await session.handle({ type: 'query', filter: ALL, groupDuplicates: true, expanded: [] });
  assert.equal((last('state') as StateMessage).total, 0);
  const h = new NotificationHistory({ dir });
  for (let i = 0; i < 3; i++) await h.appendReceived({ id: `x${i}`, receivedAt: new Date().toISOString(), kind: 'change', path: '/notifications', body: { value: [{ subscriptionId: 's', changeType: 'created', resource: `r/${i}` }] } });
  await h.close();
  const states = posted.filter((m) => m.type === 'state').length;
  const [a, b] = await Promise.all([session.refresh(), session.refresh()]);
  assert.equal(a + b >= 3, true);
  const live = last('state') as StateMessage;
  assert.equal(live.total, 3);
  assert.equal(live.added, 3);
  assert.equal(posted.filter((m) => m.type === 'state').length, states + 1, 'one state for the burst');
  assert.equal(await session.refresh(), 0);
});

test('the webview messages are checked: unknown types, bad rows, bad filters are refused', () => {
  const good = { type: 'query', filter: { subscriptionIds: ['a'], changeTypes: [], checks: ['verified'], resource: '', from: 1, to: null }, groupDuplicates: true, expanded: [3] };
  assert.deepEqual(parseWebviewMessage(good), { type: 'query', filter: { subscriptionIds: ['a'], changeTypes: [], checks: ['verified'], resource: '', from: 1 }, groupDuplicates: true, expanded: [3] });
  assert.deepEqual(parseWebviewMessage({ type: 'page', version: 2, start: 100, count: 100_000 }), { type: 'page', version: 2, start: 100, count: 500 });
  assert.deepEqual(parseWebviewMessage({ type: 'openRaw', extra: 1 }), { type: 'openRaw' });
  const bad: unknown[] = [
    null, 'query', { type: 'eval', code: '1' }, { type: 'select', row: -1 }, { type: 'select', row: 1.5 }, { type: 'replay', row: '3' },
    { ...good, filter: { ...good.filter, checks: ['everything'] } }, { ...good, filter: { ...good.filter, subscriptionIds: [1] } },
    { ...good, filter: { ...good.filter, from: 'yesterday' } }, { ...good, groupDuplicates: 'yes' }, { ...good, expanded: [-1] }, { ...good, filter: undefined },
  ];
  for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
});

test('the page: a CSP with a nonce, nothing remote, the script only with that nonce', () => {
  const html = explorerHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x/explorer.js', styleUri: 'https://x/explorer.css', nonce: 'abc123' });
  const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.match(html, /<script nonce="abc123" src="https:\/\/x\/explorer.js"><\/script>/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  const other = explorerHtml({ cspSource: 'x', scriptUri: 's', styleUri: 't' });
  assert.notEqual(/nonce-([^']+)/.exec(other)?.[1], /nonce-([^']+)/.exec(explorerHtml({ cspSource: 'x', scriptUri: 's', styleUri: 't' }))?.[1], 'a new nonce per page');
});
