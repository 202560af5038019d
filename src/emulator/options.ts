/** Public types of the local Graph emulator: its options, injected faults and the running emulator. */
import type { PreferenceId } from '../catalog/preferHeaders';
import type { LifecycleEvent } from '../graph/types';
import type { Logger } from '../util/logger';
import type { ChaosProfileName } from './chaos';
import type { ChaosSettings } from './chaosEngine';
import type { ChannelDelivery } from './channelDelivery';
import type { EndpointState, ThrottleState } from './throttling';
import type { DeliveryAttempt, DeliveryCounters, DeliveryReport } from './delivery';
import type { ExtraEvent } from './preferences';
import type { TeamsLicensingState } from './teamsLicensing';
import type { TokenRequest, TokenVersion } from './tokens';

export interface EmulatorFault {
  /** HTTP status to answer with, 400–599, e.g. 429 or 503. */
  status: number;
  /** `Retry-After` in seconds (fractions allowed, like Graph's `2.128`); a 429 without one gets 1. */
  retryAfterSeconds?: number;
  /** Only requests with this method (default: any). */
  method?: string;
  /** Only requests whose path starts with this (default: any `/v1.0/` path). */
  pathPrefix?: string;
  /** How many requests get the fault (default 1). */
  count?: number;
}

export interface EmulatorOptions {
  /** Default 0 = a free port; always binds 127.0.0.1. */
  port?: number;
  /** JSON file for persistence; undefined = memory only. */
  statePath?: string;
  /** Default false: http://127.0.0.1 / localhost notification URLs are allowed (sandbox). */
  strictHttps?: boolean;
  /** Default 10000. */
  handshakeTimeoutMs?: number;
  /** First delivery try, default 3000. */
  deliveryTimeoutMs?: number;
  /** Later tries, default 10000. */
  retryTimeoutMs?: number;
  /** Tries per notification POST, first included; default 3. */
  maxDeliveryAttempts?: number;
  /** Backoff before the first retry, doubled each time; default 1000. */
  retryBackoffMs?: number;
  /** Notification items per POST, default 100. */
  maxBatchSize?: number;
  /** List paging, default 100. */
  pageSize?: number;
  /** Version of the `validationTokens` of rich notifications; default 1.0, what Graph sends. */
  validationTokenVersion?: TokenVersion;
  /** Test clock. Throttling windows (10 minutes) are measured on it, so tests move it instead of waiting. */
  now?: () => Date;
  log?: Logger;
  /** Faults answered before the real handler, e.g. 429 with Retry-After. */
  faults?: EmulatorFault[];
  /** Host a local Event Hubs endpoint for `EventHub:` subscriptions (see channelDelivery.ts). */
  eventHubs?: { port?: number; partitionCount?: number };
  /** Webhook handler that `EventGrid:` subscriptions deliver CloudEvents to. */
  eventGridEndpoint?: string;
  /** CloudEvents per Event Grid POST (1 = single events, the default). */
  eventGridBatchSize?: number;
  /** Teams payment models: billing set up, model=A licences, evaluation quota (default: all set up, 500). */
  teamsLicensing?: Partial<TeamsLicensingState>;
  /** A chaos profile from the start (see chaos.ts); without a seed one is chosen and logged. */
  chaos?: { profile: ChaosProfileName; seed?: number };
}

export interface SimulateChangeOptions {
  changeType?: string;
  count?: number;
  /** Properties merged into the generated resource (rich notifications). */
  resourceData?: Record<string, unknown>;
  /** Overrides `validationTokenVersion` for this delivery. */
  tokenVersion?: TokenVersion;
  /**
   * An extra kind of change a `Prefer` header unlocks: `permissionChange` (driveItem created with
   * `Prefer: includesecuritywebhooks`), `systemEventMessage` (chatMessage; messageType depends on
   * `Prefer: include-unknown-enum-members`). See src/emulator/preferences.ts.
   */
  event?: ExtraEvent;
}

export interface Emulator {
  readonly baseUrl: string;
  readonly graphBaseUrl: string;
  /** OpenID metadata for the configured validation-token version (v1.0: issuer `https://sts.windows.net/{tid}/`). */
  readonly openIdConfigurationUrl: string;
  readonly jwksUrl: string;
  readonly tenantId: string;
  issueToken(request: TokenRequest): Promise<string>;
  simulateChange(subscriptionId: string, options?: SimulateChangeOptions): Promise<DeliveryReport>;
  simulateLifecycleEvent(subscriptionId: string, event: LifecycleEvent, options?: { tokenVersion?: TokenVersion }): Promise<DeliveryReport>;
  deliveryLog(): readonly DeliveryAttempt[];
  counters(): DeliveryCounters;
  /** Slow/drop state of each notification URL host that has been delivered to (endpoint throttling). */
  throttling(): readonly ThrottleState[];
  /** The throttling state of the subscription's notification endpoint. */
  subscriptionThrottle(subscriptionId: string): EndpointState;
  /** Queues a fault (e.g. 429 + Retry-After) for the next matching Graph request(s). */
  injectFault(fault: EmulatorFault): void;
  /**
   * Holds every change notification of this subscription `delayMs` (real milliseconds) before its
   * first POST, e.g. to see latency in a receiver; 0 removes the delay. Throws a 404
   * `EmulatorHttpError` for an unknown subscription, a `RangeError` for a negative or non-finite delay.
   */
  setDeliveryDelay(subscriptionId: string, delayMs: number): void;
  /** The delay set with `setDeliveryDelay` (0 when none). */
  deliveryDelay(subscriptionId: string): number;
  /** Teams payment models: switch billing / model=A licences off or on, change the evaluation quota. */
  configureTeamsLicensing(change: Partial<TeamsLicensingState>): TeamsLicensingState;
  /**
   * Uses up this month's evaluation-mode quota of the subscription's app and tenant: from now on its
   * evaluation-mode subscriptions get no change notifications (silently, as Graph does).
   */
  reachEvaluationCap(subscriptionId: string): { evaluationMode: boolean; quota: number };
  /** `Prefer` preferences the subscription was created with (that apply to its resource). */
  subscriptionPreferences(subscriptionId: string): readonly PreferenceId[];
  /**
   * Activates a chaos profile ('off' ends it). Without a seed a random one is chosen; the returned
   * settings carry it, so the same faults can be replayed by passing it back.
   */
  setChaos(profile: ChaosProfileName, seed?: number): ChaosSettings;
  chaosSettings(): ChaosSettings;
  /** Event Hubs endpoint and Event Grid handler of `EventHub:`/`EventGrid:` subscriptions. */
  readonly channels: ChannelDelivery | undefined;
  close(): Promise<void>;
}
