/** Shared pieces of the sample payloads: ids and the context a sample is built in. */
import { randomBytes } from 'node:crypto';
import { memoise } from '../../util/memo';

export interface SampleContext {
  tenantId: string;
  userId: string;
  now: Date;
  changeType?: string;
  /** Position of the item in its simulate call (lets a batch mix messages and replies). */
  index?: number;
  overrides?: Record<string, unknown>;
  /** The subscription was created with `Prefer: IdType="ImmutableId"`: Outlook ids are immutable ids. */
  immutableIds?: boolean;
  /** The id of the item the change touches (an update or deletion of an item the Sandbox made before). */
  itemId?: string;
}

export interface SampleChange {
  resource: string;
  resourceData: Record<string, unknown>;
  /** The resource object a rich notification encrypts. */
  full: Record<string, unknown>;
}

/**
 * Random bytes for sample ids, cut from a pooled 4 KiB buffer: a sample needs several small ids,
 * and a crypto call per id was a measurable share of each simulated notification (the bench).
 */
let pool = Buffer.alloc(0);
let poolAt = 0;
export function sampleBytes(n: number): Buffer {
  if (poolAt + n > pool.length) {
    pool = randomBytes(Math.max(4096, n));
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return out;
}

export const etag = (): string => `W/"${sampleBytes(12).toString('base64')}"`;
export const outlookId = (): string => `AAMkA${sampleBytes(30).toString('base64url')}`;
/**
 * An immutable Outlook id (`restImmutableEntryId`, https://learn.microsoft.com/en-us/graph/outlook-immutable-id).
 * The docs show no literal; real ones start `AAkALg` where default REST ids start `AAMk` [UNDOCUMENTED:
 * seen in public issue threads], which is what lets a test tell the two apart.
 */
export const outlookImmutableId = (): string => `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A${sampleBytes(24).toString('base64url')}`;
export const isImmutableOutlookId = (id: string): boolean => id.startsWith('AAkALg');
export const teamsThreadId = (suffix = 'thread.v2'): string => `19:${sampleBytes(12).toString('hex')}@${suffix}`;

/** The path segment after `name` (case-insensitive) in the subscription's resource, unless it is a `getAll…` function. */
export const segmentAfter = memoise((resource: string, name: string): string | undefined => {
  const parts = resource.split('?')[0].replace(/^\/+/, '').split('/');
  const i = parts.findIndex((s) => s.toLowerCase() === name);
  const v = i >= 0 ? parts[i + 1] : undefined;
  return v && !/^getall/i.test(v) ? v : undefined;
});

/** `$select` of the subscription's resource, lower-cased property names. */
export const selectedProperties = memoise((resource: string): readonly string[] | undefined => {
  const q = resource.split('?')[1];
  if (!q) return undefined;
  for (const part of q.split('&')) {
    const [k, v] = part.split('=');
    let key: string;
    let value: string | undefined;
    try {
      key = decodeURIComponent(k);
      value = v === undefined ? undefined : decodeURIComponent(v);
    } catch {
      continue;
    }
    if (key.trim().toLowerCase() === '$select' && value !== undefined) {
      return value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    }
  }
  return undefined;
});
