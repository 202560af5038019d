/** Removing a member from a draft (quick fixes): the text left behind is what a user would have typed. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { removalEdits } from '../../src/validation/jsonEdits';
import type { TextEdit } from '../../src/validation/types';

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

const CASES: { name: string; text: string; key: string; expected: string }[] = [
  { name: 'middle member', key: 'b', text: '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}', expected: '{\n  "a": 1,\n  "c": 3\n}' },
  { name: 'first member', key: 'a', text: '{\n  "a": 1,\n  "b": 2\n}', expected: '{\n  "b": 2\n}' },
  { name: 'last member (its comma goes)', key: 'b', text: '{\n  "a": 1,\n  "b": 2\n}', expected: '{\n  "a": 1\n}' },
  { name: 'only member', key: 'a', text: '{\n  "a": 1\n}', expected: '{\n}' },
  { name: 'tabs', key: 'b', text: '{\n\t"a": 1,\n\t"b": {\n\t\t"x": [1, 2]\n\t},\n\t"c": 3\n}', expected: '{\n\t"a": 1,\n\t"c": 3\n}' },
  { name: 'comments elsewhere are kept', key: 'b', text: '{\n  // keep me\n  "a": 1,\n  "b": 2, // and me?\n  "c": 3\n}', expected: '{\n  // keep me\n  "a": 1, // and me?\n  "c": 3\n}' },
  { name: 'CRLF', key: 'b', text: '{\r\n  "a": 1,\r\n  "b": 2,\r\n  "c": 3\r\n}', expected: '{\r\n  "a": 1,\r\n  "c": 3\r\n}' },
  { name: 'one line', key: 'a', text: '{"a": 1, "b": 2}', expected: '{"b": 2}' },
];

for (const c of CASES) {
  test(`removing a member: ${c.name}`, () => {
    const result = apply(c.text, removalEdits(c.text, c.key));
    assert.equal(result, c.expected);
    assert.doesNotThrow(() => JSON.parse(result.replace(/\/\/.*$/gm, '')), result);
  });
}

test('removing a member that is not there changes nothing', () => {
  assert.deepEqual(removalEdits('{\n  "a": 1\n}', 'b'), []);
});

test('removing one preference of @requestHeaders.Prefer, or the whole header', () => {
  const text = '{\n  "resource": "me/messages",\n  "@requestHeaders": {\n    "Prefer": [\n      "IdType=\\"ImmutableId\\"",\n      "odata.maxpagesize=5"\n    ]\n  }\n}';
  assert.equal(apply(text, removalEdits(text, ['@requestHeaders', 'Prefer', 1])), '{\n  "resource": "me/messages",\n  "@requestHeaders": {\n    "Prefer": [\n      "IdType=\\"ImmutableId\\""\n    ]\n  }\n}');
  assert.equal(apply(text, removalEdits(text, ['@requestHeaders', 'Prefer'])), '{\n  "resource": "me/messages",\n  "@requestHeaders": {\n  }\n}');
});
