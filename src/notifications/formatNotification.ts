/**
 * Lines of the "Graph Notifications" output: one line per notification item (trust, subscription,
 * change type or lifecycle event, resource, checks ✓/✗; the LogOutputChannel adds the time) and,
 * in "full" verbosity, the decoded or decrypted JSON beneath. Token values, clientState values and keys never appear:
 * only verdicts. Every string that came from the network is passed through `escapeControl`, so a
 * notification cannot print a line of its own (a forged "✓ … clientState ✓" line). No `vscode` import.
 */
import type { CheckVerdict, Trust } from './history';
import type { ProcessedItem, ProcessedNotification } from './processNotification';

export type Verbosity = 'summary' | 'full';

/** Output level of a line: the channel colours warnings and errors. */
export type LineLevel = 'info' | 'warn' | 'error';

const MARK: Record<CheckVerdict['status'], string> = { pass: '✓', fail: '✗', skip: '–' };

/** The item's trust as shown: verified ✓, unverified ? (yellow), untrusted ✗ (red). */
export const TRUST_MARK: Record<Trust, string> = { verified: '✓', unverified: '? UNVERIFIED', untrusted: '✗ UNTRUSTED' };
export const TRUST_LEVEL: Record<Trust, LineLevel> = { verified: 'info', unverified: 'warn', untrusted: 'error' };

/**
 * C0/C1 controls, DEL, line/paragraph separators and bidirectional overrides, which can start a
 * new line or reorder what the reader sees.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Shows control characters as escapes (`\n`, `\u202e`), so text from the network stays on its line. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatCheck(name: string, verdict: CheckVerdict): string {
  return verdict.status === 'pass' ? `${name} ✓` : `${name} ${MARK[verdict.status]}${verdict.reason ? ` (${escapeControl(verdict.reason)})` : ''}`;
}

const VIA: Record<NonNullable<ProcessedNotification['channel']>, string> = { eventHubs: '[Event Hubs] ', eventGrid: '[Event Grid] ' };

/** HH:MM:SS.mmm in local time, as the output channel stamps its lines. */
function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return escapeControl(iso);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export function formatItemLine(item: ProcessedItem, channel?: ProcessedNotification['channel']): string {
  const via = channel ? VIA[channel] : '';
  if (item.validationEvent) return `${via}validation event: Graph checked that it can send to this event hub (nothing to check; ignore it)`;
  const what = item.lifecycleEvent ? `lifecycle:${escapeControl(item.lifecycleEvent)}` : item.changeType ? escapeControl(item.changeType) : '(no changeType)';
  const checks = [
    formatCheck('clientState', item.checks.clientState),
    formatCheck('tokens', item.checks.validationTokens),
    formatCheck('decrypt', item.checks.decryption),
  ].join(' ');
  const resource = item.resource ? escapeControl(item.resource) : '';
  // Graph may deliver a notification more than once (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks):
  // the receiving app should process each id once.
  const duplicate = item.duplicateOf ? ` | DUPLICATE: same notification id as the one received at ${localTime(item.duplicateOf.receivedAt)}` : '';
  return `${via}${TRUST_MARK[item.trust]} ${what} sub ${escapeControl(item.subscriptionId)} ${resource} | ${checks}${duplicate}`.replace(/  +/g, ' ');
}

/** All lines for one processed POST, each with the level it is written at. */
export function formatNotificationLines(processed: ProcessedNotification, verbosity: Verbosity): { level: LineLevel; text: string }[] {
  const lines: { level: LineLevel; text: string }[] = [];
  for (const item of processed.items) {
    const level = TRUST_LEVEL[item.trust];
    const push = (text: string) => lines.push({ level, text });
    push(formatItemLine(item, processed.channel));
    if (verbosity !== 'full') continue;
    if (item.decryptionDetail) push(`    decryption: ${escapeControl(item.decryptionDetail)}`);
    const failedTokens = processed.tokens.filter((t) => !t.ok);
    for (const t of failedTokens) push(`    token #${t.index} ${escapeControl(t.masked)}: ${t.reason ?? 'invalid'} — ${escapeControl(t.detail ?? '')}`);
    if (item.content !== undefined) {
      push(`    ${item.contentSource === 'decrypted' ? 'decrypted content' : 'resourceData'}:`);
      for (const l of JSON.stringify(item.content, null, 2).split('\n')) push(`    ${escapeControl(l)}`);
    }
  }
  if (processed.items.length === 0) lines.push({ level: 'info', text: `(empty notification: "value" has no items)` });
  return lines;
}

/** All lines for one processed POST. */
export function formatNotification(processed: ProcessedNotification, verbosity: Verbosity): string[] {
  return formatNotificationLines(processed, verbosity).map((l) => l.text);
}
