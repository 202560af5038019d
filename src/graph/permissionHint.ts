/**
 * Least-privileged permissions the catalog names for a resource, account kind and operation, for
 * 403 messages. Pure.
 */
import { matchResource, requiredPermissions } from '../catalog';
import type { AccountKind, Operation } from '../catalog/types';
import type { GraphOperation } from './errors';

const TO_CATALOG: Record<GraphOperation, Operation> = {
  list: 'list',
  get: 'get',
  create: 'create',
  recreate: 'create',
  update: 'update',
  renew: 'update',
  delete: 'delete',
  reauthorize: 'reauthorize',
};

/** Permissions (least privileged first) or undefined when the catalog does not know the resource. */
export function permissionHint(resource: string, kind: AccountKind, operation: GraphOperation): string[] | undefined {
  const match = matchResource(resource);
  if (!match.ok) return undefined;
  const required = requiredPermissions(match.entry, match.pattern, kind, TO_CATALOG[operation]);
  if (!required.supported) return [];
  return [...required.anyOf, ...required.rsc.map((p) => `${p} (resource-specific consent)`)];
}
