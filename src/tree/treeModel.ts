/**
 * What the subscriptions tree shows, as plain data: labels, countdowns, states, tooltips and
 * `contextValue`s. No `vscode` import, so the benchmark and unit tests build it in Node; the
 * provider (subscriptionTreeProvider.ts) only turns these nodes into `vscode.TreeItem`s.
 */
import { subscriptionBadges, subscriptionLicensingNote } from './licensingText';
import { channelKind, channelLabel } from '../validation/deliveryChannel';
import { deltaQueryFor } from '../catalog/deltaQueries';
import { TreeItemContext } from '../constants';
import type { Subscription } from '../graph/types';
import { CommandId } from '../constants';
import { STATE_LOOK, type WatchState, type WatchVerdict } from '../watchdog/watchState';

export type SubscriptionState = 'healthy' | 'expiringSoon' | 'expired';
export type AccountFlavour = 'sandbox' | 'vscode' | 'msal';

export interface AccountNodeData {
  readonly type: 'account';
  readonly id: string;
  readonly accountId: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip: string;
  readonly contextValue: string;
  readonly icon: string;
}

export interface SubscriptionNodeData {
  readonly type: 'subscription';
  readonly id: string;
  readonly accountId: string;
  readonly subscriptionId: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly contextValue: string;
  readonly state: SubscriptionState;
  readonly icon: string;
  readonly color: string;
  /** The watchdog's state ('ok' when it found nothing, or before its first look). */
  readonly watch: WatchState;
  /** Commands the tooltip's links may run (a MarkdownString runs only those it is told to trust). */
  readonly tooltipCommands?: readonly string[];
}

export interface MessageNodeData {
  readonly type: 'message';
  readonly id: string;
  readonly accountId: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly contextValue: string;
  readonly icon: string;
  readonly color?: string;
  /** The subscription a row stands for (a removed one's row), for its context menu. */
  readonly subscriptionId?: string;
  /** Command run on click. */
  readonly command?: { command: string; title: string; args?: unknown[] };
}

export type TreeNodeData = AccountNodeData | SubscriptionNodeData | MessageNodeData;

export function subscriptionState(expirationDateTime: string, now: Date, expiringSoonMinutes: number): SubscriptionState {
  const ms = Date.parse(expirationDateTime) - now.getTime();
  if (!Number.isFinite(ms) || ms <= 0) return 'expired';
  return ms <= expiringSoonMinutes * 60_000 ? 'expiringSoon' : 'healthy';
}

