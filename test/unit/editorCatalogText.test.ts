import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, matchResource, requiredPermissions } from '../../src/catalog/index';
import { changeTypeCombinations, matrixMarkdown, permissionSummary } from '../../src/editor/catalogText';

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
