/**
 * notificationUrl and lifecycleNotificationUrl: absolute https (http only to loopback in the Sandbox), reachable, or an Event Hubs / Event Grid channel.
 * One topic of the draft validator (src/validation/validateDraft.ts keeps the order of the checks).
 */
import { checkDeliveryChannel, isChannelUrl } from '../checkDeliveryChannel';
import type { FixData } from '../types';
import type { DraftCheck } from './context';

export function checkUrl(d: DraftCheck, name: 'notificationUrl' | 'lifecycleNotificationUrl'): void {
  const p = d.props.get(name);
  const url = d.str(name);
  if (p === undefined || url === undefined) return;
  const span = p.valueSpan;
  const label = name === 'notificationUrl' ? 'NotificationUrl' : 'LifecycleNotificationUrl';
  if (url.trim() === '') {
    if (name === 'notificationUrl') d.add('invalidUrl', 'error', 'notificationUrl is empty: set the https URL of your receiver.', span, name);
    return;
  }
  if (isChannelUrl(url)) {
    // Event Hubs / Event Grid forms: no handshake, so none of the webhook checks below apply.
    d.out.push(...checkDeliveryChannel(d.text, { name, value: url, valueSpan: span }));
    return;
  }
  const u = parseUrl(url);
  if (u === undefined) {
    d.add('invalidUrl', 'error', `Invalid notification url='${url}': ${name} must be an absolute https URL, e.g. https://example.com/api/notifications.`, span, name, undefined, { url });
    return;
  }
  const loopback = isLoopback(u.hostname);
  if (u.protocol === 'https:') {
    if (loopback && !d.ctx.allowLoopbackHttp) {
      d.add('unreachableUrl', 'warning', `${name} points at this machine (${u.hostname}); Microsoft Graph cannot reach it. Start the tunnel and use its public https URL.`, span, name);
    }
    return;
  }
  if (u.protocol === 'http:' && loopback && d.ctx.allowLoopbackHttp) return;
  const scheme = u.protocol.replace(':', '');
  const fixes: FixData[] = [];
  if (u.protocol === 'http:' && !loopback) {
    const f = d.setValueEdit(name, 'Use https', 'https:' + url.slice(url.indexOf(':') + 1));
    if (f) fixes.push(f);
  }
  const why = loopback
    ? ' Graph cannot reach this machine: start the tunnel and use its https URL (only the sandbox accepts http://localhost).'
    : ` ${name} must use https.`;
  d.add('insecureUrl', 'error', `${label} scheme='${scheme}' is not supported.${why}`, span, name, fixes, { scheme });
}

function parseUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]' || h === '::1';
}
