/**
 * expirationDateTime: a valid ISO 8601 time in the future, within the resource's maximum, with a lifecycle URL where over an hour needs one.
 * One topic of the draft validator (src/validation/validateDraft.ts keeps the order of the checks).
 */
import { maxExpiration, maxLifetimeMinutes, type ResourceEntry } from '../../catalog/index';
import { MIN_LIFETIME_MINUTES } from '../properties';
import type { FixData } from '../types';
import { MINUTE, optional, type DraftCheck } from './context';
import { parseIsoDateTime } from './isoDateTime';

export function checkExpiration(d: DraftCheck, entry: ResourceEntry | undefined): void {
  const p = d.props.get('expirationDateTime');
  const value = d.str('expirationDateTime');
  if (p === undefined || value === undefined) return;
  const span = p.valueSpan;
  const now = d.ctx.now.getTime();
  const rich = d.includeResourceData();
  const max = entry ? maxExpiration(entry, rich, d.ctx.now) : undefined;
  const maxMinutes = entry ? maxLifetimeMinutes(entry, rich) : undefined;
  const toMax = (): FixData | undefined => (max ? d.setValueEdit('expirationDateTime', `Set to the maximum (${max.toISOString()})`, max.toISOString()) : undefined);
  const parsed = parseIsoDateTime(value);
  if (parsed === undefined) {
    d.add('expirationInvalid', 'error', `expirationDateTime "${value}" is not an ISO 8601 date-time such as ${new Date(now + 60 * MINUTE).toISOString()}.`, span, 'expirationDateTime', optional(toMax()));
    return;
  }
  if (!parsed.hasZone) {
    d.add('expirationNoTimezone', 'warning', 'expirationDateTime has no time-zone offset; it is read as UTC. Add "Z" to make that explicit.', span, 'expirationDateTime',
      optional(d.setValueEdit('expirationDateTime', 'Add Z (UTC)', `${value}Z`)));
  }
  const t = parsed.time;
  if (t <= now) {
    d.add('expirationInPast', 'error', `expirationDateTime ${value} is in the past; set a future time${max ? `, at most ${max.toISOString()}` : ''}.`, span, 'expirationDateTime', optional(toMax()));
    return;
  }
  if (t < now + MIN_LIFETIME_MINUTES * MINUTE) {
    d.add('expirationBelowMinimum', 'info', `expirationDateTime is less than ${MIN_LIFETIME_MINUTES} minutes away; Graph raises it to ${new Date(now + MIN_LIFETIME_MINUTES * MINUTE).toISOString()} (request time + 45 minutes).`, span, 'expirationDateTime');
  }
  if (entry !== undefined && max !== undefined && maxMinutes !== undefined && t > max.getTime()) {
    const withData = rich && entry.maxLifetimeWithResourceDataMinutes !== undefined ? ' with resource data' : '';
    d.add('expirationOverMaximum', 'error', `expirationDateTime is ${humanDuration((t - now) / MINUTE)} in the future; ${entry.displayName} subscriptions${withData} can last at most ${maxMinutes} minutes (${humanMinutes(maxMinutes)}). Set it to ${max.toISOString()} or earlier.`, span, 'expirationDateTime', optional(toMax()),
      { maxMinutes: String(maxMinutes), maxExpiration: max.toISOString() });
  }
  if (entry?.lifecycleUrlRequiredOverOneHour && t > now + 60 * MINUTE) {
    const hasLifecycle = d.has('lifecycleNotificationUrl') || (!d.isCreate && !!d.original?.lifecycleNotificationUrl);
    if (!hasLifecycle) {
      const oneHour = new Date(now + 60 * MINUTE).toISOString();
      const fixes: FixData[] = [];
      if (d.isCreate) fixes.push({ kind: 'setProperty', title: 'Add lifecycleNotificationUrl', property: 'lifecycleNotificationUrl', valueHint: 'lifecycleUrl' });
      const f = d.setValueEdit('expirationDateTime', `Expire within 1 hour (${oneHour})`, oneHour);
      if (f) fixes.push(f);
      const how = d.isCreate ? 'Add lifecycleNotificationUrl, or' : 'It cannot be added to an existing subscription, so';
      d.add('lifecycleUrlRequired', 'error', `lifecycleNotificationUrl is a required property for subscription creation on this resource when the expirationDateTime value is set to greater than 1 hour (${entry.displayName}). ${how} keep expirationDateTime within 1 hour.`, span, 'lifecycleNotificationUrl', fixes);
    }
  }
}

/** A duration for a sentence: "50 minutes", "about 5 hours", "about 181 days". */
export function humanDuration(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 120) return `${m} minute${m === 1 ? '' : 's'}`;
  if (m < 2 * 1440) return `about ${Math.round(m / 60)} hours`;
  return `about ${Math.round(m / 1440)} days`;
}

function humanMinutes(min: number): string {
  if (min % 1440 === 0) return `${min / 1440} day${min === 1440 ? '' : 's'}`;
  if (min >= 1440) return `about ${(min / 1440).toFixed(1)} days`;
  if (min % 60 === 0) return `${min / 60} hour${min === 60 ? '' : 's'}`;
  return `${min} minutes`;
}
