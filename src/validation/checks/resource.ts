/**
 * The resource path: known to the catalog, allowed for the account kind, permissions granted, query options.
 * One topic of the draft validator (src/validation/validateDraft.ts keeps the order of the checks).
 */
import {
  ACCOUNT_KIND_LABELS, ACCOUNT_KINDS, matchResource, requiredPermissionsView as requiredPermissions, splitPath, splitResource, swapMe,
  type AccountKind, type ResourceEntry,
} from '../../catalog/index';
import type { FixData, TextSpan } from '../types';
import type { DraftCheck, Matched } from './context';
import { checkPlaceholders } from './placeholders';
import { checkPaymentModel } from './teamsLicensing';

export function checkResource(d: DraftCheck): Matched | undefined {
  const resource = d.resourceValue();
  if (resource === undefined) return undefined;
  const p = d.props.get('resource');
  const span = p?.valueSpan ?? d.docSpan;
  if (resource.trim() === '') {
    if (p) d.add('unknownResource', 'error', 'resource is empty: set the resource path to watch, e.g. "me/messages".', span, 'resource');
    return undefined;
  }
  const m = matchResource(resource);
  if (!m.ok) {
    if (p === undefined) return undefined;
    const fixes: FixData[] = m.suggestions.map((s) => {
      const concrete = concretize(s, resource);
      return { kind: 'edit', title: `Use ${concrete}`, edits: [{ ...span, newText: JSON.stringify(concrete) }] };
    });
    const hint = m.suggestions.length > 0 ? ` Closest known paths: ${m.suggestions.join(', ')}.` : '';
    d.add('unknownResource', 'error', `resource "${resource}" is not a path that supports change notifications.${hint}`, span, 'resource', fixes,
      { suggestions: m.suggestions.join('\n') });
    return undefined;
  }
  if (p === undefined) return m; // update without resource: facts from the original
  const { entry, pattern } = m;
  checkPlaceholders(d, m, resource, span);
  const kind = d.ctx.accountKind;
  const op = d.isCreate ? 'create' : 'update';

  if (m.usesMe && kind === 'application') {
    const swapped = swapMe(resource, false);
    d.add('meWithApplication', 'error', `resource "${resource}" uses me/, which only works with delegated (signed-in user) access. With application permissions name the user: users/{userId}/….`, span, 'resource',
      swapped ? [{ kind: 'edit', title: `Use ${swapped}`, edits: [{ ...span, newText: JSON.stringify(swapped) }] }] : []);
  }
  const req = requiredPermissions(entry, pattern, kind, op);
  if (!req.supported) {
    const supportedKinds = ACCOUNT_KINDS.filter((k) => requiredPermissions(entry, pattern, k, op).supported);
    const where = supportedKinds.length > 0 ? `Supported: ${supportedKinds.map((k) => ACCOUNT_KIND_LABELS[k]).join('; ')}.` : 'No account kind is documented for this operation.';
    if (req.disputed) {
      d.add('accountKindDisputed', 'warning', `${entry.displayName} (${pattern.pattern}) is not supported for ${ACCOUNT_KIND_LABELS[kind]} according to the create-subscription table, but another source lists it: ${req.disputed}`, span, 'resource');
    } else {
      d.add('accountKindNotSupported', 'error', `${entry.displayName} subscriptions on ${pattern.pattern} are not supported for ${ACCOUNT_KIND_LABELS[kind]}. ${where}`, span, 'resource', undefined,
        { accountKind: kind, supported: supportedKinds.join(',') });
    }
  } else {
    if (req.disputed) {
      d.add('accountKindDisputed', 'warning', `The docs disagree whether ${entry.displayName} subscriptions work for ${ACCOUNT_KIND_LABELS[kind]}: ${req.disputed}`, span, 'resource');
    }
    checkPermissions(d, entry, pattern.pattern, req.anyOf, req.rsc, kind, span);
  }
  // Outlook delegated access covers only the signed-in user's mailbox (https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions#permissions).
  if (entry.group === 'Outlook' && kind !== 'application' && !m.usesMe && m.params.userId !== undefined && m.params.userId.toLowerCase() !== 'me') {
    const swapped = swapMe(resource, true);
    d.add('delegatedOtherMailbox', 'info', 'Delegated permissions only cover the signed-in user\'s own mailbox. If this is another user\'s mailbox, use application permissions; for your own, me/… is simpler.', span, 'resource',
      swapped ? [{ kind: 'edit', title: `Use ${swapped}`, edits: [{ ...span, newText: JSON.stringify(swapped) }] }] : []);
  }
  if (pattern.betaOnly) {
    d.add('betaOnly', 'warning', `${pattern.pattern} is only available on the beta endpoint (https://graph.microsoft.com/beta).`, span, 'resource');
  }
  checkQuery(d, m, resource, span);
  return m;
}

