import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DRAFT_DEPTH, parseDraft, validateDraft } from '../../src/validation/index';

test('properties carry exact key and value spans, comments tolerated', () => {
  const text = '{\n  // c\n  "resource": "me/messages",\n  "includeResourceData": true,\n}';
  const d = parseDraft(text);
  assert.deepEqual(d.syntaxErrors, []);
  assert.deepEqual(d.value, { resource: 'me/messages', includeResourceData: true });
  const r = d.properties.get('resource');
  assert.ok(r);
  if (!r) return;
  assert.equal(text.slice(r.keySpan.offset, r.keySpan.offset + r.keySpan.length), '"resource"');
  assert.equal(text.slice(r.valueSpan.offset, r.valueSpan.offset + r.valueSpan.length), '"me/messages"');
  assert.equal(text.slice(r.memberSpan.offset, r.memberSpan.offset + r.memberSpan.length), '"resource": "me/messages"');
});

test('syntax errors are reported with spans, and what parsed is still available', () => {
  const text = '{ "resource": "me/messages", "changeType": }';
  const d = parseDraft(text);
  assert.equal(d.syntaxErrors.length, 1);
  assert.equal(d.syntaxErrors[0].message, 'Value expected');
  assert.equal(d.properties.get('resource')?.value, 'me/messages');
});

test('non-object root and repeated keys', () => {
  assert.equal(parseDraft('[]').value, undefined);
  assert.equal(parseDraft('[]').rootType, 'array');
  const d = parseDraft('{"a": 1, "a": 2}');
  assert.equal(d.properties.get('a')?.value, 2);
  assert.equal(d.duplicates.length, 1);
});

test('values and spans agree with jsonc-parser on well-formed drafts (fast path), nested values lazily', async () => {
  const { parse } = await import('jsonc-parser');
  const texts = [
    '{}',
    '{ "a": 1, "b": -2.5e3, "c": true, "d": false, "e": null, "f": "x\\"y\\u0041" }',
    '{\n  /* block */ "a": [1, {"b": [ ], "c": {}}, "s",], // line\n  "o": {"k": [true, null],},\n}',
    '{"dup": 1, "dup": {"x": 2}}',
  ];
  for (const text of texts) {
    const d = parseDraft(text);
    assert.deepEqual(d.syntaxErrors, [], text);
    assert.deepEqual(JSON.parse(JSON.stringify(d.value)), parse(text, [], { allowTrailingComma: true }), text);
    for (const [, p] of d.properties) {
      const raw = text.slice(p.valueSpan.offset, p.valueSpan.offset + p.valueSpan.length);
      assert.deepEqual(parse(raw, [], { allowTrailingComma: true }), p.value, raw);
    }
  }
});

test('errors inside nested values are still reported', () => {
  for (const text of ['{"a": [1 2]}', '{"a": {"b" 1}}', '{"a": [1, }', '{"a": "unterminated}', '{"a": 1} extra', '{"a": 01}', '{"a": 1 /* open']) {
    assert.ok(parseDraft(text).syntaxErrors.length > 0, text);
  }
});

test('absurd nesting is a finding at the first bracket past the limit, never a RangeError', () => {
  for (const depth of [10_000, 100_000]) {
    const text = `{"resource":"me/messages","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const d = parseDraft(text);
    assert.equal(d.syntaxErrors.length, 1);
    assert.match(d.syntaxErrors[0].message, /nested deeper than \d+ levels/i);
    // The span points at the bracket that crosses the limit (the root object is level 1).
    assert.equal(d.syntaxErrors[0].span.offset, '{"resource":"me/messages","x":'.length + MAX_DRAFT_DEPTH - 1);
    const findings = validateDraft(text, { operation: 'create', accountKind: 'delegatedWork', now: new Date() });
    assert.ok(findings.some((f) => /nested deeper/i.test(f.message)));
  }
  // Brackets inside strings and comments do not count.
  const fine = `{"resource":"${'['.repeat(500)}", /* ${'{'.repeat(500)} */ "x": [[[1]]]}`;
  assert.deepEqual(parseDraft(fine).syntaxErrors, []);
});