/** "in 2 d 3 h", "in 45 min", "in 30 s", "expired 5 min ago". */
export function relativeCountdown(expirationDateTime: string, now: Date): string {
  const ms = Date.parse(expirationDateTime) - now.getTime();
  if (!Number.isFinite(ms)) return 'no expiry';
  const abs = Math.abs(ms);
  const minutes = Math.floor(abs / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  let text: string;
  if (days > 0) text = hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  else if (hours > 0) text = mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
  else if (minutes > 0) text = `${minutes} min`;
  else text = `${Math.max(0, Math.floor(abs / 1000))} s`;
  return ms > 0 ? `in ${text}` : `expired ${text} ago`;
}

const STATE_ICONS: Record<SubscriptionState, { icon: string; color: string; text: string }> = {
  healthy: { icon: 'pass', color: 'testing.iconPassed', text: 'Healthy' },
  expiringSoon: { icon: 'warning', color: 'list.warningForeground', text: 'Expiring soon' },
  expired: { icon: 'error', color: 'list.errorForeground', text: 'Expired' },
};

export function accountContextValue(flavour: AccountFlavour): string {
  return `${TreeItemContext.account}:${flavour}`;
}

/** Watch states that have menu entries of their own (Re-point, Mark as Handled) get a facet. */
const WATCH_FACETS: readonly WatchState[] = ['notServed', 'lifecycle'];

/** `:delta` marks a resource with a delta query (the Resync action). */
export function subscriptionContextValue(state: SubscriptionState, isSandbox: boolean, watch: WatchState = 'ok', hasDelta = false): string {
  return `${TreeItemContext.subscription}:${state}${isSandbox ? ':sandbox' : ''}${hasDelta ? ':delta' : ''}${WATCH_FACETS.includes(watch) ? `:watch-${watch}` : ''}`;
}

/** A `command:` link for a tooltip (arguments as the URI's JSON query). */
function commandLink(title: string, command: string, args?: readonly unknown[]): string {
  const query = args && args.length > 0 ? `?${encodeURIComponent(JSON.stringify(args))}` : '';
  return `[${md(title)}](command:${command}${query})`;
}

/** The watchdog's part of the tooltip: each problem with its next step as a link, then the activity. */
export function watchTooltip(verdict: WatchVerdict, target: { accountId: string; subscriptionId: string }): { text: string; commands: string[] } {
  const commands: string[] = [CommandId.setExpectedActivity];
  const lines = [`**Watchdog: ${STATE_LOOK[verdict.state].label}**`, ''];
  for (const p of verdict.problems) {
    commands.push(p.nextStep.command);
    lines.push(`$(${STATE_LOOK[p.kind].icon}) ${mdText(p.detail)} ${commandLink(p.nextStep.title, p.nextStep.command, p.nextStep.args)}`, '');
  }
  lines.push(`${mdText(verdict.activityLine)} — ${commandLink('Set Expected Activity…', CommandId.setExpectedActivity, [target])}`, '', '---', '');
  return { text: lines.join('\n'), commands: [...new Set(commands)] };
}

export function subscriptionNodeId(accountId: string, subscriptionId: string): string {
  return `${accountId}/${subscriptionId}`;
}

/** Markdown-escapes a sentence in full (md() shortens table values). */
function mdText(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');
}

/** Markdown-escapes a value for the tooltip table. */
function md(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const shown = text.length > 120 ? `${text.slice(0, 117)}…` : text;
  return shown.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');
}

const TOOLTIP_FIELDS: readonly (keyof Subscription)[] = [
  'id', 'resource', 'changeType', 'expirationDateTime', 'notificationUrl', 'lifecycleNotificationUrl', 'clientState',
  'includeResourceData', 'encryptionCertificateId', 'encryptionCertificate', 'latestSupportedTlsVersion',
  'notificationQueryOptions', 'notificationUrlAppId', 'applicationId', 'creatorId', 'notificationContentType',
];

/** 'Event Hubs' / 'Event Grid' for those channels, undefined for webhooks. */
export function channelShortLabel(notificationUrl: string | undefined): string | undefined {
  const kind = channelKind(notificationUrl ?? '');
  return kind === 'eventHub' ? 'Event Hubs' : kind === 'eventGrid' ? 'Event Grid' : undefined;
}

/**
 * `watch`: the watchdog's section, right under the title (what needs doing comes before the
 * property table, which a hover may have to scroll to).
 */
export function subscriptionTooltip(sub: Subscription, state: SubscriptionState, now: Date, watch?: { label: string; section: string }): string {
  const rows = TOOLTIP_FIELDS.map((k) => {
    // clientState is a shared secret: show only whether it is set.
    const value = k === 'clientState' ? (sub.clientState ? '(set)' : null) : sub[k];
    return `| ${k} | ${md(value)} |`;
  });
  const extra = Object.keys(sub).filter((k) => !TOOLTIP_FIELDS.includes(k as keyof Subscription) && !k.startsWith('@odata'));
  for (const k of extra) rows.push(`| ${k} | ${md((sub as unknown as Record<string, unknown>)[k])} |`);
  return [
    `**${md(sub.resource)}** — ${watch?.label ?? STATE_ICONS[state].text}, expires ${relativeCountdown(sub.expirationDateTime, now)}`,
    '',
    ...(watch ? [watch.section, ''] : []),
    `Delivery: ${md(channelLabel(sub.notificationUrl ?? ''))}`,
    '',
    '| Property | Value |',
    '|---|---|',
    ...rows,
  ].join('\n');
}

export function buildSubscriptionNode(
  accountId: string,
  isSandbox: boolean,
  sub: Subscription,
  now: Date,
  expiringSoonMinutes: number,
  /** Endpoint throttling the Sandbox applies to this subscription's notification URL. */
  throttle?: 'slow' | 'drop' | 'normal',
  /** The watchdog's verdict: its most urgent problem leads the icon and the description. */
  watch?: WatchVerdict,
  /** `Prefer` preferences it was created with (remembered by the extension; Graph does not return them). */
  preferences?: readonly string[],
): SubscriptionNodeData {
  const state = subscriptionState(sub.expirationDateTime, now, expiringSoonMinutes);
  // The watchdog names throttling itself (with its next step) when it looked.
  const throttled = watch ? undefined : throttle === 'slow' ? 'throttled: delayed' : throttle === 'drop' ? 'throttled: dropping' : undefined;
  const throttleNote =
    throttle === 'slow'
      ? '\n\n**Throttled: delayed** — more than 10% of the endpoint\'s responses took over 3 s in the last 10 minutes; new notifications arrive 10 minutes late.'
      : throttle === 'drop'
        ? '\n\n**Throttled: dropping** — more than 15% of the endpoint\'s responses took over 10 s in the last 10 minutes; notifications are dropped for 10 minutes (Outlook subscriptions get a missed lifecycle event).'
        : '';
  const watchState = watch?.state ?? 'ok';
  // Expiry already has its icon (warning / error): the watchdog's look is for what the row did not show.
  const look = watchState === 'ok' || watchState === 'expiring' ? STATE_ICONS[state] : { ...STATE_ICONS[state], ...STATE_LOOK[watchState] };
  const problem = watch?.problems[0]?.short;
  const watchPart = watch ? watchTooltip(watch, { accountId, subscriptionId: sub.id }) : undefined;
  return {
    type: 'subscription',
    id: subscriptionNodeId(accountId, sub.id),
    accountId,
    subscriptionId: sub.id,
    label: resourcePath(sub.resource),
    // The countdown comes early and the query options ($select, $filter…) last: a narrow side bar
    // cuts the end of the row. The tooltip has the whole resource.
    // Event Hubs / Event Grid subscriptions name their channel; webhooks (the usual case) do not.
    // A watchdog problem leads: it is what the user must act on, and a narrow side bar keeps it.
    description: [problem, relativeCountdown(sub.expirationDateTime, now), throttled, channelShortLabel(sub.notificationUrl), sub.changeType, resourceQuery(sub.resource), ...subscriptionBadges(sub.resource, preferences)].filter(Boolean).join(' · '),
    // The title names the watchdog's state when it found something ("Silent", not "Healthy").
    tooltip: subscriptionTooltip(sub, state, now, watchPart && { label: watchState === 'ok' || watchState === 'expiring' ? STATE_ICONS[state].text : STATE_LOOK[watchState].label, section: watchPart.text }) + (watch ? '' : throttleNote) + subscriptionLicensingNote(sub.resource, preferences),
    contextValue: subscriptionContextValue(state, isSandbox, watchState, deltaQueryFor(sub.resource).ok),
    state,
    icon: look.icon,
    color: look.color,
    watch: watchState,
    ...(watchPart ? { tooltipCommands: watchPart.commands } : {}),
  };
}

/** The resource without its query options: `me/messages?$select=a` → `me/messages`. */
export function resourcePath(resource: string): string {
  const q = resource.indexOf('?');
  return q < 0 ? resource : resource.slice(0, q);
}

/** The query options of a resource with their `?`, or '' when there are none. */
export function resourceQuery(resource: string): string {
  const q = resource.indexOf('?');
  return q < 0 ? '' : resource.slice(q);
}

/** Subscriptions sorted soonest-expiring first, as nodes. */
export function buildSubscriptionNodes(
  accountId: string,
  isSandbox: boolean,
  subs: readonly Subscription[],
  now: Date,
  expiringSoonMinutes: number,
  throttleOf?: (subscriptionId: string) => 'slow' | 'drop' | 'normal',
  watchOf?: (subscriptionId: string) => WatchVerdict | undefined,
  preferencesOf?: (subscriptionId: string) => readonly string[] | undefined,
): SubscriptionNodeData[] {
  const nodes = subs.map((s) => buildSubscriptionNode(accountId, isSandbox, s, now, expiringSoonMinutes, throttleOf?.(s.id), watchOf?.(s.id), preferencesOf?.(s.id)));
  const expiry = new Map(subs.map((s) => [s.id, Date.parse(s.expirationDateTime)]));
  return nodes.sort((a, b) => (expiry.get(a.subscriptionId) ?? 0) - (expiry.get(b.subscriptionId) ?? 0));
}

export function messageNode(accountId: string, key: string, label: string, extra: Partial<Omit<MessageNodeData, 'type' | 'id' | 'accountId' | 'label'>> = {}): MessageNodeData {
  return {
    type: 'message',
    id: `${accountId}/#${key}`,
    accountId,
    label,
    contextValue: extra.contextValue ?? TreeItemContext.message,
    icon: extra.icon ?? 'info',
    ...extra,
  };
}

// Renewal limits and recreate bodies moved to src/subscriptions/renewalLimits.ts (one owner of the
// rules); re-exported for the tree's callers.
export { maxRenewalExpiration, MAX_RENEW_SAFETY_MS, recreateDraft, UNKNOWN_RESOURCE_MAX_MINUTES } from '../subscriptions/renewalLimits';
