/**
 * Delivery latency: how long after the change a notification arrived, when its payload says when
 * the change happened. Rich notifications carry the resource itself (decrypted `encryptedContent`,
 * https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data), whose
 * `lastModifiedDateTime` / `createdDateTime` (Outlook, Teams, most directory-free resources) or
 * `lastUpdatedDateTime` / `lastEditedDateTime` (chat, chatMessage) state it; basic notifications
 * carry only ids in `resourceData` and so have no latency. No `vscode` import.
 */

/** Change-time properties in the order they are trusted for an update (the last write wins). */
const UPDATE_TIME_KEYS = ['lastModifiedDateTime', 'lastEditedDateTime', 'lastUpdatedDateTime', 'createdDateTime'] as const;
/** For `created`, the creation time is the change; a later modification means the notification is for a newer state. */
const CREATE_TIME_KEYS = ['createdDateTime', 'lastModifiedDateTime', 'lastUpdatedDateTime'] as const;

/**
 * The change time (ms since epoch) the payload states, or undefined. `changeType` picks which
 * property is the change: `createdDateTime` for `created`, the last-modified one otherwise.
 */
export function changeTimeOf(content: unknown, changeType?: string): number | undefined {
  if (!content || typeof content !== 'object' || Array.isArray(content)) return undefined;
  const record = content as { [key: string]: unknown };
  const keys = changeType?.toLowerCase() === 'created' ? CREATE_TIME_KEYS : UPDATE_TIME_KEYS;
  for (const key of keys) {
    const value = record[key];
    if (typeof value !== 'string') continue;
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  return undefined;
}

/** The change time as an ISO string (what the history's `processed` record keeps), or undefined. */
export function changedAtOf(content: unknown, changeType?: string): string | undefined {
  const ms = changeTimeOf(content, changeType);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

export interface LatencyStats {
  /** How many notifications had a change time. */
  count: number;
  p50: number;
  p90: number;
  max: number;
  /** Arrivals earlier than the stated change (clocks disagree): counted, shown as 0 in the percentiles. */
  skewed: number;
  /** Counts per bin of LATENCY_BINS (last bin: everything above its lower bound). */
  histogram: number[];
}

/** Histogram bin lower bounds in ms: <1 s, 1–5 s, 5–15 s, 15–60 s, 1–5 min, 5–30 min, ≥30 min. */
export const LATENCY_BINS: readonly number[] = [0, 1_000, 5_000, 15_000, 60_000, 300_000, 1_800_000];
export const LATENCY_BIN_LABELS: readonly string[] = ['<1s', '1–5s', '5–15s', '15–60s', '1–5m', '5–30m', '≥30m'];

/** The bin of one latency (negative, i.e. clock skew, goes to the first). */
export function latencyBin(ms: number): number {
  let bin = 0;
  for (let i = 1; i < LATENCY_BINS.length; i++) if (ms >= LATENCY_BINS[i]) bin = i;
  return bin;
}

/**
 * p50/p90/max and a histogram of latencies in ms (nearest-rank percentiles). Negative values
 * (the change is stated after the arrival: clocks disagree) count as 0 and are reported as skewed.
 */
export function latencyStats(latencies: ArrayLike<number>): LatencyStats | undefined {
  const values: number[] = [];
  let skewed = 0;
  const histogram = new Array<number>(LATENCY_BINS.length).fill(0);
  for (let i = 0; i < latencies.length; i++) {
    const v = latencies[i];
    if (!Number.isFinite(v)) continue;
    if (v < 0) skewed++;
    const clamped = Math.max(0, v);
    values.push(clamped);
    histogram[latencyBin(clamped)]++;
  }
  if (values.length === 0) return undefined;
  values.sort((a, b) => a - b);
  const rank = (p: number) => values[Math.min(values.length - 1, Math.max(0, Math.ceil(p * values.length) - 1))];
  return { count: values.length, p50: rank(0.5), p90: rank(0.9), max: values[values.length - 1], skewed, histogram };
}

/** "850 ms", "12.3 s", "4 min 05 s", "2 h 10 min": short, for a table cell. */
export function formatLatency(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(abs < 10_000 ? 1 : 0)} s`;
  if (abs < 3_600_000) {
    const m = Math.floor(abs / 60_000);
    const s = Math.round((abs % 60_000) / 1000);
    return `${sign}${m} min ${String(s).padStart(2, '0')} s`;
  }
  const h = Math.floor(abs / 3_600_000);
  return `${sign}${h} h ${Math.round((abs % 3_600_000) / 60_000)} min`;
}
