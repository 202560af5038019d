// Issue 19, item 18: internal references ("(digest §4.1 OUTLOOK-NOTES)", "(§6.8)", seed file names)
// never reach hovers, diagnostics or messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publicText } from '../../src/util/publicText';
import { CATALOG, requiredPermissions } from '../../src/catalog/index';
import { ACCOUNT_KINDS } from '../../src/catalog/types';
import { matrixMarkdown } from '../../src/editor/catalogText';

const INTERNAL = /§|digest|\d{3}_[0-9a-f]{8,}\.txt/i;

test('publicText strips the references and keeps the sentence', () => {
  const table: [string, string][] = [
    ["Delegated permissions cover only the signed-in user's mailbox (digest §4.1 OUTLOOK-NOTES).", "Delegated permissions cover only the signed-in user's mailbox."],
    ['Graph only calls https URLs; "x" is http (§6.8)', 'Graph only calls https URLs; "x" is http'],
    ['Rich subscriptions must use $select (digest §3.3 OUTLOOK).', 'Rich subscriptions must use $select.'],
    ['The table (003_dfc7fc012aad69a3.txt) lists User.Read.All.', 'The table lists User.Read.All.'],
    ['No reference here (2019).', 'No reference here (2019).'],
  ];
  for (const [input, expected] of table) assert.equal(publicText(input), expected);
});

test('no hover of any catalog path shows an internal reference, for every account kind', () => {
  let checked = 0;
  for (const entry of CATALOG) {
    for (const path of entry.paths) {
      for (const kind of ACCOUNT_KINDS) {
        const md = matrixMarkdown(entry, path, (e, p, k) => requiredPermissions(e, p, k, 'create'), kind);
        assert.doesNotMatch(md, INTERNAL, `${entry.id} ${path.pattern} (${kind}):\n${md}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 100);
});
