/**
 * Catalog facts as text for quick picks, completions and hovers. Pure: no `vscode` import.
 */
import { ACCOUNT_KIND_LABELS, ACCOUNT_KINDS, type AccountKind, type PathPattern, type RequiredPermissions, type ResourceEntry } from '../catalog/types';

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
    lines.push(`| ${label} | ${text}${p.disputed ? ` ⚠ ${p.disputed}` : ''} |`);
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
  for (const note of [...(pattern.notes ?? []), ...entry.notes]) lines.push(`- ${note}`);
  lines.push('');
  lines.push(`[Documentation](${entry.docsUrl})`);
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

