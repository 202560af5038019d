import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expandSnippet } from '../../src/editor/draftTemplate';
import { SNIPPET_DEFINITIONS } from '../../src/editor/draftSnippetData';
import { FindingCode, KNOWN_PROPERTIES, validateDraft } from '../../src/validation/index';

const root = join(__dirname, '..', '..', '..');
const read = (p: string): unknown => JSON.parse(readFileSync(join(root, p), 'utf8'));

/** What VS Code inserts with every tab stop at its default: variables, first choice, placeholders. */
function insert(body: readonly string[], now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const vars: Record<string, string> = {
    UUID: randomUUID(),
    CURRENT_YEAR: String(now.getUTCFullYear()),
    CURRENT_MONTH: pad(now.getUTCMonth() + 1),
    CURRENT_DATE: pad(now.getUTCDate()),
  };
  const text = body
    .join('\n')
    .replace(/\$\{([A-Z_]+)\}/g, (_m, v: string) => vars[v] ?? '')
    .replace(/\$\{\d+\|([^,|]*)(?:,[^|]*)*\|\}/g, (_m, first: string) => first);
  return expandSnippet(text);
}

test('every graphsub snippet inserts a subscription the validator accepts (bar the time-dependent expiration)', () => {
  const snippets = SNIPPET_DEFINITIONS;
  const prefixes = Object.values(snippets).flatMap((s) => s.prefix);
  assert.ok(prefixes.includes('graphsub') && prefixes.includes('graphsub-messages') && prefixes.includes('graphsub-teams-chat') && prefixes.includes('graphsub-rich'));
  assert.ok(prefixes.every((p) => p.startsWith('graphsub')));
  const now = new Date();
  const timeDependent: string[] = [FindingCode.expirationInPast, FindingCode.expirationBelowMinimum, FindingCode.expirationOverMaximum, FindingCode.lifecycleUrlRequired];
  // Tab stops left at their placeholder (chats/chatId/…) are flagged until the user types an id.
  timeDependent.push(FindingCode.unfilledPlaceholder);
  for (const [name, snippet] of Object.entries(snippets)) {
    const text = insert(snippet.body, now);
    const draft = JSON.parse(text) as Record<string, unknown>;
    for (const key of ['resource', 'changeType', 'notificationUrl', 'expirationDateTime', 'clientState']) assert.ok(key in draft, `${name} has ${key}`);
    const errors = validateDraft(text, { operation: 'create', accountKind: 'delegatedWork', now })
      .filter((f) => f.severity === 'error' && !timeDependent.includes(f.code))
      .map((f) => `${f.code} ${f.message}`);
    assert.deepEqual(errors, [], `${name}:\n${text}`);
  }
});

test('the JSON schema describes every property the validator knows, with the TLS enum', () => {
  const schema = read('media/subscription.schema.json') as { properties: Record<string, { description?: string; enum?: string[] }> };
  for (const key of KNOWN_PROPERTIES) {
    assert.ok(schema.properties[key]?.description, `schema describes ${key}`);
  }
  assert.deepEqual(schema.properties.latestSupportedTlsVersion.enum, ['v1_0', 'v1_1', 'v1_2', 'v1_3']);
  const manifest = read('package.json') as { contributes: { jsonValidation: { fileMatch: string; url: string }[]; snippets?: unknown } };
  assert.ok(manifest.contributes.jsonValidation.some((j) => j.url === './media/subscription.schema.json' && j.fileMatch === '*.subscription.json'));
  // The graphsub-* snippets come from the drafts' completion provider (*.subscription.json only);
  // a manifest snippets entry would offer them in every JSON file (issue 19, item 23).
  assert.equal(manifest.contributes.snippets, undefined);
});
