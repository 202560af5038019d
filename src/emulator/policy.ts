/**
 * Bridge to the catalog and the validator (the single source of truth for per-resource rules).
 * INTERIM: until src/validation and src/catalog land, only the resource-independent checks run.
 */
import type { Subscription } from '../graph/types';
import { EmulatorHttpError, Messages } from './errors';
import type { StoredSubscription } from './store';
import type { Principal } from './tokens';

export interface RuleContext {
  operation: 'create' | 'update';
  principal: Principal;
  existing: readonly Subscription[];
  original?: Subscription;
  now: Date;
  allowLoopbackHttp: boolean;
}

const REQUIRED = ['changeType', 'notificationUrl', 'resource', 'expirationDateTime'] as const;

export function checkRequestRules(body: Record<string, unknown>, _ctx: RuleContext): EmulatorHttpError | undefined {
  for (const key of REQUIRED) {
    if (typeof body[key] !== 'string' || body[key] === '') {
      return new EmulatorHttpError(400, 'InvalidRequest', `${key} is a required property for subscription creation.`);
    }
  }
  if (Number.isNaN(Date.parse(String(body.expirationDateTime)))) return new EmulatorHttpError(400, 'InvalidRequest', Messages.badPayload);
  return undefined;
}

export function checkPermission(_resource: string, _principal: Principal, _operation: string): EmulatorHttpError | undefined {
  return undefined;
}

export function checkQuotas(_resource: string, _principal: Principal, _all: readonly StoredSubscription[]): EmulatorHttpError | undefined {
  return undefined;
}
