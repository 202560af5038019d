/**
 * Rules: notification delivery. Graph counts a POST as delivered on a 2xx within 3 s; otherwise it
 * retries with a 10 s timeout, and an endpoint that is often slow gets throttled or dropped
 * (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#throttling).
 * Also: duplicates and out-of-order deliveries happen and must be acknowledged like any other.
 */
import type { ChangeNotificationCollection } from '../graph/types';
import type { HttpPoster } from '../emulator/httpClient';
import { is2xx, probe, type ProbeOutcome } from './probe';
import { changeItem, collection, type PayloadContext } from './payloads';
import type { CheckGroup, DoctorCheck, DoctorTimings, FailureKind } from './types';
import { describeResponse, diagnoseWall } from './wire';

export interface DeliveryInput {
  url: string;
  poster: HttpPoster;
  timings: DoctorTimings;
  payload: PayloadContext;
}

export function post(input: DeliveryInput, body: ChangeNotificationCollection, timeoutMs: number, url = input.url): Promise<ProbeOutcome> {
  return probe(input.poster, new URL(url), JSON.stringify(body), 'application/json', timeoutMs);
}

export function outcomeLine(out: ProbeOutcome, timeoutMs: number): string {
  if (out.timedOut) return `no answer within ${timeoutMs} ms`;
  if (!out.result) return `connection failed: ${out.error ?? 'unknown error'}`;
  return describeResponse(out.result, out.durationMs);
}

export interface AckSpec {
  id: string;
  group: CheckGroup;
  title: string;
  /** What was sent, for the evidence. */
  sent: string;
  /** Kind when the answer is not a 2xx (and no wall applies). */
  rejectedKind: FailureKind;
  rejectedFix: string;
  /** Kind when the answer is a 2xx but later than Graph's 3 s, or no answer. */
  slowKind: FailureKind;
}

/** Judges one POST that Graph would need acknowledged with a 2xx within 3 s. */
export function judgeAck(spec: AckSpec, out: ProbeOutcome, timings: DoctorTimings): DoctorCheck {
  const evidence = [spec.sent, outcomeLine(out, timings.retryMs)];
  const base = { id: spec.id, group: spec.group, title: spec.title, evidence, durationMs: Math.round(out.durationMs) };
  const slowFix = 'Persist or queue the notification and answer 202 at once; process it afterwards (Graph waits 3 s, then retries and eventually throttles the endpoint).';
  if (out.timedOut) {
    return { ...base, status: 'fail', kind: spec.slowKind, summary: `No answer within ${timings.retryMs / 1000} s: Graph counts it as failed and retries.`, fix: slowFix };
  }
  if (!out.result) {
    return { ...base, status: 'fail', kind: 'unreachable', summary: `Could not connect: ${out.error ?? 'unknown error'}.`, fix: 'Check that the app is running and the URL is right.' };
  }
  if (!is2xx(out)) {
    const wall = diagnoseWall(out.result, 'the notification POST');
    if (wall) return { ...base, status: 'fail', kind: wall.kind, summary: wall.summary, fix: wall.fix };
    return { ...base, status: 'fail', kind: spec.rejectedKind, summary: `Answered ${out.result.status}: Graph treats it as a failed delivery and retries.`, fix: spec.rejectedFix };
  }
  if (out.durationMs > timings.deliveryMs) {
    return {
      ...base,
      status: 'fail',
      kind: spec.slowKind,
      summary: `Acknowledged after ${Math.round(out.durationMs)} ms, past Graph's ${timings.deliveryMs / 1000} s: Graph has already given up on this try and will send it again.`,
      fix: slowFix,
    };
  }
  return { ...base, status: 'pass', summary: `${out.result.status} in ${Math.round(out.durationMs)} ms.` };
}

