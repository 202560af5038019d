/** What the emulator's route and simulation modules share: state, clock, delivery and keys. */
import type { Logger } from '../util/logger';
import type { ChaosEngine } from './chaosEngine';
import type { ChannelDelivery } from './channelDelivery';
import type { DeliveryEngine } from './delivery';
import type { DeltaState } from './deltaState';
import type { EmulatorOptions } from './options';
import type { StoredSubscription, SubscriptionStore } from './store';
import type { TeamsLicensing } from './teamsLicensing';
import type { EndpointThrottle } from './throttling';
import type { TokenAuthority } from './tokens';

export interface EmulatorCore {
  readonly options: EmulatorOptions;
  readonly store: SubscriptionStore;
  readonly authority: TokenAuthority;
  readonly engine: DeliveryEngine;
  readonly log: Logger;
  readonly baseUrl: string;
  readonly graphBaseUrl: string;
  readonly jwksUrl: string;
  readonly openIdConfigurationUrl: string;
  readonly tenantId: string;
  /** Event Hubs / Event Grid delivery of `EventHub:`/`EventGrid:` subscriptions, when started. */
  readonly channels: ChannelDelivery | undefined;
  /** The active chaos profile and seed (faults on purpose, reproducible). */
  readonly chaos: ChaosEngine;
  /** The items simulated changes made, per collection, for `GET …/delta`. */
  readonly delta: DeltaState;
  /** Slow/drop state per notification URL host. */
  readonly throttle: EndpointThrottle;
  /** Teams payment models: billing, model=A licences, the evaluation-mode quota. */
  readonly teamsLicensing: TeamsLicensing;
  /** Runs `send` when the emulator clock reaches `dueMs` (throttling's 10-minute delay). */
  later(dueMs: number, send: () => Promise<unknown>): void;
  now(): Date;
  /** Real milliseconds a subscription's change notifications wait before their first POST (0 = none). */
  deliveryDelay(subscriptionId: string): number;
  /** The subscription when it exists and has not expired (expired ones are purged first). */
  live(id: string): StoredSubscription | undefined;
  purge(): void;
  /** Re-arms the expiry timer after a change. */
  schedulePurge(): void;
}

export const GRAPH_CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata';
