/**
 * Teams licensing and payment models of change-notification resources: which paths take
 * `?model=A` / `?model=B`, what each model requires, what no model means (evaluation mode), and
 * the documented 402 Payment Required causes. Pure data and functions; no `vscode` import.
 *
 * Sources:
 * - Payment models and licensing requirements for Microsoft Teams APIs: https://learn.microsoft.com/en-us/graph/teams-licenses
 *   (tables "APIs or change notification resources / Payment models", "model=A requirements",
 *   "model=B requirements", "Evaluation mode (default) requirements", "Payment-related errors").
 * - Metered APIs and services in Microsoft Graph: https://learn.microsoft.com/en-us/graph/metered-api-list
 * - Enable metered APIs and services (the Azure billing setup): https://learn.microsoft.com/en-us/graph/metered-api-setup
 * - Create subscription, chatMessage / conversationMember / team, channel, and chat notes:
 *   https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions#chatmessage
 * - Per-resource pages: https://learn.microsoft.com/en-us/graph/teams-changenotifications-chatmessage,
 *   https://learn.microsoft.com/en-us/graph/teams-changenotifications-chatmembership,
 *   https://learn.microsoft.com/en-us/graph/teams-changenotifications-teammembership,
 *   https://learn.microsoft.com/en-us/graph/teams-changenotifications-chat
 *
 * Both learn pages now carry an "Important" banner: starting August 25, 2025 the Teams APIs
 * listed there are no longer metered and no billing configuration is required; the article is
 * kept "for reference as the final billing cycle concludes". The `model` values and the
 * evaluation-mode rules below are what the pages still document; the hover and the warnings say
 * so, so a user on a tenant billed before that date and a user after it both read the truth.
 */
import type { PathPattern } from './types';

export type PaymentModel = 'A' | 'B';

export const TEAMS_LICENSES_URL = 'https://learn.microsoft.com/en-us/graph/teams-licenses';
export const METERED_API_LIST_URL = 'https://learn.microsoft.com/en-us/graph/metered-api-list';
export const METERED_API_SETUP_URL = 'https://learn.microsoft.com/en-us/graph/metered-api-setup';
/** "Starting August 25, 2025, the Teams APIs are no longer metered" (both pages above). */
export const METERING_ENDED = '2025-08-25';

/** One licensed/metered change-notification resource path, as the teams-licenses tables list it. */
export interface LicensedPath {
  /** The catalog pattern (without leading slash; `users/{userId}/…` also covers `me/…`). */
  pattern: string;
  /** The path as the docs write it. */
  documented: string;
  models: readonly PaymentModel[];
  /** What one metered unit is ("message" or "notification"). */
  unit: 'message' | 'notification';
  /** model=A: who needs the licence (the "Who needs a license" column); undefined when A is not taken. */
  modelALicensee?: string;
  /** The evaluation quota, as the "Evaluation mode (default) requirements" table words it. */
  evaluationQuota: string;
}

/** The evaluation quota per app per tenant per month (the same 500 for every change-notification resource). */
export const EVALUATION_QUOTA = 500;

const EVAL_TENANT = '500 messages per month per tenant per app';

/**
 * Every change-notification resource the teams-licenses page lists with a payment model
 * (https://learn.microsoft.com/en-us/graph/teams-licenses, first table): A and B on the four
 * organization-wide paths; B only on the user/me chat paths and the installedToChats paths.
 */
export const LICENSED_PATHS: readonly LicensedPath[] = [
  { pattern: 'chats/getAllMessages', documented: '/chats/getAllMessages', models: ['A', 'B'], unit: 'message', modelALicensee: 'the message sender', evaluationQuota: EVAL_TENANT },
  { pattern: 'teams/getAllMessages', documented: '/teams/getAllMessages', models: ['A', 'B'], unit: 'message', modelALicensee: 'the message sender', evaluationQuota: EVAL_TENANT },
  { pattern: 'chats/getAllMembers', documented: '/chats/getAllMembers', models: ['A', 'B'], unit: 'notification', modelALicensee: 'any user in the tenant', evaluationQuota: EVAL_TENANT },
  { pattern: 'teams/getAllMembers', documented: '/teams/getAllMembers', models: ['A', 'B'], unit: 'notification', modelALicensee: 'any user in the tenant', evaluationQuota: EVAL_TENANT },
  { pattern: 'users/{userId}/chats/getAllMessages', documented: '/users/{user-id}/chats/getAllMessages and /me/chats/getAllMessages', models: ['B'], unit: 'message', evaluationQuota: EVAL_TENANT },
  { pattern: 'appCatalogs/teamsApps/{teamsAppId}/installedToChats', documented: '/appCatalogs/teamsApps/{app-id}/installedToChats', models: ['B'], unit: 'message', evaluationQuota: '500 messages per month per app' },
  { pattern: 'appCatalogs/teamsApps/{teamsAppId}/installedToChats/getAllMessages', documented: '/appCatalogs/teamsApps/{app-id}/installedToChats/getAllMessages', models: ['B'], unit: 'message', evaluationQuota: EVAL_TENANT },
  { pattern: 'appCatalogs/teamsApps/{teamsAppId}/installedToChats/getAllMembers', documented: '/appCatalogs/teamsApps/{app-id}/installedToChats/getAllMembers', models: ['B'], unit: 'notification', evaluationQuota: EVAL_TENANT },
];

