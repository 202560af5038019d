/**
 * Catalog facts as text for quick picks, completions and hovers. Pure: no `vscode` import.
 */
import { ACCOUNT_KIND_LABELS, ACCOUNT_KINDS, type AccountKind, type PathPattern, type RequiredPermissions, type ResourceEntry } from '../catalog/types';
import { LEARN, publicText } from '../util/publicText';

/** One line: the permission an account kind needs, or why it cannot be used. */
export function permissionSummary(required: RequiredPermissions, kind: AccountKind): string {
  if (!required.supported) return `Not available with ${ACCOUNT_KIND_LABELS[kind].toLowerCase()} accounts`;
  const names = [...required.anyOf, ...required.rsc.map((r) => `${r} (RSC)`)];
  if (names.length === 0) return 'Permission not documented';
  return names.length === 1 ? names[0] : `${names[0]} (or ${names.length - 1} more)`;
}

function minutes(n: number): string {
  if (n % 1440 === 0) return `${n} min (${n / 1440} day${n === 1440 ? '' : 's'})`;
  if (n >= 120 && n % 60 === 0) return `${n} min (${n / 60} h)`;
  return `${n} min`;
}

export type PermissionsOf = (entry: ResourceEntry, pattern: PathPattern, kind: AccountKind) => RequiredPermissions;

/** The matrix row of a resource path, as Markdown. */
export function matrixMarkdown(entry: ResourceEntry, pattern: PathPattern, permissionsOf: PermissionsOf, currentKind?: AccountKind): string {
  const lines: string[] = [];
  lines.push(`**${entry.displayName}** · \`${pattern.pattern}\`${pattern.betaOnly ? ' (beta only)' : ''}`);
  lines.push('');
  lines.push('| Account kind | Permission (least privileged first) |');
  lines.push('|---|---|');
  for (const kind of ACCOUNT_KINDS) {
    const p = permissionsOf(entry, pattern, kind);
    const text = !p.supported ? 'Not supported' : [...p.anyOf, ...p.rsc.map((r) => `${r} (RSC)`)].join(', ') || 'Not documented';
    const label = kind === currentKind ? `**${ACCOUNT_KIND_LABELS[kind]}** (this draft)` : ACCOUNT_KIND_LABELS[kind];
    lines.push(`| ${label} | ${text}${p.disputed ? ` ⚠ ${publicText(p.disputed)}` : ''} |`);
  }
  lines.push('');
  const changeTypes = pattern.changeTypes ?? entry.changeTypes;
  lines.push(`- **Change types:** ${changeTypes.join(', ')}`);
  lines.push(
    `- **Maximum lifetime:** ${minutes(entry.maxLifetimeMinutes)}${
      entry.maxLifetimeWithResourceDataMinutes ? `; with resource data ${minutes(entry.maxLifetimeWithResourceDataMinutes)}` : ''
    }`,
  );
  const rich = pattern.rich ?? entry.rich.supported;
  lines.push(
    `- **Rich notifications (includeResourceData):** ${rich ? 'supported' : 'not supported'}${rich && entry.rich.selectRequired ? ', `$select` required' : ''}${
      rich && entry.rich.certificateIdRequired ? ', encryptionCertificateId required' : ''
    }`,
  );
  lines.push(`- **lifecycleNotificationUrl:** ${entry.lifecycleUrlRequiredOverOneHour ? 'required when expiration is more than 1 hour away' : 'optional'}`);
  if (entry.lifecycleEvents.length > 0) lines.push(`- **Lifecycle events:** ${entry.lifecycleEvents.join(', ')}`);
  if (entry.quotas.length > 0) lines.push(`- **Quotas:** ${entry.quotas.map((q) => `${q.limit.toLocaleString('en-US')} ${q.scope}`).join('; ')}`);
  if (pattern.queryOptions.length > 0) lines.push(`- **Query options:** ${pattern.queryOptions.join(', ')}`);
  for (const note of [...(pattern.notes ?? []), ...entry.notes]) lines.push(`- ${publicText(note)}`);
  lines.push('');
  lines.push(`[Documentation](${entry.docsUrl}) · [Change notifications overview](${LEARN.overview})`);
  return lines.join('\n');
}

export const TLS_VERSIONS = ['v1_2', 'v1_3', 'v1_1', 'v1_0'] as const;

/** Every non-empty combination of the change types, in the given order. */
export function changeTypeCombinations(types: readonly string[]): string[] {
  const out: string[] = [];
  const n = types.length;
  for (let mask = 1; mask < 1 << n; mask++) out.push(types.filter((_, i) => mask & (1 << i)).join(','));
  return out.sort((a, b) => b.split(',').length - a.split(',').length || a.localeCompare(b));
}


/** One row of the "Create Subscription" resource pick: a group heading or a resource type. */
export type ResourcePickRow =
  | { separator: string }
  | { entry: ResourceEntry; label: string; description: string; detail?: string; usable: boolean };

/**
 * Resource types grouped (groups and names sorted), each with the permission the account kind
 * needs; the ones the kind cannot use are marked and say why.
 */
export function resourcePickRows(catalog: readonly ResourceEntry[], kind: AccountKind, permissionsOf: PermissionsOf): ResourcePickRow[] {
  const rows: ResourcePickRow[] = [];
  let group: string | undefined;
  const sorted = [...catalog].sort((a, b) => a.group.localeCompare(b.group) || a.displayName.localeCompare(b.displayName));
  for (const entry of sorted) {
    if (entry.group !== group) {
      group = entry.group;
      rows.push({ separator: group });
    }
    const usable = entry.paths.filter((p) => permissionsOf(entry, p, kind).supported);
    const required = permissionsOf(entry, usable[0] ?? entry.paths[0], kind);
    rows.push({
      entry,
      label: usable.length > 0 ? entry.displayName : `$(circle-slash) ${entry.displayName}`,
      description: permissionSummary(required, kind),
      detail: usable.length > 0 ? undefined : `${ACCOUNT_KIND_LABELS[kind]} accounts cannot subscribe to ${entry.displayName}.`,
      usable: usable.length > 0,
    });
  }
  return rows;
}

/** The path variants of a resource type, usable ones first. */
export function pathPickRows(entry: ResourceEntry, kind: AccountKind, permissionsOf: PermissionsOf): { path: PathPattern; label: string; description: string; detail?: string }[] {
  return entry.paths
    .map((path) => {
      const required = permissionsOf(entry, path, kind);
      return {
        path,
        usable: required.supported,
        label: required.supported ? path.pattern : `$(circle-slash) ${path.pattern}`,
        description: permissionSummary(required, kind),
        detail: [path.description, path.betaOnly ? 'beta endpoint only' : undefined, required.supported ? undefined : `not for ${ACCOUNT_KIND_LABELS[kind].toLowerCase()} accounts`]
          .filter(Boolean)
          .join(' · ') || undefined,
      };
    })
    .sort((a, b) => Number(b.usable) - Number(a.usable))
    .map(({ usable: _usable, ...row }) => row);
}
