/**
 * The receiver doctor's vocabulary: one `DoctorCheck` per rule of Graph's delivery contract
 * (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks), with a verdict,
 * the evidence it is based on, and the fix. No `vscode` import.
 */

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export type CheckGroup = 'handshake' | 'delivery' | 'robustness' | 'security' | 'rich' | 'lifecycle' | 'tls';

/**
 * What went wrong, as a stable name (reports, JUnit `type`, tests). One per failure kind the
 * doctor can tell apart from status codes, headers, bodies and timing.
 */
export type FailureKind =
  | 'unreachable'
  | 'timeout'
  | 'authWall'
  | 'redirect'
  | 'htmlAnswer'
  | 'parsesAsJson'
  | 'badStatus'
  | 'wrongContentType'
  | 'encodedEcho'
  | 'tokenMismatch'
  | 'slowDelivery'
  | 'slowBatch'
  | 'batchRejected'
  | 'notAcknowledged'
  | 'slowThrottled'
  | 'dropThrottled'
  | 'duplicateRejected'
  | 'outOfOrderRejected'
  | 'genuineRejected'
  | 'forgedAccepted'
  | 'forgedCrashed'
  | 'cannotDecrypt'
  | 'lifecycleRejected'
  | 'noLifecycleUrl'
  | 'httpNotHttps'
  | 'oldTls'
  | 'badCertificate'
  | 'certificateExpiring';

export interface DoctorCheck {
  /** Stable id, e.g. `handshake.notificationUrl`, `delivery.batch100`. */
  id: string;
  group: CheckGroup;
  title: string;
  status: CheckStatus;
  /** Set when status is fail or warn. */
  kind?: FailureKind;
  /** One sentence: what the doctor saw and what Graph would make of it. */
  summary: string;
  /** What was sent and observed (status, content type, timing, masked body excerpt). */
  evidence: string[];
  /** What to change, when status is fail or warn. */
  fix?: string;
  durationMs: number;
}

/** Graph's timeouts; tests shorten them, the CLI and the command keep these defaults. */
export interface DoctorTimings {
  /** Validation handshake: Graph waits 10 s. */
  handshakeMs: number;
  /** A notification POST counts as delivered on a 2xx within 3 s. */
  deliveryMs: number;
  /** Retries wait 10 s; responses slower than this count toward Graph's "drop" state. */
  retryMs: number;
}

export const GRAPH_TIMINGS: DoctorTimings = { handshakeMs: 10_000, deliveryMs: 3_000, retryMs: 10_000 };

export interface DoctorSummary {
  passed: number;
  failed: number;
  warnings: number;
  skipped: number;
}

export interface DoctorReport {
  tool: 'graph-subscriptions-doctor';
  /** The endpoints checked; a validationToken in them is never included. */
  notificationUrl: string;
  lifecycleUrl?: string;
  strict: boolean;
  startedAt: string;
  durationMs: number;
  checks: DoctorCheck[];
  summary: DoctorSummary;
  /** What the doctor cannot see, stated in every report. */
  limits: string[];
}

export function summarize(checks: readonly DoctorCheck[]): DoctorSummary {
  const count = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  return { passed: count('pass'), failed: count('fail'), warnings: count('warn'), skipped: count('skip') };
}
