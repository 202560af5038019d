// The graphsub-* snippets are offered where a whole subscription can go, never inside a string
// (issue 19, item 23: they showed in every JSON file and inside string values).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DRAFT_SNIPPETS, snippetsAllowedAt } from '../../src/editor/draftSnippets';

/** `|` marks the cursor. */
function allowed(textWithCursor: string): boolean {
  const offset = textWithCursor.indexOf('|');
  return snippetsAllowedAt(textWithCursor.replace('|', ''), offset);
}

test('snippets are offered in an empty draft and around the root object', () => {
  const cases: [string, boolean][] = [
    ['|', true],
    ['graphs|', true],
    ['  \n graphsub|', true],
    ['{ "a": 1 }\n|', true],
    ['// a comment\n|', true],
  ];
  for (const [text, expected] of cases) assert.equal(allowed(text), expected, JSON.stringify(text));
});

test('snippets are never offered inside a string, a comment or the root object', () => {
  const cases: [string, boolean][] = [
    ['{ "resource": "graph|" }', false],
    ['{ "resource": "me/mess|', false],
    ['{ "reso|urce": 1 }', false],
    ['{\n  |\n}', false],
    ['{ "a": [ | ] }', false],
    ['// graph|', false],
    ['/* graph| */', false],
  ];
  for (const [text, expected] of cases) assert.equal(allowed(text), expected, JSON.stringify(text));
});

test('every snippet prefix starts with graphsub and has a body', () => {
  assert.ok(DRAFT_SNIPPETS.length >= 9);
  for (const s of DRAFT_SNIPPETS) {
    assert.match(s.prefix, /^graphsub/);
    assert.ok(s.body.startsWith('{') && s.body.endsWith('}'), s.name);
  }
});
