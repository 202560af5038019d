/**
 * The running emulator's chaos state: which profile and seed are active, how many decisions each
 * stream has made, and each subscription's endpoint-token clock (token-expiry profiles). The
 * decisions themselves are the pure functions of chaos.ts.
 */
import {
  CHAOS_PROFILES,
  ENDPOINT_TOKEN_LIFETIME_MS,
  decisionRandom,
  planApiFault,
  planDelivery,
  reauthorizationTimes,
  type ChaosApiFault,
  type ChaosOperation,
  type ChaosProfile,
  type ChaosProfileName,
  type DeliveryInput,
  type DeliveryPlan,
} from './chaos';

export interface ChaosSettings {
  readonly profile: ChaosProfileName;
  readonly seed: number;
}

interface TokenClock {
  issuedMs: number;
  expiresMs: number;
  /** reauthorizationRequired times not sent yet, earliest first. */
  due: number[];
}

/** A random seed for a user who set none (shown to them so they can replay it). */
export function randomChaosSeed(): number {
  return Math.floor(Math.random() * 0x100000000) >>> 0;
}

export class ChaosEngine {
  private profile: ChaosProfile = CHAOS_PROFILES.off;
  private seed = 0;
  private readonly counts = new Map<string, number>();
  private readonly tokens = new Map<string, TokenClock>();

  /** Activates a profile; every stream starts again from its first decision. */
  set(profile: ChaosProfileName, seed: number, nowMs: number, subscriptionIds: readonly string[] = []): ChaosSettings {
    this.profile = CHAOS_PROFILES[profile];
    this.seed = seed >>> 0;
    this.counts.clear();
    this.tokens.clear();
    // Existing subscriptions get a fresh endpoint token now.
    for (const id of subscriptionIds) this.tokenIssued(id, nowMs);
    return this.settings();
  }

  settings(): ChaosSettings {
    return { profile: this.profile.name, seed: this.seed };
  }

  get active(): boolean {
    return this.profile.name !== 'off';
  }

  /** The fault the next create/renew gets, if any. */
  apiFault(operation: ChaosOperation, resource: string): ChaosApiFault | undefined {
    if (!this.active) return undefined;
    return planApiFault(this.profile, this.next(`api:${operation}`), operation, resource);
  }

  /** How the next change burst of this subscription is delivered; undefined when chaos is off. */
  deliveryPlan(streamKey: string, input: DeliveryInput): DeliveryPlan | undefined {
    if (!this.active) return undefined;
    return planDelivery(this.profile, this.next(`delivery:${streamKey}`), input);
  }

  /** Create, renew and reauthorize give the endpoint a fresh token (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks). */
  tokenIssued(subscriptionId: string, nowMs: number): void {
    if (!this.profile.tokenExpiry) return;
    const expiresMs = nowMs + ENDPOINT_TOKEN_LIFETIME_MS;
    this.tokens.set(subscriptionId, { issuedMs: nowMs, expiresMs, due: reauthorizationTimes(nowMs, expiresMs) });
  }

  forget(subscriptionId: string): void {
    this.tokens.delete(subscriptionId);
  }

  /** While the endpoint token is expired Graph delivers nothing to the subscription. */
  tokenExpired(subscriptionId: string, nowMs: number): boolean {
    const clock = this.tokens.get(subscriptionId);
    return clock !== undefined && nowMs >= clock.expiresMs;
  }

  tokenExpiresAt(subscriptionId: string): number | undefined {
    return this.tokens.get(subscriptionId)?.expiresMs;
  }

  /** Subscriptions whose reauthorizationRequired is due at `nowMs` (each due time is returned once). */
  dueReauthorizations(nowMs: number): string[] {
    const ids: string[] = [];
    for (const [id, clock] of this.tokens) {
      let due = false;
      while (clock.due.length > 0 && clock.due[0] <= nowMs) {
        clock.due.shift();
        due = true;
      }
      if (due) ids.push(id);
    }
    return ids;
  }

  get watchesTokens(): boolean {
    return this.profile.tokenExpiry;
  }

  private next(stream: string): () => number {
    const n = this.counts.get(stream) ?? 0;
    this.counts.set(stream, n + 1);
    return decisionRandom(this.seed, stream, n);
  }
}
