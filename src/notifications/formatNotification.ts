/**
 * Lines of the "Graph Notifications" output: one line per notification item (time, subscription,
 * change type or lifecycle event, resource, checks ✓/✗) and, in "full" verbosity, the decoded or
 * decrypted JSON beneath. Token values, clientState values and keys never appear: only verdicts.
 * No `vscode` import.
 */
import type { CheckVerdict } from './history';
import type { ProcessedItem, ProcessedNotification } from './processNotification';

export type Verbosity = 'summary' | 'full';

const MARK: Record<CheckVerdict['status'], string> = { pass: '✓', fail: '✗', skip: '–' };

export function formatCheck(name: string, verdict: CheckVerdict): string {
  return verdict.status === 'pass' ? `${name} ✓` : `${name} ${MARK[verdict.status]}${verdict.reason ? ` (${verdict.reason})` : ''}`;
}

function time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(11, 23);
}

const VIA: Record<NonNullable<ProcessedNotification['channel']>, string> = { eventHubs: '[Event Hubs] ', eventGrid: '[Event Grid] ' };

export function formatItemLine(receivedAt: string, item: ProcessedItem, channel?: ProcessedNotification['channel']): string {
  const via = channel ? VIA[channel] : '';
  if (item.validationEvent) return `${time(receivedAt)} ${via}validation event: Graph checked that it can send to this event hub (nothing to check; ignore it)`;
  const what = item.lifecycleEvent ? `lifecycle:${item.lifecycleEvent}` : (item.changeType ?? '(no changeType)');
  const checks = [
    formatCheck('clientState', item.checks.clientState),
    formatCheck('tokens', item.checks.validationTokens),
    formatCheck('decrypt', item.checks.decryption),
  ].join(' ');
  return `${time(receivedAt)} ${via}${item.trusted ? '✓' : '✗ UNTRUSTED'} ${what} sub ${item.subscriptionId} ${item.resource ?? ''} | ${checks}`.replace(/  +/g, ' ');
}

/** All lines for one processed POST. */
export function formatNotification(processed: ProcessedNotification, verbosity: Verbosity): string[] {
  const lines: string[] = [];
  for (const item of processed.items) {
    lines.push(formatItemLine(processed.receivedAt, item, processed.channel));
    if (verbosity !== 'full') continue;
    if (item.decryptionDetail) lines.push(`    decryption: ${item.decryptionDetail}`);
    const failedTokens = processed.tokens.filter((t) => !t.ok);
    for (const t of failedTokens) lines.push(`    token #${t.index} ${t.masked}: ${t.reason ?? 'invalid'} — ${t.detail ?? ''}`);
    if (item.content !== undefined) {
      lines.push(`    ${item.contentSource === 'decrypted' ? 'decrypted content' : 'resourceData'}:`);
      for (const l of JSON.stringify(item.content, null, 2).split('\n')) lines.push(`    ${l}`);
    }
  }
  if (processed.items.length === 0) lines.push(`${time(processed.receivedAt)} (empty notification: "value" has no items)`);
  return lines;
}