function checkPermissions(d: DraftCheck, entry: ResourceEntry, pattern: string, anyOf: readonly string[], rsc: readonly string[], kind: AccountKind, span: TextSpan): void {
  const granted = d.ctx.grantedPermissions;
  if (granted === undefined) return;
  if (anyOf.length === 0 && rsc.length === 0) {
    d.add('permissionUndocumented', 'info', `The docs do not list the permission for ${entry.displayName} (${pattern}); the permission check was skipped.`, span, 'resource');
    return;
  }
  const have = grantedSet(granted);
  if ([...anyOf, ...rsc].some((p) => have.has(p.toLowerCase()))) return;
  const write = anyOf.map((p) => p.replace(/\.Read(?=\.|$)/, '.ReadWrite')).find((p) => have.has(p.toLowerCase()));
  if (write !== undefined) {
    d.add('writeInsteadOfRead', 'warning', `The token has ${write} but not ${anyOf[0]}: Graph subscriptions do not support write permissions when read permissions are enough. Grant ${anyOf[0]}.`, span, 'resource', undefined,
      { permission: anyOf[0] });
    return;
  }
  const least = anyOf[0] ?? rsc[0];
  const all = [...anyOf, ...rsc.map((r) => `${r} (resource-specific consent)`)].join(', ');
  const kindWord = kind === 'application' ? 'application permission' : 'delegated permission';
  d.add('permissionMissing', 'error', `Missing permission for ${entry.displayName} (${pattern}): grant the ${kindWord} ${least} (least privileged; any of: ${all}). The token has: ${granted.length > 0 ? granted.join(', ') : 'none'}.`, span, 'resource', undefined,
    { permission: least, anyOf: [...anyOf, ...rsc].join(',') });
}

function checkQuery(d: DraftCheck, m: Matched, resource: string, span: TextSpan): void {
  const { pattern } = m;
  const keys = Object.keys(m.query);
  for (const key of keys) {
    const name = key as (typeof pattern.queryOptions)[number];
    if (!pattern.queryOptions.includes(name)) {
      const accepted = pattern.queryOptions.length > 0 ? `It accepts: ${pattern.queryOptions.join(', ')}.` : 'It accepts no query options.';
      d.add('queryOptionNotSupported', 'warning', `${pattern.pattern} does not support "${key}" in resource. ${accepted}`, span, 'resource');
    }
  }
  for (const required of pattern.requiredQuery ?? []) {
    if (!keys.includes(required)) {
      d.add('queryOptionNotSupported', 'error', `${pattern.pattern} requires ${required} in resource, e.g. ${pattern.example ?? pattern.pattern}.`, span, 'resource');
    }
  }
  const nousp = m.query.notifyOnUserSpecificProperties;
  if (nousp !== undefined && nousp !== 'true' && nousp !== 'false') {
    d.add('queryOptionNotSupported', 'error', `notifyOnUserSpecificProperties must be true or false, not "${nousp}".`, span, 'resource');
  }
  checkPaymentModel(d, m, resource, span);
}

/**
 * A suggested pattern filled with the draft's own values where the segments line up, e.g.
 * `me/mesages?$select=x` + `users/{userId}/messages` → `me/messages?$select=x`.
 */
export function concretize(pattern: string, resource: string): string {
  const { path, queryText } = splitResource(resource);
  let segs = splitPath(path);
  const usesMe = segs.length > 0 && segs[0].toLowerCase() === 'me';
  if (usesMe) segs = ['users', 'me', ...segs.slice(1)];
  const out = splitPath(pattern).map((p, i) => (/^\{[^}]+\}$/.test(p) && segs[i] !== undefined && segs[i] !== '' ? segs[i] : p));
  let text = out.join('/');
  if (usesMe && /^users\/me(\/|$)/i.test(text)) text = `me${text.slice('users/me'.length)}`;
  return queryText !== undefined ? `${text}?${queryText}` : text;
}

const grantedCache = new WeakMap<readonly string[], Set<string>>();
/** Lower-cased granted permissions; cached per array (the same token is checked again and again). */
function grantedSet(granted: readonly string[]): Set<string> {
  let set = grantedCache.get(granted);
  if (set === undefined) {
    set = new Set(granted.map((g) => String(g).toLowerCase()));
    grantedCache.set(granted, set);
  }
  return set;
}
