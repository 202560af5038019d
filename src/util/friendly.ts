/**
 * Times and ids the way a person reads them in a message: "in 6 days 23 hours (Tue, Dec 8, 14:05)"
 * rather than "2026-12-08T14:05:00.000Z", and a shortened id. Pure: no `vscode` import.
 */

/** "6 days 23 hours", "2 hours 5 minutes", "45 minutes", "less than a minute". */
export function friendlyDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 60_000));
  if (total < 1) return 'less than a minute';
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (days > 0) return hours > 0 ? `${part(days, 'day')} ${part(hours, 'hour')}` : part(days, 'day');
  if (hours > 0) return minutes > 0 ? `${part(hours, 'hour')} ${part(minutes, 'minute')}` : part(hours, 'hour');
  return part(minutes, 'minute');
}

/** A local date and time without seconds: "Tue, Dec 8, 14:05" (the time alone when it is today). */
export function friendlyDateTime(at: Date, now: Date, locale?: string): string {
  const sameDay = at.toDateString() === now.toDateString();
  const time = at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (sameDay) return time;
  const date = at.toLocaleDateString(locale, { weekday: 'short', month: 'short', day: 'numeric', ...(at.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}) });
  return `${date}, ${time}`;
}

/** "in 6 days 23 hours (Tue, Dec 8, 14:05)", or "2 hours ago (12:05)" for a past time. */
export function friendlyExpiry(expiration: string | Date, now: Date, locale?: string): string {
  const at = typeof expiration === 'string' ? new Date(expiration) : expiration;
  if (!Number.isFinite(at.getTime())) return String(expiration);
  const delta = at.getTime() - now.getTime();
  const when = friendlyDateTime(at, now, locale);
  return delta >= 0 ? `in ${friendlyDuration(delta)} (${when})` : `${friendlyDuration(-delta)} ago (${when})`;
}

/** The first 8 characters of a GUID-like id, for messages (the full id stays in the tooltip and log). */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
