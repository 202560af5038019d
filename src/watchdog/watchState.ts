/**
 * The watchdog's state machine: from what is known about one subscription (last notification and
 * rate, the user's expected activity, expiry and auto-renew, whether its notificationUrl is still
 * served, unanswered lifecycle events, Sandbox endpoint throttling) to the problems it has, the most
 * urgent first, each with the one-click next step that fixes it (an existing command: the actions
 * themselves live in SubscriptionActions). Pure and clock-free: `now` is an input.
 * Graph's failure modes this watches for:
 * https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events,
 * https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#throttling.
 */
import { CommandId } from '../constants';
import { friendlyDuration } from '../util/friendly';
import type { EndpointVerdict } from './endpoint';
import type { ActivitySnapshot } from './activity';
import type { SandboxDeliveryHealth } from './sandboxDeliveries';
import type { Expectation, PendingLifecycle } from './watchdogMemory';

export type LifecycleEventName = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** Problem kinds, most urgent first (the order of `PRIORITY`). */
export type ProblemKind = 'notServed' | 'lifecycle' | 'failing' | 'expiring' | 'throttled' | 'silent';
export type WatchState = ProblemKind | 'ok';

export const PRIORITY: readonly ProblemKind[] = ['notServed', 'lifecycle', 'failing', 'expiring', 'throttled', 'silent'];

/** A button: an existing command and its arguments. */
export interface NextStep {
  readonly title: string;
  readonly command: string;
  readonly args?: readonly unknown[];
}

export interface WatchProblem {
  readonly kind: ProblemKind;
  /** A few words for the tree row's description: "silent 42 min". */
  readonly short: string;
  /** A sentence for the tooltip and the status bar's list: what is wrong and why it matters. */
  readonly detail: string;
  readonly nextStep: NextStep;
}

export interface WatchInput {
  readonly now: number;
  readonly accountId: string;
  readonly subscription: { readonly id: string; readonly resource: string; readonly notificationUrl: string; readonly expirationDateTime: string };
  readonly activity: ActivitySnapshot;
  readonly expectation?: Expectation;
  readonly expiringSoonMinutes: number;
  /** Auto-renew on, and the reason its last attempt for this subscription failed (if it did). */
  readonly autoRenew: { readonly enabled: boolean; readonly failure?: string };
  readonly endpoint: EndpointVerdict;
  readonly pending: readonly PendingLifecycle[];
  /** Sandbox only: the emulator's endpoint throttling of this subscription's notificationUrl. */
  readonly throttle?: 'normal' | 'slow' | 'drop';
  /** Sandbox only: its delivery log over the last 10 minutes. */
  readonly delivery?: SandboxDeliveryHealth;
}

export interface WatchVerdict {
  readonly state: WatchState;
  /** Most urgent first; empty when `state` is 'ok'. */
  readonly problems: readonly WatchProblem[];
  /** "Last notification 3 min ago · 12 in the last hour · expected every 15 min". */
  readonly activityLine: string;
}

/**
 * The next step of a lifecycle event left unanswered. `missed`: the notifications are gone
 * (Graph does not resend them); the answer is fetching the changes, e.g. a delta query.
 * Other helpers may swap an entry here for a better command (Resync) when it exists.
 */
export const LIFECYCLE_NEXT_STEP: Record<LifecycleEventName, (t: { accountId: string; subscriptionId: string }) => NextStep> = {
  reauthorizationRequired: (t) => ({ title: 'Reauthorize', command: CommandId.reauthorizeSubscription, args: [t] }),
  subscriptionRemoved: (t) => ({ title: 'Recreate', command: CommandId.recreateSubscription, args: [t] }),
  // Resync runs the resource's delta query and answers the event (src/subscriptions/resyncService.ts).
  missed: (t) => ({ title: 'Resync', command: CommandId.resyncSubscription, args: [t] }),
};

