/**
 * Against the account's existing subscriptions: the same resource + changeType (409) and per-resource quotas.
 * One topic of the draft validator (src/validation/validateDraft.ts keeps the order of the checks).
 */
import { matchResource, splitResource } from '../../catalog/index';
import type { DraftCheck, Matched } from './context';

export function checkDuplicatesAndQuotas(d: DraftCheck, match: Matched): void {
  const existing = d.ctx.existing;
  const resource = d.str('resource');
  const changeType = d.str('changeType');
  if (existing === undefined || existing.length === 0 || resource === undefined) return;
  const span = d.valueSpan('resource');
  const trimmed = resource.trim();
  const q = trimmed.indexOf('?');
  const key = `${match.normalizedPath.toLowerCase()}?${q < 0 ? '' : trimmed.slice(q + 1)}`;
  const types = changeType === undefined ? undefined : d.changeTypeKey ?? changeTypeKey(changeType);
  const originalId = d.ctx.original?.id;
  // Defensive: subscriptions from storage or other tools may lack fields.
  const others = existing.filter((s) => s !== null && typeof s === 'object' && typeof s.resource === 'string'
    && typeof s.changeType === 'string' && (originalId === undefined || s.id !== originalId));
  if (types !== undefined) {
    const dup = others.find((s) => existingKeys(s).resource === key && existingKeys(s).changeType === types);
    if (dup !== undefined) {
      d.add('duplicateSubscription', 'error', `Subscription Id ${dup.id} already exists for the requested combination (same resource and changeType); Graph answers 409 Conflict. Renew or edit that subscription instead, or change resource or changeType.`, span, 'resource', undefined,
        { existingId: dup.id });
      return;
    }
  }
  const pathKey = match.normalizedPath.toLowerCase();
  for (const quota of match.entry.quotas) {
    if (quota.enforce === undefined) continue;
    let count = 0;
    for (const s of others) {
      if (quota.enforce === 'sameResource') {
        if (existingKeys(s).path === pathKey) count++;
      } else {
        const m = matchResource(s.resource);
        if (m.ok && m.entry.quotas.some((q) => q.quotaKey === quota.quotaKey)) count++;
      }
    }
    if (count >= quota.limit) {
      d.add('quotaExceeded', 'error', `Maximum number of subscriptions has been reached: ${match.entry.displayName} allows ${quota.limit} ${quota.scope}, and ${count} already exist. Delete one first.`, span, 'resource', undefined,
        { limit: String(quota.limit), scope: quota.scope, count: String(count) });
      return;
    }
  }
}

interface ExistingKeys { resource: string; changeType: string; path: string }
const existingCache = new WeakMap<object, ExistingKeys & { from: string; fromType: string }>();
/** Comparable keys of an existing subscription, cached per object while its values stay the same. */
function existingKeys(s: { resource: string; changeType: string }): ExistingKeys {
  let k = existingCache.get(s);
  if (k === undefined || k.from !== s.resource || k.fromType !== s.changeType) {
    k = {
      resource: resourceKey(s.resource), changeType: changeTypeKey(s.changeType),
      path: splitResource(s.resource).path.toLowerCase(), from: s.resource, fromType: s.changeType,
    };
    existingCache.set(s, k);
  }
  return k;
}

/** Comparable form of a resource: no base URL, slashes or case differences. */
function resourceKey(resource: string): string {
  const { path, queryText } = splitResource(resource);
  return `${path.toLowerCase()}?${queryText ?? ''}`;
}

export function changeTypeKey(changeType: string): string {
  if (changeType.indexOf(',') < 0) return changeType.trim().toLowerCase();
  return changeType.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '').sort().join(',');
}