/** The licensing facts of a catalog path, or undefined when it has no payment model. */
export function licensingFor(pattern: Pick<PathPattern, 'pattern'> | string): LicensedPath | undefined {
  const p = typeof pattern === 'string' ? pattern : pattern.pattern;
  return LICENSED_PATHS.find((l) => l.pattern.toLowerCase() === p.toLowerCase());
}

/** What a model is for and what it needs (https://learn.microsoft.com/en-us/graph/teams-licenses#payment-models). */
export const MODEL_DESCRIPTIONS: Readonly<Record<PaymentModel | 'evaluation', { title: string; summary: string; requires: string }>> = {
  A: {
    title: 'model=A — security and compliance apps',
    summary: 'Restricted to applications performing a security or compliance function.',
    requires:
      'Each licensed user needs a licence with the Microsoft Communications DLP service plan (e.g. Microsoft 365 E5); seeded capacity 800 per licensed user per month per app, then $0.00075 each; an active Azure subscription for billing (Enable metered APIs).',
  },
  B: {
    title: 'model=B — all other apps',
    summary: 'Restricted to applications that do not perform a security or compliance function (backup, migration, analytics…).',
    requires: 'No licence requirement; no seeded capacity, $0.00075 per message or notification; an active Azure subscription for billing (Enable metered APIs).',
  },
  evaluation: {
    title: 'No model — evaluation mode',
    summary: 'The default when resource has no model= parameter: limited use for evaluation, no billing set up.',
    requires: `A quota of ${EVALUATION_QUOTA} per app per tenant per calendar month (reset on the 1st, unused amount not carried over). Past it, change notifications are no longer sent — silently: the subscription stays and nothing tells the receiver.`,
  },
};

/** The `model` value of a resource string (`chats/getAllMessages?model=A` → `A`), as written. */
export function modelOf(resource: string): string | undefined {
  const q = resource.split('?')[1];
  if (q === undefined) return undefined;
  for (const part of q.split('&')) {
    const [k, v] = part.split('=');
    if (k.trim().toLowerCase() === 'model') return (v ?? '').trim();
  }
  return undefined;
}

/** `resource` with `model=<model>` set (replacing an existing model, keeping other query parts). */
export function withModel(resource: string, model: PaymentModel): string {
  const [path, query] = splitOnce(resource, '?');
  if (query === undefined || query === '') return `${path}?model=${model}`;
  const parts = query.split('&').filter((p) => p.split('=')[0].trim().toLowerCase() !== 'model');
  return `${path}?${['model=' + model, ...parts].join('&')}`;
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

/** Markdown for hovers and quick picks: the models a path takes and what each needs. */
export function licensingMarkdown(l: LicensedPath, current: string | undefined): string {
  const lines: string[] = [];
  const state = current === undefined ? 'no `model=` → **evaluation mode**' : `\`model=${current}\`${l.models.includes(current as PaymentModel) ? '' : ' — **not accepted here** (Graph answers 402)'}`;
  lines.push(`**Teams licensing and payment model** · ${state}`);
  lines.push('');
  lines.push(`\`${l.documented}\` takes ${l.models.map((m) => `\`model=${m}\``).join(' or ')}.`);
  for (const m of l.models) {
    const d = MODEL_DESCRIPTIONS[m];
    lines.push(`- **${d.title}.** ${d.summary} ${d.requires}${m === 'A' && l.modelALicensee ? ` Who needs the licence: ${l.modelALicensee}.` : ''}`);
  }
  const e = MODEL_DESCRIPTIONS.evaluation;
  lines.push(`- **${e.title}.** ${e.summary} Quota: ${l.evaluationQuota}. Past it, change notifications stop without any error.`);
  lines.push('- The model cannot be changed by updating the subscription: create a new one with the new model.');
  lines.push(`- Since ${METERING_ENDED} Microsoft no longer meters these Teams APIs and no billing configuration is required; the pages are kept for the final billing cycle.`);
  lines.push('');
  lines.push(`[Payment models and licensing](${TEAMS_LICENSES_URL}) · [Metered APIs](${METERED_API_LIST_URL}) · [Enable metered APIs](${METERED_API_SETUP_URL})`);
  return lines.join('\n');
}
