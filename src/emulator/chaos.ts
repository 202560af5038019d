/**
 * Sandbox chaos profiles: the faults real Graph produces now and then, on purpose and reproducibly.
 * Pure (no I/O, no clock): every decision is a function of (seed, stream, n), so a seed replays the
 * same faults whatever order subscriptions and requests interleave in, and tests assert exact schedules.
 *
 * What each fault imitates (learn.microsoft.com):
 * - duplicates and out-of-order delivery: "your app might receive the same notification more than once"
 *   and notifications are not ordered (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#receive-notifications);
 *   an Outlook create is often followed by an update of the same item;
 * - 429 with Retry-After and 503 (https://learn.microsoft.com/en-us/graph/throttling,
 *   https://learn.microsoft.com/en-us/graph/errors);
 * - 403 when the subscription quota is reached (https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime
 *   and the quota list of https://learn.microsoft.com/en-us/graph/change-notifications-overview), with the body Graph really sends;
 * - 402 for the metered Teams APIs (https://learn.microsoft.com/en-us/graph/teams-licenses);
 * - reauthorizationRequired on the docs' illustrative cadence and subscriptionRemoved
 *   (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events).
 */

export const CHAOS_PROFILE_NAMES = [
  'off',
  'duplicates',
  'out-of-order',
  'slow-delivery',
  'throttled-api',
  'quota-reached',
  'payment-required',
  'token-expiry',
  'subscription-removed',
  'mayhem',
] as const;
export type ChaosProfileName = (typeof CHAOS_PROFILE_NAMES)[number];

export interface ChaosProfile {
  readonly name: ChaosProfileName;
  /** One line for the quick pick and the CLI help. */
  readonly description: string;
  /** Per notification: sent once more, later (same id). */
  readonly duplicateRate: number;
  /** Per `created` notification (when the subscription takes `updated`): followed by an `updated` for the same item. */
  readonly createdUpdatedRate: number;
  /** Per delivery of two or more notifications: their order is shuffled. */
  readonly outOfOrderRate: number;
  /** Per POST: held back a random [min, max] real milliseconds before it leaves. */
  readonly delayRate: number;
  readonly delayMs: readonly [number, number];
  /** Per create/renew: 429 Too Many Requests with a Retry-After of [min, max] seconds. */
  readonly throttleRate: number;
  readonly retryAfterSeconds: readonly [number, number];
  /** Per create/renew: 503 Service Unavailable (with Retry-After). */
  readonly unavailableRate: number;
  /** Per create: 403, the subscription quota is reached. */
  readonly quotaRate: number;
  /** Per create of a metered Teams resource: 402 Payment Required. */
  readonly paymentRate: number;
  /** Per change delivery (resources Graph removes subscriptions of): subscriptionRemoved afterwards. */
  readonly removedRate: number;
  /** The endpoint's access token expires (60 min after create/renew/reauthorize): reauthorizationRequired on the docs' cadence. */
  readonly tokenExpiry: boolean;
}

const NONE: Omit<ChaosProfile, 'name' | 'description'> = {
  duplicateRate: 0,
  createdUpdatedRate: 0,
  outOfOrderRate: 0,
  delayRate: 0,
  delayMs: [0, 0],
  throttleRate: 0,
  retryAfterSeconds: [1, 3],
  unavailableRate: 0,
  quotaRate: 0,
  paymentRate: 0,
  removedRate: 0,
  tokenExpiry: false,
};

export const CHAOS_PROFILES: Readonly<Record<ChaosProfileName, ChaosProfile>> = {
  off: { ...NONE, name: 'off', description: 'No injected faults: the Sandbox behaves like a healthy Graph.' },
  duplicates: {
    ...NONE,
    name: 'duplicates',
    description: 'Some notifications arrive twice (same id), and a created is often followed by an updated for the same item.',
    duplicateRate: 0.3,
    createdUpdatedRate: 0.5,
  },
  'out-of-order': { ...NONE, name: 'out-of-order', description: 'Notifications of one change burst arrive shuffled.', outOfOrderRate: 1 },
  'slow-delivery': { ...NONE, name: 'slow-delivery', description: 'Half the notification POSTs leave 0.5–3 s late.', delayRate: 0.5, delayMs: [500, 3000] },
  'throttled-api': {
    ...NONE,
    name: 'throttled-api',
    description: 'Creates and renewals get 429 Too Many Requests (Retry-After 1–3 s) or 503 Service Unavailable.',
    throttleRate: 0.5,
    unavailableRate: 0.2,
  },
  'quota-reached': { ...NONE, name: 'quota-reached', description: 'Creates fail with 403: the maximum number of subscriptions has been reached.', quotaRate: 1 },
  'payment-required': {
    ...NONE,
    name: 'payment-required',
    description: 'Creates of metered Teams resources (getAllMessages, getAllMembers…) fail with 402 Payment Required.',
    paymentRate: 1,
  },
  'token-expiry': {
    ...NONE,
    name: 'token-expiry',
    description: 'The endpoint token expires an hour after create/renew: reauthorizationRequired on the docs\' cadence, then delivery pauses until reauthorized.',
    tokenExpiry: true,
  },
  'subscription-removed': {
    ...NONE,
    name: 'subscription-removed',
    description: 'After a change, Graph sometimes removes the subscription (subscriptionRemoved, Outlook and Teams chat messages).',
    removedRate: 0.2,
  },
  mayhem: {
    ...NONE,
    name: 'mayhem',
    description: 'A little of everything: duplicates, shuffles, delays, 429/503, removals and token expiry.',
    duplicateRate: 0.15,
    createdUpdatedRate: 0.25,
    outOfOrderRate: 0.5,
    delayRate: 0.25,
    delayMs: [200, 1500],
    throttleRate: 0.25,
    unavailableRate: 0.1,
    removedRate: 0.05,
    tokenExpiry: true,
  },
};

