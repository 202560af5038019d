/** One line of `npm run bench`: a measurement and its baseline measured in the same run. */
export interface BenchResult {
  /** What was measured, e.g. "validate 1 MB draft". */
  name: string;
  /** The measured value and its unit, e.g. 12.3 and "ms" or 5400 and "notifications/s". */
  value: number;
  unit: string;
  /** The baseline, same unit, measured in the same run. */
  baselineName: string;
  baseline: number;
  /** value / baseline (for throughput the runner prints it as is; say which way is better). */
  ratio: number;
  /** "lower" when a smaller ratio is better (time), "higher" when a larger is better (throughput). */
  better: 'lower' | 'higher';
  /** Optional goal, e.g. "< 2x parse time". */
  goal?: string;
}