const LIFECYCLE_TEXT: Record<LifecycleEventName, { short: string; detail: string }> = {
  reauthorizationRequired: { short: 'reauthorization required', detail: 'Graph asked for a reauthorization and none was sent: without one (or a renewal), notifications pause.' },
  subscriptionRemoved: { short: 'removed by Graph', detail: 'Graph removed this subscription; it delivers nothing until it is recreated, and changes meanwhile must be fetched separately.' },
  missed: { short: 'missed notifications', detail: 'Graph could not deliver some notifications (they are not resent): Resync fetches the changes since then with a delta query.' },
};

function minutesText(ms: number): string {
  const m = Math.floor(ms / 60_000);
  if (m < 60) return `${Math.max(m, 0)} min`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 || h >= 24 ? `${h} h` : `${h} h ${m % 60} min`;
}

export function activityLine(activity: ActivitySnapshot, expectation: Expectation | undefined, now: number): string {
  const last = activity.lastAt === undefined ? 'No notification received yet' : `Last notification ${friendlyDuration(now - activity.lastAt)} ago`;
  const rate = `${activity.lastHour} in the last hour`;
  const expected = expectation ? `expected at least every ${friendlyDuration(expectation.minutes * 60_000)}` : 'no expected activity set';
  return `${last} · ${rate} · ${expected}`;
}