export function isChaosProfileName(value: unknown): value is ChaosProfileName {
  return typeof value === 'string' && (CHAOS_PROFILE_NAMES as readonly string[]).includes(value);
}

/** A profile by name, or an error naming the valid ones. */
export function chaosProfile(name: string): ChaosProfile {
  if (!isChaosProfileName(name)) throw new RangeError(`Unknown chaos profile '${name}'. Use one of: ${CHAOS_PROFILE_NAMES.join(', ')}.`);
  return CHAOS_PROFILES[name];
}

/** Seeds are unsigned 32-bit integers (shown to the user, typed back in a setting or --chaos-seed). */
export function parseChaosSeed(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : undefined;
}

// ---- seeded randomness --------------------------------------------------------------------------

/** FNV-1a over the text: the seed of one decision stream. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for fault injection; uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The random source of decision `n` of `stream` under `seed`: independent of every other decision. */
export function decisionRandom(seed: number, stream: string, n: number): () => number {
  return seededRandom(hash32(`${seed >>> 0}|${stream}|${n}`));
}

// ---- deliveries ---------------------------------------------------------------------------------

export interface PlannedItem {
  /** Index of the generated notification this item is (or copies). */
  readonly source: number;
  /** `original`; `duplicate` = the same notification again (same id); `updatedPair` = an `updated` for the same item (new id). */
  readonly copy: 'original' | 'duplicate' | 'updatedPair';
}

export interface PlannedPost {
  readonly items: readonly PlannedItem[];
  /** Real milliseconds this POST waits before leaving (after the previous one). */
  readonly delayMs: number;
}

export interface DeliveryPlan {
  /** POSTs in the order they are sent, one after the other. */
  readonly posts: readonly PlannedPost[];
  /** Whether the order of the items was shuffled. */
  readonly shuffled: boolean;
  /** Graph removes the subscription after this delivery (subscriptionRemoved). */
  readonly removeAfter: boolean;
}

export interface DeliveryInput {
  /** changeType of each generated notification, in order. */
  readonly changeTypes: readonly string[];
  /** The subscription takes `updated` (a created+updated pair is possible). */
  readonly takesUpdated: boolean;
  /** Notifications per POST. */
  readonly batchSize: number;
  /** Graph sends subscriptionRemoved for this resource and the subscription has a lifecycle URL. */
  readonly removable: boolean;
}

/**
 * How one simulated change burst is delivered under `profile`. Draws, in this order: per item
 * (pair?, duplicate?), shuffle?, the shuffle itself, per POST (delayed?, how long), removal?.
 */
export function planDelivery(profile: ChaosProfile, random: () => number, input: DeliveryInput): DeliveryPlan {
  const sequence: PlannedItem[] = [];
  const duplicates: PlannedItem[] = [];
  input.changeTypes.forEach((changeType, source) => {
    sequence.push({ source, copy: 'original' });
    if (changeType === 'created' && input.takesUpdated && random() < profile.createdUpdatedRate) sequence.push({ source, copy: 'updatedPair' });
    if (random() < profile.duplicateRate) duplicates.push({ source, copy: 'duplicate' });
  });
  // A duplicate is a resend: it arrives after the burst.
  sequence.push(...duplicates);
  let shuffled = false;
  if (sequence.length >= 2 && random() < profile.outOfOrderRate) {
    const before = sequence.map((i) => `${i.source}${i.copy}`).join();
    for (let i = sequence.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [sequence[i], sequence[j]] = [sequence[j], sequence[i]];
    }
    // A shuffle that left everything in place is not out of order: swap the first two.
    if (sequence.map((i) => `${i.source}${i.copy}`).join() === before) [sequence[0], sequence[1]] = [sequence[1], sequence[0]];
    shuffled = true;
  }
  const batch = Math.max(1, Math.floor(input.batchSize));
  const posts: PlannedPost[] = [];
  for (let i = 0; i < sequence.length; i += batch) {
    const [min, max] = profile.delayMs;
    const delayMs = random() < profile.delayRate ? Math.round(min + random() * (max - min)) : 0;
    posts.push({ items: sequence.slice(i, i + batch), delayMs });
  }
  const removeAfter = input.removable && random() < profile.removedRate;
  return { posts, shuffled, removeAfter };
}

