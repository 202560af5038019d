/**
 * Validation speed: `validateDraft` on a typical draft and on large drafts, each as a ratio to
 * `jsonc-parser`'s `parse` of the same text measured in the same run. Goal: under 2× parse time,
 * growing linearly (256 KB vs 1 MB).
 */
import { parse } from 'jsonc-parser';
import { validateDraft } from '../../src/validation/index';
import type { ValidationContext } from '../../src/validation/types';
import type { BenchResult } from './types';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const CTX: ValidationContext = {
  operation: 'create',
  accountKind: 'delegatedWork',
  grantedPermissions: ['Mail.Read', 'User.Read'],
  existing: [
    { id: 'a', resource: 'me/events', changeType: 'created' },
    { id: 'b', resource: 'me/contacts', changeType: 'updated' },
  ],
  now: NOW,
};

const TYPICAL = JSON.stringify({
  changeType: 'created,updated',
  notificationUrl: 'https://webhook.example.com/api/notify',
  lifecycleNotificationUrl: 'https://webhook.example.com/api/lifecycle',
  resource: 'me/mailFolders(\'inbox\')/messages?$select=Subject,From',
  expirationDateTime: '2026-11-24T10:00:00.000Z',
  clientState: 'secretClientValue',
  includeResourceData: true,
  encryptionCertificate: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'.repeat(8),
  encryptionCertificateId: 'cert-1',
  latestSupportedTlsVersion: 'v1_2',
}, null, 2);

/** The create-subscription page's own example (seed 003), with a current expiration. */
const DOCS_EXAMPLE = JSON.stringify({
  changeType: 'created',
  notificationUrl: 'https://webhook.azurewebsites.net/api/send/myNotifyClient',
  resource: "me/mailFolders('Inbox')/messages",
  expirationDateTime: '2026-11-24T18:23:45.9356913Z',
  clientState: 'secretClientValue',
  latestSupportedTlsVersion: 'v1_2',
}, null, 2);

/** A draft with mistakes: typo, http URL, bad change type, expiration over the maximum, missing $select. */
const WITH_FINDINGS = JSON.stringify({
  changeType: 'created,updatd',
  notificationURL: 'https://webhook.example.com/api/notify',
  lifecycleNotificationUrl: 'http://webhook.example.com/api/lifecycle',
  resource: 'me/messages',
  expirationDateTime: '2026-12-24T10:00:00.000Z',
  includeResourceData: true,
  latestSupportedTlsVersion: 'v1.2',
}, null, 2);

/** A draft whose size is one huge string value (a pasted certificate). */
function bigString(bytes: number): string {
  const base = JSON.parse(TYPICAL) as Record<string, unknown>;
  base.encryptionCertificate = 'A'.repeat(bytes);
  return JSON.stringify(base, null, 2);
}

/** A draft whose size is structure: an unknown property holding many small objects. */
function bigStructure(bytes: number): string {
  const base = JSON.parse(TYPICAL) as Record<string, unknown>;
  const one = (i: number): unknown => ({ id: `item-${i}`, value: i, flag: i % 2 === 0, tags: ['a', 'b'] });
  // Size of one pretty-printed item inside the array (4 levels of indentation).
  const per = JSON.stringify({ x: [one(100000)] }, null, 2).length - JSON.stringify({ x: [] }, null, 2).length;
  base.extra = Array.from({ length: Math.max(1, Math.round((bytes - TYPICAL.length) / per)) }, (_, i) => one(i));
  return JSON.stringify(base, null, 2);
}

/** One batch of `inner` calls, in ms per call. */
function batch(fn: () => void, inner: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < inner; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1e6 / inner;
}

/**
 * Validation vs parse of the same text: batches alternate (so both see the same machine load) and
 * the fastest batch of each counts (least disturbed by other processes and GC).
 */
function measure(name: string, text: string, inner: number, rounds = 21): BenchResult {
  let sink = 0;
  const doParse = (): void => { sink += parse(text) ? 1 : 0; };
  const doValidate = (): void => { sink += validateDraft(text, CTX).length; };
  batch(doParse, Math.max(3, inner));
  batch(doValidate, Math.max(3, inner));
  let parseMs = Number.POSITIVE_INFINITY;
  let validateMs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    parseMs = Math.min(parseMs, batch(doParse, inner));
    validateMs = Math.min(validateMs, batch(doValidate, inner));
  }
  if (sink < 0) console.log(sink);
  // Small drafts in microseconds, so that the table shows more than 0.00 ms.
  const micro = validateMs < 0.1;
  const scale = micro ? 1000 : 1;
  return {
    name: `${name} (${formatBytes(text.length)})`,
    value: round(validateMs * scale),
    unit: micro ? 'µs' : 'ms',
    baselineName: 'jsonc-parser parse() of the same text',
    baseline: round(parseMs * scale),
    ratio: Math.round((validateMs / parseMs) * 100) / 100,
    better: 'lower',
    goal: '< 2x parse time',
  };
}

const round = (ms: number): number => (ms < 0.1 ? Math.round(ms * 10000) / 10000 : Math.round(ms * 1000) / 1000);
const formatBytes = (n: number): string => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`);

export async function run(): Promise<BenchResult[]> {
  return [
    measure('validate typical draft', TYPICAL, 500),
    measure('validate docs example draft', DOCS_EXAMPLE, 1000),
    measure('validate draft with 9 findings and their fixes', WITH_FINDINGS, 500),
    measure('validate draft, large certificate string', bigString(256 * 1024), 8),
    measure('validate draft, large certificate string', bigString(1 << 20), 2),
    measure('validate draft, large nested structure', bigStructure(256 * 1024), 4, 11),
    measure('validate draft, large nested structure', bigStructure(1 << 20), 1, 11),
  ];
}