/** The whole state machine: every problem of one subscription, most urgent first. */
export function evaluateWatch(input: WatchInput): WatchVerdict {
  const { now, subscription: sub } = input;
  const target = { accountId: input.accountId, subscriptionId: sub.id };
  const problems: WatchProblem[] = [];

  const ep = input.endpoint;
  if (ep.kind === 'receiverStopped') {
    problems.push({ kind: 'notServed', short: 'receiver stopped', detail: `Its notificationUrl points at this receiver (${ep.base}), which is stopped: Graph's deliveries fail and are dropped after retrying.`, nextStep: { title: 'Start Receiver', command: CommandId.startReceiver } });
  } else if (ep.kind === 'tunnelDown') {
    problems.push({ kind: 'notServed', short: 'tunnel down', detail: `Its notificationUrl points at ${ep.base}, a public URL of this receiver's tunnel, which is not up: nothing answers Graph there.`, nextStep: { title: 'Start Tunnel', command: CommandId.startTunnel } });
  } else if (ep.kind === 'moved') {
    problems.push({ kind: 'notServed', short: 'URL not served', detail: `Its notificationUrl points at ${ep.oldBase}, which this receiver no longer serves (it is at ${ep.newBase} now): Graph's deliveries go nowhere until the subscription is re-pointed.`, nextStep: { title: 'Re-point to This Receiver', command: CommandId.repointSubscription, args: [target] } });
  }

  // Newest first: the latest event is what the user most likely remembers.
  for (const p of [...input.pending].sort((a, b) => b.at - a.at)) {
    if (p.event !== 'reauthorizationRequired' && p.event !== 'subscriptionRemoved' && p.event !== 'missed') continue;
    const text = LIFECYCLE_TEXT[p.event];
    problems.push({ kind: 'lifecycle', short: text.short, detail: `${p.event} ${friendlyDuration(now - p.at)} ago, not answered. ${text.detail}`, nextStep: LIFECYCLE_NEXT_STEP[p.event](target) });
  }

  const expiresAt = Date.parse(sub.expirationDateTime);
  const left = expiresAt - now;
  if (!Number.isFinite(left) || left <= 0) {
    problems.push({ kind: 'expiring', short: 'expired', detail: 'It expired: Graph deleted it and delivers nothing. Recreate it with the same definition.', nextStep: { title: 'Recreate', command: CommandId.recreateSubscription, args: [target] } });
  } else if (left <= input.expiringSoonMinutes * 60_000 && (!input.autoRenew.enabled || input.autoRenew.failure)) {
    const why = input.autoRenew.failure ? `auto-renew failed (${input.autoRenew.failure})` : 'auto-renew is off';
    // The row's description starts with the countdown already: the short text says why it matters.
    problems.push({ kind: 'expiring', short: input.autoRenew.failure ? 'auto-renew failing' : 'no auto-renew', detail: `It expires in ${friendlyDuration(left)} and ${why}: renew it, or it stops delivering.`, nextStep: { title: 'Renew to Maximum', command: CommandId.renewToMax, args: [target] } });
  }

  // Throttling and failures are about the endpoint Graph delivers to: Check Receiver checks that one
  // (the subscription's notificationUrl), instead of asking which receiver to check.
  const checkEndpoint = { title: 'Check Receiver', command: CommandId.checkReceiver, args: [{ url: sub.notificationUrl }] };
  const dropped = input.delivery?.dropped ?? 0;
  const lost = dropped > 0 ? ` ${dropped} notification${dropped === 1 ? ' was' : 's were'} dropped in the last 10 minutes; Graph does not resend them.` : '';
  if (input.throttle === 'drop') {
    problems.push({ kind: 'throttled', short: 'throttled: dropping', detail: `The Sandbox drops its notifications for 10 minutes: more than 15% of the endpoint's responses took over 10 s.${lost} Make the endpoint answer faster (check it).`, nextStep: checkEndpoint });
  } else if (input.throttle === 'slow') {
    problems.push({ kind: 'throttled', short: 'throttled: delayed', detail: 'The Sandbox delays its notifications by 10 minutes: more than 10% of the endpoint\'s responses took over 3 s. Make the endpoint answer faster (check it).', nextStep: checkEndpoint });
  }

  // Throttling explains its own drops (above); otherwise a failing or dropping delivery is its own problem.
  if (input.throttle !== 'drop' && input.throttle !== 'slow' && ep.kind !== 'receiverStopped' && (input.delivery?.lastFailure || dropped > 0)) {
    const failure = input.delivery?.lastFailure;
    problems.push({
      kind: 'failing',
      short: failure ? 'deliveries failing' : `${dropped} dropped`,
      detail: `${failure ? `The Sandbox's last delivery to its notificationUrl failed (${failure}).` : ''}${lost} Graph expects a 2xx within 3 seconds (10 on retries); check the endpoint.`.trim(),
      nextStep: checkEndpoint,
    });
  }

  const e = input.expectation;
  if (e) {
    const since = Math.max(input.activity.lastAt ?? -Infinity, e.setAt);
    const quiet = now - since;
    if (quiet > e.minutes * 60_000) {
      problems.push({
        kind: 'silent',
        short: `silent ${minutesText(quiet)}`,
        detail: `No notification for ${friendlyDuration(quiet)} (expected at least one every ${friendlyDuration(e.minutes * 60_000)}). Check that its endpoint still answers Graph's validation request.`,
        nextStep: { title: 'Run Handshake Self-Test', command: CommandId.handshakeSelfTest, args: [{ url: sub.notificationUrl }] },
      });
    }
  }

  problems.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind));
  return { state: problems[0]?.kind ?? 'ok', problems, activityLine: activityLine(input.activity, e, now) };
}

/** Icon and colour of each state in the tree (codicons, theme colours). */
export const STATE_LOOK: Record<WatchState, { icon: string; color: string; label: string }> = {
  notServed: { icon: 'debug-disconnect', color: 'list.errorForeground', label: 'Not served' },
  lifecycle: { icon: 'bell-dot', color: 'list.warningForeground', label: 'Lifecycle event unanswered' },
  expiring: { icon: 'watch', color: 'list.warningForeground', label: 'Expiring without renewal' },
  failing: { icon: 'warning', color: 'list.errorForeground', label: 'Deliveries failing' },
  throttled: { icon: 'dashboard', color: 'list.warningForeground', label: 'Throttled' },
  silent: { icon: 'mute', color: 'list.warningForeground', label: 'Silent' },
  ok: { icon: 'pass', color: 'testing.iconPassed', label: 'OK' },
};
