/**
 * Bridge to the catalog and the validator, the single source of truth for per-resource rules:
 * required properties, change types, lifetimes, rich-notification rules, Teams/Copilot lifecycle
 * URL, 128-character limits, https, permissions per account kind, duplicates and quotas all come
 * from `validateDraft` + `toGraphError`. Here only what the validator cannot see: permissions for
 * operations on an existing subscription (the PATCH body has no resource) and quotas counted over
 * every stored subscription of the app and tenant (the validator sees the caller's own).
 */
import { matchResource, requiredPermissions, splitResource, type ManageOperation } from '../catalog/index';
import type { Subscription } from '../graph/types';
import { FindingCode, toGraphError, validateDraft, type Finding } from '../validation/index';
import { EmulatorHttpError } from './errors';
import type { StoredSubscription } from './store';
import type { Principal } from './tokens';

export interface RuleContext {
  operation: 'create' | 'update';
  principal: Principal;
  /** The caller's visible subscriptions (duplicates and per-caller quotas). */
  existing: readonly Subscription[];
  original?: Subscription;
  now: Date;
  allowLoopbackHttp: boolean;
}

const OPERATION_WORD: Record<string, string> = { create: 'Create', update: 'Update', get: 'Get', delete: 'Delete', reauthorize: 'Reauthorize' };

/** Graph answers the first problem; rank them the way a request is processed: payload, permission, conflict, quota. */
function rank(f: Finding): number {
  switch (f.code) {
    case FindingCode.permissionMissing:
    case FindingCode.accountKindNotSupported:
      return 1;
    case FindingCode.duplicateSubscription:
      return 2;
    case FindingCode.quotaExceeded:
      return 3;
    default:
      return 0;
  }
}

function toHttp(finding: Finding, operation = 'create'): EmulatorHttpError {
  const g = toGraphError(finding);
  const message = operation === 'create' ? g.message : g.message.replace('Operation: Create;', `Operation: ${OPERATION_WORD[operation] ?? operation};`);
  return new EmulatorHttpError(g.status, g.code, message);
}

/**
 * Runs the validator on a POST body (create) or a PATCH body (update, with the original) and
 * returns Graph's error for the first error-severity finding.
 */
export function checkRequestRules(body: Record<string, unknown>, ctx: RuleContext): EmulatorHttpError | undefined {
  const findings = validateDraft(JSON.stringify(body), {
    operation: ctx.operation,
    accountKind: ctx.principal.accountKind,
    grantedPermissions: ctx.principal.permissions,
    existing: ctx.existing,
    original: ctx.original,
    now: ctx.now,
    allowLoopbackHttp: ctx.allowLoopbackHttp,
  });
  const errors = findings.filter((f) => f.severity === 'error').sort((a, b) => rank(a) - rank(b));
  return errors.length > 0 ? toHttp(errors[0]) : undefined;
}

/**
 * 403 when the token lacks the permission the catalog requires for `operation` on the
 * subscription's resource (or the account kind is not supported for it).
 */
export function checkPermission(resource: string, principal: Principal, operation: ManageOperation): EmulatorHttpError | undefined {
  const m = matchResource(resource);
  if (!m.ok) return undefined;
  const req = requiredPermissions(m.entry, m.pattern, principal.accountKind, operation);
  const span = { offset: 0, length: 0 };
  if (!req.supported) {
    if (req.disputed) return undefined;
    return toHttp(
      { code: FindingCode.accountKindNotSupported, severity: 'error', span, message: `${m.entry.displayName} subscriptions on ${m.pattern.pattern} do not support this operation for this account kind.` },
      operation,
    );
  }
  if (req.anyOf.length === 0 && req.rsc.length === 0) return undefined;
  const have = new Set(principal.permissions.map((p) => p.toLowerCase()));
  if ([...req.anyOf, ...req.rsc].some((p) => have.has(p.toLowerCase()))) return undefined;
  return toHttp(
    { code: FindingCode.permissionMissing, severity: 'error', span, message: '', data: { permission: req.anyOf[0] ?? req.rsc[0] } },
    operation,
  );
}

/**
 * Quotas the catalog marks enforceable, counted over every stored subscription of the caller's
 * app and tenant (all users), which the validator's per-caller view cannot see.
 */
export function checkQuotas(resource: string, principal: Principal, all: readonly StoredSubscription[]): EmulatorHttpError | undefined {
  const m = matchResource(resource);
  if (!m.ok) return undefined;
  const mine = all.filter((s) => s.tenantId === principal.tenantId && s.subscription.applicationId === principal.appId);
  // `me/…` is a different resource for every user: compare the user's own path.
  const key = (r: string, userId: string | null | undefined) => splitResource(r).path.toLowerCase().replace(/^me(?=\/|$)/, `users/${(userId ?? '').toLowerCase()}`);
  const pathKey = key(resource, principal.objectId);
  for (const quota of m.entry.quotas) {
    if (quota.enforce === undefined) continue;
    let count = 0;
    for (const s of mine) {
      if (quota.enforce === 'sameResource') {
        if (key(s.subscription.resource, s.subscription.creatorId) === pathKey) count++;
      } else {
        const other = matchResource(s.subscription.resource);
        if (other.ok && other.entry.quotas.some((q) => q.quotaKey === quota.quotaKey)) count++;
      }
    }
    if (count >= quota.limit) {
      return toHttp({
        code: FindingCode.quotaExceeded,
        severity: 'error',
        span: { offset: 0, length: 0 },
        message: '',
        data: { limit: String(quota.limit), scope: quota.scope, count: String(count) },
      });
    }
  }
  return undefined;
}
