import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, matchResource, requiredPermissions } from '../../src/catalog/index';
import { changeTypeCombinations, matrixMarkdown, pathPickRows, permissionSummary, resourcePickRows } from '../../src/editor/catalogText';

test('change-type completions offer every combination, the full one first', () => {
  const combos = changeTypeCombinations(['created', 'updated', 'deleted']);
  assert.equal(combos.length, 7);
  assert.equal(combos[0], 'created,updated,deleted');
  assert.ok(combos.includes('created') && combos.includes('updated,deleted'));
  assert.deepEqual(changeTypeCombinations(['updated']), ['updated']);
});

test('the quick pick names the least-privileged permission or why the kind cannot be used', () => {
  assert.equal(permissionSummary({ supported: true, anyOf: ['Mail.ReadBasic', 'Mail.Read'], rsc: [] }, 'delegatedWork'), 'Mail.ReadBasic (or 1 more)');
  assert.equal(permissionSummary({ supported: true, anyOf: ['Mail.Read'], rsc: [] }, 'application'), 'Mail.Read');
  assert.match(permissionSummary({ supported: false, anyOf: [], rsc: [] }, 'delegatedPersonal'), /^Not available with delegated \(personal microsoft account\)/);
});

test('the resource hover shows the matrix row: permissions by kind, lifetime, rich support, docs link', () => {
  const match = matchResource('me/messages');
  assert.ok(match.ok);
  const md = matrixMarkdown(match.entry, match.pattern, (e, p, k) => requiredPermissions(e, p, k, 'create'), 'application');
  for (const needle of ['Delegated (work or school account)', 'Delegated (personal Microsoft account)', '(this draft)', 'Maximum lifetime', 'Rich notifications', match.entry.docsUrl]) {
    assert.ok(md.includes(needle), `hover lacks ${needle}:\n${md}`);
  }
  assert.ok(CATALOG.length > 0);
});

test('the Create Subscription pick groups resource types and marks those the account kind cannot use', () => {
  const perms = (e: Parameters<typeof requiredPermissions>[0], p: Parameters<typeof requiredPermissions>[1], k: Parameters<typeof requiredPermissions>[2]) => requiredPermissions(e, p, k, 'create');
  const rows = resourcePickRows(CATALOG, 'delegatedPersonal', perms);
  const separators = rows.filter((r) => 'separator' in r).map((r) => ('separator' in r ? r.separator : ''));
  assert.deepEqual(separators, [...new Set(CATALOG.map((e) => e.group))].sort(), 'one heading per group, sorted');
  const entries = rows.filter((r): r is Extract<typeof r, { entry: unknown }> => 'entry' in r);
  assert.equal(entries.length, CATALOG.length);
  const group = entries.find((r) => r.entry.id === 'group')!;
  assert.equal(group.usable, false, 'groups are not for personal Microsoft accounts');
  assert.match(group.label, /^\$\(circle-slash\) /);
  assert.match(group.detail ?? '', /personal/i);
  const message = entries.find((r) => r.entry.id === 'message')!;
  assert.equal(message.usable, true);
  assert.match(message.description, /Mail\./);

  const paths = pathPickRows(CATALOG.find((e) => e.id === 'chat')!, 'delegatedWork', perms);
  const firstUnusable = paths.findIndex((p) => p.label.startsWith('$(circle-slash)'));
  assert.ok(firstUnusable === -1 || paths.slice(firstUnusable).every((p) => p.label.startsWith('$(circle-slash)')), 'usable paths come first');
  assert.ok(paths.some((p) => p.label.startsWith('$(circle-slash)')), 'org-wide chats are application-only');
});
