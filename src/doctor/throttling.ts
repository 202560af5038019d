/**
 * Rule: the response-time distribution over N deliveries, and what Graph's throttling would make
 * of it (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#throttling):
 * - "slow" when more than 10% of responses in a 10-minute window take longer than 3 s: new
 *   notifications are then delayed by 10 minutes;
 * - "drop" when more than 15% take longer than the 10 s retry timeout: notifications are dropped
 *   for 10 minutes and cannot be recovered.
 */
import { changeItem, collection } from './payloads';
import { is2xx } from './probe';
import { post, type DeliveryInput } from './delivery';
import type { DoctorCheck } from './types';

export const SLOW_SHARE = 0.1;
export const DROP_SHARE = 0.15;

export interface Distribution {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Responses past the 3 s first-try timeout (or failed). */
  slow: number;
  /** Responses past the 10 s retry timeout (no answer). */
  overRetry: number;
  /** Non-2xx answers. */
  rejected: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function distribution(samples: readonly { ms: number; ok: boolean; timedOut: boolean }[], deliveryMs: number): Distribution {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    count: samples.length,
    p50: Math.round(percentile(sorted, 50)),
    p90: Math.round(percentile(sorted, 90)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted[sorted.length - 1] ?? 0),
    slow: samples.filter((s) => s.timedOut || s.ms > deliveryMs).length,
    overRetry: samples.filter((s) => s.timedOut).length,
    rejected: samples.filter((s) => !s.ok && !s.timedOut).length,
  };
}

/** What Graph's rules would say about a distribution. */
export function throttlingVerdict(d: Distribution): { state: 'normal' | 'slow' | 'drop'; text: string } {
  const slowShare = d.count ? d.slow / d.count : 0;
  const dropShare = d.count ? d.overRetry / d.count : 0;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  if (dropShare > DROP_SHARE) {
    return { state: 'drop', text: `${pct(dropShare)} of responses took longer than 10 s (Graph drops above ${pct(DROP_SHARE)}): notifications would be dropped for 10 minutes and lost.` };
  }
  if (slowShare > SLOW_SHARE) {
    return { state: 'slow', text: `${pct(slowShare)} of responses took longer than 3 s (Graph throttles above ${pct(SLOW_SHARE)}): new notifications would be delayed by 10 minutes.` };
  }
  return { state: 'normal', text: `${pct(slowShare)} of responses over 3 s, ${pct(dropShare)} over 10 s: under Graph's throttling thresholds (${pct(SLOW_SHARE)} slow, ${pct(DROP_SHARE)} drop).` };
}

export async function checkDistribution(input: DeliveryInput, count: number, concurrency = 4): Promise<DoctorCheck> {
  const started = performance.now();
  const samples: { ms: number; ok: boolean; timedOut: boolean }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const out = await post(input, collection([changeItem(input.payload)]), input.timings.retryMs);
      samples.push({ ms: out.durationMs, ok: is2xx(out), timedOut: out.timedOut });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const d = distribution(samples, input.timings.deliveryMs);
  const verdict = throttlingVerdict(d);
  const evidence = [
    `${d.count} deliveries, ${Math.min(concurrency, count)} at a time, one notification each`,
    `p50 ${d.p50} ms, p90 ${d.p90} ms, p99 ${d.p99} ms, max ${d.max} ms`,
    `${d.slow} over ${input.timings.deliveryMs} ms, ${d.overRetry} without an answer in ${input.timings.retryMs} ms, ${d.rejected} non-2xx`,
    verdict.text,
  ];
  const base = { id: 'delivery.distribution', group: 'delivery' as const, title: `Response times over ${count} deliveries vs Graph's throttling rules`, evidence, durationMs: Math.round(performance.now() - started) };
  const fix = 'Answer 202 right after storing the notification (a queue or a table) and process it in the background; if you cannot keep up, use Event Hubs or Event Grid delivery.';
  if (verdict.state === 'drop') return { ...base, status: 'fail', kind: 'dropThrottled', summary: verdict.text, fix };
  if (verdict.state === 'slow') return { ...base, status: 'fail', kind: 'slowThrottled', summary: verdict.text, fix };
  if (d.rejected > 0) return { ...base, status: 'fail', kind: 'notAcknowledged', summary: `${d.rejected} of ${d.count} deliveries were not acknowledged with a 2xx; Graph retries each of them.`, fix };
  if (d.slow > 0) return { ...base, status: 'warn', kind: 'slowDelivery', summary: `${d.slow} of ${d.count} responses were slower than 3 s. ${verdict.text}`, fix };
  return { ...base, status: 'pass', summary: `p90 ${d.p90} ms. ${verdict.text}` };
}