// ---- Graph API faults ---------------------------------------------------------------------------

export type ChaosOperation = 'create' | 'renew';

export interface ChaosApiFault {
  readonly status: 402 | 403 | 429 | 503;
  readonly code: string;
  readonly message: string;
  /** Retry-After in seconds (429 and 503). */
  readonly retryAfterSeconds?: number;
}

/** Teams resources billed per the licensing and payment models (https://learn.microsoft.com/en-us/graph/teams-licenses). */
export function isMeteredTeamsResource(resource: string): boolean {
  return /(^|\/)(getAllMessages|getAllMembers)(\?|$|\/)|\/installedToChats(\?|$|\/)/i.test(resource);
}

/** Graph's body when the quota is reached (as seen in microsoftgraph/microsoft-graph-docs-contrib#112). */
export const QUOTA_REACHED_MESSAGE = 'Operation: Create; Exception: [Status Code: Forbidden; Reason: Maximum number of subscriptions has been reached]';

/**
 * The fault (if any) the `n`th create or renew gets. Draws, in this order: quota?, payment?,
 * throttled?, unavailable?, then the Retry-After.
 */
export function planApiFault(profile: ChaosProfile, random: () => number, operation: ChaosOperation, resource: string): ChaosApiFault | undefined {
  const quota = random() < profile.quotaRate;
  const payment = random() < profile.paymentRate;
  const throttled = random() < profile.throttleRate;
  const unavailable = random() < profile.unavailableRate;
  const [min, max] = profile.retryAfterSeconds;
  // Graph's Retry-After may carry fractions (https://learn.microsoft.com/en-us/graph/throttling#sample-response): 3 decimals.
  const retryAfterSeconds = Math.round((min + random() * (max - min)) * 1000) / 1000;
  if (operation === 'create' && quota) return { status: 403, code: 'ExtensionError', message: QUOTA_REACHED_MESSAGE };
  if (operation === 'create' && payment && isMeteredTeamsResource(resource)) {
    return {
      status: 402,
      code: 'PaymentRequired',
      message:
        'Operation: Create; Exception: [Status Code: PaymentRequired; Reason: The request requires a licensing and payment model (model=A or model=B) with billing set up for this app, or the evaluation quota was reached.]',
    };
  }
  if (throttled) return { status: 429, code: 'TooManyRequests', message: 'Please retry again later.', retryAfterSeconds };
  if (unavailable) return { status: 503, code: 'serviceNotAvailable', message: 'The service is temporarily unavailable. Please retry later.', retryAfterSeconds };
  return undefined;
}

// ---- token expiry -------------------------------------------------------------------------------

/** The endpoint's access token "usually expires within 1 hour" (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks). */
export const ENDPOINT_TOKEN_LIFETIME_MS = 60 * 60_000;

const MINUTE = 60_000;

/**
 * When reauthorizationRequired is sent for a token issued at `issuedMs` that expires at `expiresMs`,
 * following the docs' illustrative cadence, read literally: T = (expiry − now) / 4; while
 * 60 < T ≤ 180 minutes a notification is sent and T is halved (the next one T later); while
 * 0 ≤ T < 60 minutes one is sent every 15 minutes; at expiry sending stops. A T over 180 minutes
 * waits until it is 180. The first evaluation is 15 minutes after the token was issued.
 */
export function reauthorizationTimes(issuedMs: number, expiresMs: number): number[] {
  const times: number[] = [];
  let t = issuedMs + 15 * MINUTE;
  let quarter = (expiresMs - t) / 4;
  if (quarter > 180 * MINUTE) {
    t = expiresMs - 4 * 180 * MINUTE;
    quarter = 180 * MINUTE;
  }
  while (quarter > 60 * MINUTE && t < expiresMs) {
    times.push(t);
    quarter /= 2;
    t += quarter;
  }
  for (; t < expiresMs; t += 15 * MINUTE) times.push(t);
  return times;
}
