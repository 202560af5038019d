/**
 * The Sandbox's Teams licensing and payment models, as https://learn.microsoft.com/en-us/graph/teams-licenses
 * documents them for change notifications:
 * - a `model=` the path does not take → 402 (the validator's paymentModelInvalid, mapped in
 *   src/validation/graphErrors.ts);
 * - `model=A` or `model=B` while the app has no Azure billing set up → 402 "…must be associated with
 *   an Azure subscription…" (FAQ "What happens if no Azure subscription is provided?");
 * - `model=A` without licensed users → 402 "…needs a valid license to access this API…";
 * - no model → evaluation mode: 500 notifications per app per tenant per calendar month, past which
 *   "change notifications aren't sent" — silently (the subscription stays, nothing is posted).
 * By default billing is set up and model=A users are licensed (the Sandbox's app is a well-configured
 * one); the SandboxControl, the `/_emulator/teamsLicensing` route and the CLI flags switch them off.
 * Pure Node; no `vscode` import.
 */
import { EVALUATION_QUOTA, licensingFor, matchResource } from '../catalog/index';
import { EmulatorHttpError } from './errors';
import { memoise } from '../util/memo';
import type { StoredSubscription } from './store';

export interface TeamsLicensingState {
  /** The app is associated with an active Azure subscription (https://learn.microsoft.com/en-us/graph/metered-api-setup). */
  billingConfigured: boolean;
  /** The tenant's users hold licences with the Microsoft Communications DLP service plan (model=A). */
  modelALicensed: boolean;
  /** Evaluation quota per app per tenant per month (the docs: 500). */
  evaluationQuota: number;
}

export const DEFAULT_TEAMS_LICENSING: TeamsLicensingState = { billingConfigured: true, modelALicensed: true, evaluationQuota: EVALUATION_QUOTA };

/** Sample messages of the "Payment-related errors" table (the docs elide the rest with "..."). */
export const PaymentMessages = {
  billing: 'To call this API, the app must be associated with an Azure subscription, see https://aka.ms/teams-api-payment-requirements for details.',
  license: 'Tenant needs a valid license to access this API. Check that the users have a license with the Microsoft Communications DLP service plan enabled.',
} as const;

/** The evaluation-mode state of a subscription's resource: licensed path without model=. */
export const isEvaluationMode = memoise((resource: string): boolean => {
  const m = matchResource(resource);
  return m.ok && licensingFor(m.pattern) !== undefined && m.query.model === undefined;
});

export class TeamsLicensing {
  private state: TeamsLicensingState;
  /** Notifications sent in evaluation mode, per `tenant|app|yyyy-mm`. */
  private readonly used = new Map<string, number>();

  constructor(initial: Partial<TeamsLicensingState> = {}) {
    this.state = { ...DEFAULT_TEAMS_LICENSING, ...initial };
  }

  current(): TeamsLicensingState {
    return { ...this.state };
  }

  configure(change: Partial<TeamsLicensingState>): TeamsLicensingState {
    this.state = { ...this.state, ...change };
    return this.current();
  }

  /** 402 for a create the payment rules refuse (the model itself was checked by the validator). */
  checkCreate(resource: string): EmulatorHttpError | undefined {
    const m = matchResource(resource);
    if (!m.ok || licensingFor(m.pattern) === undefined) return undefined;
    const model = m.query.model?.toUpperCase();
    if (model === undefined) return undefined;
    if (!this.state.billingConfigured) return new EmulatorHttpError(402, 'PaymentRequired', PaymentMessages.billing);
    if (model === 'A' && !this.state.modelALicensed) return new EmulatorHttpError(402, 'PaymentRequired', PaymentMessages.license);
    return undefined;
  }

  /**
   * How many of `count` notifications of this subscription Graph sends now: all of them outside
   * evaluation mode; in evaluation mode what is left of the month's quota (counted as sent).
   */
  admit(stored: StoredSubscription, count: number, now: Date): number {
    if (!isEvaluationMode(stored.subscription.resource)) return count;
    const key = this.key(stored, now);
    const used = this.used.get(key) ?? 0;
    const admitted = Math.max(0, Math.min(count, this.state.evaluationQuota - used));
    this.used.set(key, used + admitted);
    return admitted;
  }

  /** Uses up the month's evaluation quota of the subscription's app and tenant ("the cap is reached"). */
  exhaust(stored: StoredSubscription, now: Date): { evaluationMode: boolean; quota: number } {
    const evaluationMode = isEvaluationMode(stored.subscription.resource);
    this.used.set(this.key(stored, now), this.state.evaluationQuota);
    return { evaluationMode, quota: this.state.evaluationQuota };
  }

  /** Notifications left this month for the subscription's app and tenant (undefined: not in evaluation mode). */
  remaining(stored: StoredSubscription, now: Date): number | undefined {
    if (!isEvaluationMode(stored.subscription.resource)) return undefined;
    return Math.max(0, this.state.evaluationQuota - (this.used.get(this.key(stored, now)) ?? 0));
  }

  /** The quota is per app, per tenant, per calendar month (reset on the 1st). */
  private key(stored: StoredSubscription, now: Date): string {
    return `${stored.tenantId}|${stored.subscription.applicationId ?? ''}|${now.toISOString().slice(0, 7)}`;
  }
}
