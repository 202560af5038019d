/** The selected notification: verdicts, latency, decrypted content, the stored item and POST, Replay / Forward. */
import type { DetailMessage } from '../protocol';
import { formatLatency } from '../latency';
import { formatTime, h } from './dom';

const STATUS_TEXT: { [status: string]: string } = { pass: '✓', fail: '✗', skip: '–' };
const CHECK_NAMES: { [name: string]: string } = { clientState: 'clientState', validationTokens: 'Validation tokens', decryption: 'Decryption' };

export function renderDetail(host: HTMLElement, message: DetailMessage | undefined, actions: { replay(row: number): void; forward(row: number): void }): void {
  if (!message) {
    host.replaceChildren(h('p', { class: 'hint' }, 'Select a notification (click, or ↑/↓ and Enter in the list) to see its payload.'));
    return;
  }
  const d = message.detail;
  if (!d) {
    host.replaceChildren(h('p', { class: 'hint' }, 'This notification is no longer in the history (the file was rotated since).'));
    return;
  }
  const replay = h('button', { id: 'replay', disabled: !d.canReplay, title: 'Send it again, as Graph sent it, to graphSubscriptions.receiver.forwardUrl' }, 'Replay');
  const forward = h('button', { id: 'forward', class: 'secondary', disabled: !d.canReplay, title: 'Send it once to a URL you enter' }, 'Forward to…');
  replay.addEventListener('click', () => actions.replay(message.row));
  forward.addEventListener('click', () => actions.forward(message.row));
  const checks = d.checks
    ? h('ul', { class: 'checks' }, ...d.checks.map((c) => h('li', { class: `status-${c.status}` }, `${STATUS_TEXT[c.status] ?? c.status} ${CHECK_NAMES[c.name] ?? c.name}`, c.reason ? ` (${c.reason})` : '')))
    : h('p', { class: 'hint' }, d.kind === 'rejected' ? 'Refused before any check ran.' : 'Not checked yet.');
  const latency =
    d.latencyMs !== undefined
      ? h('p', {}, `Arrived ${formatLatency(d.latencyMs)} after the change${d.changedAt ? ` (the payload says it changed at ${formatTime(Date.parse(d.changedAt))})` : ''}${d.latencyMs < 0 ? ': the clocks disagree' : ''}.`)
      : h('p', { class: 'hint' }, 'Latency: the payload states no change time (basic notifications carry only ids).');
  const sections: HTMLElement[] = [
    h('h2', { id: 'detail-title', tabindex: -1 }, `${formatTime(Date.parse(d.receivedAt))} · ${d.kind} · item ${d.itemIndex + 1}`),
    h('div', { class: 'actions' }, replay, forward),
    checks,
    latency,
  ];
  if (d.decrypted) {
    sections.push(h('h3', {}, 'Decrypted content'));
    sections.push('error' in d.decrypted ? h('p', { class: 'error' }, d.decrypted.error) : h('pre', { tabindex: 0, 'aria-label': 'Decrypted content' }, d.decrypted.json));
    if (!('error' in d.decrypted) && !d.decrypted.signatureVerified) sections.push(h('p', { class: 'hint' }, 'No dataSignature: decrypted, but not verified.'));
  }
  sections.push(h('h3', {}, 'Notification item (as stored: clientState and tokens masked)'));
  sections.push(h('pre', { tabindex: 0, 'aria-label': 'Notification item' }, d.itemJson));
  sections.push(h('details', {}, h('summary', {}, `Whole POST to ${d.path}`), h('pre', { tabindex: 0, 'aria-label': 'Whole POST body' }, d.bodyJson)));
  host.replaceChildren(...sections);
}
