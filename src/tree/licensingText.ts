/**
 * What the tree says about a subscription's Teams payment model and the `Prefer` headers it was
 * created with (https://learn.microsoft.com/en-us/graph/teams-licenses,
 * src/catalog/preferHeaders.ts). Pure: no `vscode` import.
 */
import { EVALUATION_QUOTA, licensingFor, matchResource, preferenceOf } from '../catalog/index';

/** Short labels for the row's description, e.g. `immutable ids`, `evaluation mode`. */
export function subscriptionBadges(resource: string, preferences: readonly string[] | undefined): string[] {
  const out: string[] = [];
  if (isEvaluation(resource)) out.push('evaluation mode');
  for (const p of preferences ?? []) {
    const spec = preferenceOf(p);
    out.push(spec?.id === 'immutableId' ? 'immutable ids' : spec?.id === 'securityWebhooks' ? 'security webhooks' : spec?.id === 'unknownEnumMembers' ? 'system events' : `Prefer: ${p}`);
  }
  return out;
}

/** Markdown paragraphs for the tooltip ('' when there is nothing to say). */
export function subscriptionLicensingNote(resource: string, preferences: readonly string[] | undefined): string {
  const parts: string[] = [];
  if (preferences && preferences.length > 0) {
    parts.push(`**Created with** \`Prefer: ${preferences.join(', ')}\` — request headers Graph reads on create only; Recreate sends them again.`);
  }
  if (isEvaluation(resource)) {
    parts.push(`**Evaluation mode** (no \`model=\`): ${EVALUATION_QUOTA} notifications per app per tenant per month, then Graph stops sending them without an error. Recreate with \`model=A\` or \`model=B\` to leave it.`);
  }
  return parts.length > 0 ? `\n\n${parts.join('\n\n')}` : '';
}

function isEvaluation(resource: string): boolean {
  const m = matchResource(resource);
  return m.ok && licensingFor(m.pattern) !== undefined && m.query.model === undefined;
}