export async function checkSingleDelivery(input: DeliveryInput): Promise<DoctorCheck> {
  const out = await post(input, collection([changeItem(input.payload)]), input.timings.retryMs);
  return judgeAck(
    {
      id: 'delivery.single',
      group: 'delivery',
      title: 'One change notification acknowledged with 2xx within 3 s',
      sent: 'POST application/json with 1 change notification',
      rejectedKind: 'notAcknowledged',
      rejectedFix: 'Answer 202 Accepted (or 200) to notification POSTs; answer 5xx only when you could not store the notification.',
      slowKind: 'slowDelivery',
    },
    out,
    input.timings,
  );
}

export const BATCH_SIZE = 100;

export async function checkBatchDelivery(input: DeliveryInput): Promise<DoctorCheck> {
  const items = Array.from({ length: BATCH_SIZE }, () => changeItem(input.payload));
  const out = await post(input, collection(items), input.timings.retryMs);
  return judgeAck(
    {
      id: 'delivery.batch100',
      group: 'delivery',
      title: `A batch of ${BATCH_SIZE} notifications acknowledged with 2xx within 3 s`,
      sent: `POST application/json with ${BATCH_SIZE} change notifications in one body (Graph batches)`,
      rejectedKind: 'batchRejected',
      rejectedFix: 'Accept every item of the "value" array in one POST (and bodies of a few hundred KB); store them, answer 202, process afterwards.',
      slowKind: 'slowBatch',
    },
    out,
    input.timings,
  );
}

export async function checkDuplicates(input: DeliveryInput): Promise<DoctorCheck> {
  const body = collection([changeItem(input.payload)]);
  const first = await post(input, body, input.timings.retryMs);
  const second = await post(input, body, input.timings.retryMs);
  const spec: AckSpec = {
    id: 'robustness.duplicates',
    group: 'robustness',
    title: 'A duplicate delivery is acknowledged',
    sent: 'The same notification (same id) POSTed twice, as Graph does after a retry',
    rejectedKind: 'duplicateRejected',
    rejectedFix: 'Treat notifications as at-least-once: de-duplicate by id (or make processing idempotent) and answer 2xx to the duplicate too; an error makes Graph retry it again.',
    slowKind: 'slowDelivery',
  };
  if (!is2xx(first)) return { ...judgeAck(spec, first, input.timings), summary: `The first copy was not acknowledged: ${outcomeLine(first, input.timings.retryMs)}.` };
  const verdict = judgeAck(spec, second, input.timings);
  verdict.evidence.splice(1, 0, `first copy: ${outcomeLine(first, input.timings.retryMs)}`);
  verdict.evidence[2] = `second copy: ${verdict.evidence[2]}`;
  if (verdict.status === 'fail' && verdict.kind === 'duplicateRejected') verdict.summary = `The second copy got ${second.result?.status}: ${verdict.summary}`;
  return verdict;
}

export async function checkOutOfOrder(input: DeliveryInput): Promise<DoctorCheck> {
  const created = changeItem(input.payload, { changeType: 'created' });
  const updated = changeItem(input.payload, { changeType: 'updated', resource: created.resource, resourceData: created.resourceData });
  // The later change arrives first: Graph does not guarantee order.
  const first = await post(input, collection([updated]), input.timings.retryMs);
  const second = await post(input, collection([created]), input.timings.retryMs);
  const spec: AckSpec = {
    id: 'robustness.outOfOrder',
    group: 'robustness',
    title: 'Out-of-order deliveries are acknowledged',
    sent: `"updated" for a resource, then the earlier "created" for the same resource`,
    rejectedKind: 'outOfOrderRejected',
    rejectedFix: 'Do not assume order: acknowledge every notification, and read the resource (or use delta queries) to learn its current state.',
    slowKind: 'slowDelivery',
  };
  const bad = !is2xx(first) ? first : second;
  const verdict = judgeAck(spec, bad, input.timings);
  verdict.evidence = [spec.sent, `updated: ${outcomeLine(first, input.timings.retryMs)}`, `created: ${outcomeLine(second, input.timings.retryMs)}`];
  return verdict;
}
