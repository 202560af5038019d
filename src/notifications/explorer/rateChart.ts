/**
 * The explorer's rate-over-time chart: notifications per time bucket, with the runs of empty
 * buckets reported as gaps (a subscription that went quiet must be visible, not smoothed away).
 * No `vscode` import.
 */

/** Bucket widths the chart picks from (ms): round numbers a reader can take in at a glance. */
export const BUCKET_STEPS: readonly number[] = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
  60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
  86_400_000, 172_800_000, 604_800_000,
];

export interface RateGap {
  /** Start of the first empty bucket and end of the last one (ms since epoch). */
  from: number;
  to: number;
  /** How many buckets in a row were empty. */
  buckets: number;
}

export interface RateChart {
  /** Start of the first bucket (ms since epoch, a multiple of `step`). */
  start: number;
  /** Bucket width in ms. */
  step: number;
  counts: number[];
  /** Highest bucket count (0 when empty). */
  max: number;
  /** Runs of empty buckets inside [start, end of last bucket). */
  gaps: RateGap[];
}

/** The smallest round step giving at most `target` buckets over `rangeMs`. */
export function chooseStep(rangeMs: number, target = 120): number {
  for (const step of BUCKET_STEPS) if (rangeMs / step <= target) return step;
  const last = BUCKET_STEPS[BUCKET_STEPS.length - 1];
  return last * Math.ceil(rangeMs / (last * target));
}

/**
 * Counts `times` (ms since epoch, any order) into buckets covering [from, to]. Times outside are
 * ignored. `target` bounds the number of buckets.
 */
export function rateChart(times: ArrayLike<number>, from: number, to: number, target = 120): RateChart {
  const end = Math.max(to, from + 1);
  const step = chooseStep(end - from, target);
  const start = Math.floor(from / step) * step;
  const n = Math.max(1, Math.ceil((end - start) / step));
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!(t >= from && t <= to)) continue;
    counts[Math.min(n - 1, Math.floor((t - start) / step))]++;
  }
  let max = 0;
  for (const c of counts) if (c > max) max = c;
  const gaps: RateGap[] = [];
  for (let i = 0; i < n; ) {
    if (counts[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && counts[j] === 0) j++;
    gaps.push({ from: start + i * step, to: start + j * step, buckets: j - i });
    i = j;
  }
  return { start, step, counts, max, gaps };
}
