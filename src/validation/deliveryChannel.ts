/**
 * Delivery channels of a Graph subscription, read from `notificationUrl` / `lifecycleNotificationUrl`:
 * a webhook (https URL), Azure Event Hubs (`EventHub:` forms) or Azure Event Grid (`EventGrid:` form).
 * Pure: no `vscode`, no I/O. Every problem carries the offset and length of the malformed part inside
 * the URL string, so the editor can underline exactly that part.
 *
 * Forms (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-event-hubs and
 * https://learn.microsoft.com/en-us/azure/event-grid/subscribe-to-graph-api-events):
 * - `EventHub:https://<namespace>.servicebus.windows.net/eventhubname/<hub>?tenantId=<domain>` (RBAC)
 * - `EventHub:https://<vault>.vault.azure.net/secrets/<secret>?tenantId=<domain>` (Key Vault)
 * - `EventGrid:?azuresubscriptionid=<id>&resourcegroup=<rg>&partnertopic=<name>&location=<region>`
 */

export type DeliveryChannelKind = 'webhook' | 'eventHub' | 'eventGrid';

export type DeliveryChannel =
  | { kind: 'webhook'; url: string }
  | { kind: 'eventHub'; form: 'rbac'; namespace: string; eventHub: string; tenantId: string }
  | { kind: 'eventHub'; form: 'keyVault'; vault: string; secret: string; tenantId: string }
  | { kind: 'eventGrid'; azureSubscriptionId: string; resourceGroup: string; partnerTopic: string; location: string };

/** Which part of an `EventHub:`/`EventGrid:` URL is malformed. */
export type ChannelPart =
  | 'syntax' | 'scheme' | 'hostSuffix' | 'eventhubnameSegment' | 'eventHubName' | 'secretsSegment' | 'secretName'
  | 'tenantId' | 'eventGridParameter' | 'eventGridUnknownParameter';

export interface ChannelProblem {
  part: ChannelPart;
  severity: 'error' | 'warning';
  /** Names the part and the fix. */
  message: string;
  /** Offset and length inside the URL string (not the document). */
  offset: number;
  length: number;
  /** A replacement for `[offset, offset+length)` that fixes the part, when one is certain. */
  replacement?: string;
  /** For `eventGridParameter`: the missing parameter's name. */
  parameter?: string;
}

export interface ParsedChannel {
  kind: DeliveryChannelKind;
  /** Set when the URL is well formed. */
  channel?: DeliveryChannel;
  problems: ChannelProblem[];
}

export const EVENT_HUB_PREFIX = 'EventHub:';
export const EVENT_GRID_PREFIX = 'EventGrid:';
/** Host suffix of an Event Hubs namespace (RBAC form). */
export const SERVICE_BUS_SUFFIX = '.servicebus.windows.net';
/** Host suffix of an Azure Key Vault (Key Vault form). */
export const KEY_VAULT_SUFFIX = '.vault.azure.net';
/** The Event Grid form's parameters, all required, in the documented order. */
export const EVENT_GRID_PARAMETERS = ['azuresubscriptionid', 'resourcegroup', 'partnertopic', 'location'] as const;
/** Global appId of the "Microsoft Graph Change Tracking" application that sends into Event Hubs. */
export const CHANGE_TRACKING_APP_ID = '0bf30f3b-4a52-48df-9a82-234910c4a086';
/** Largest Event Hubs message (Standard tier and up); Graph batches must fit in it. https://learn.microsoft.com/en-us/azure/event-hubs/event-hubs-quotas */
export const EVENT_HUBS_MAX_MESSAGE_BYTES = 1024 * 1024;
/** CloudEvents type of the Event Grid lifecycle event (https://learn.microsoft.com/en-us/azure/event-grid/subscribe-to-graph-api-events). */
export const EVENT_GRID_REAUTHORIZATION_TYPE = 'microsoft.graph.subscriptionReauthorizationRequired';

/** The channel kind from the URL's prefix alone (case-insensitive, as Graph accepts it). */
export function channelKind(url: string): DeliveryChannelKind {
  if (startsWithIgnoreCase(url, EVENT_HUB_PREFIX)) return 'eventHub';
  if (startsWithIgnoreCase(url, EVENT_GRID_PREFIX)) return 'eventGrid';
  return 'webhook';
}

/** Parses any notification URL; webhook URLs are returned as such without checks (the validator checks them). */
export function parseDeliveryChannel(url: string): ParsedChannel {
  const kind = channelKind(url);
  if (kind === 'eventHub') return parseEventHub(url);
  if (kind === 'eventGrid') return parseEventGrid(url);
  return { kind, channel: { kind: 'webhook', url }, problems: [] };
}

/** A short label for trees and logs, e.g. "Event Hubs · ns/hub", "Event Grid · topic", "Webhook". */
export function channelLabel(url: string): string {
  const parsed = parseDeliveryChannel(url);
  const c = parsed.channel;
  if (parsed.kind === 'webhook') return 'Webhook';
  if (c === undefined) return parsed.kind === 'eventHub' ? 'Event Hubs (malformed URL)' : 'Event Grid (malformed URL)';
  if (c.kind === 'eventHub') return c.form === 'rbac' ? `Event Hubs · ${c.namespace}/${c.eventHub}` : `Event Hubs · Key Vault ${c.vault}/${c.secret}`;
  if (c.kind === 'eventGrid') return `Event Grid · ${c.partnerTopic}`;
  return 'Webhook';
}

// ------------------------------------------------------------------ Event Hubs

function parseEventHub(url: string): ParsedChannel {
  const problems: ChannelProblem[] = [];
  const start = EVENT_HUB_PREFIX.length;
  const rest = url.slice(start);
  const schemeEnd = rest.indexOf('://');
  const out: ParsedChannel = { kind: 'eventHub', problems };
  const formHint = 'https://<namespace>.servicebus.windows.net/eventhubname/<hub>?tenantId=<domain> (or the Key Vault form https://<vault>.vault.azure.net/secrets/<secret>?tenantId=<domain>)';
  if (schemeEnd < 0) {
    problems.push({ part: 'syntax', severity: 'error', message: `EventHub: must be followed by ${formHint}.`, offset: start, length: rest.length });
    return out;
  }
  const scheme = rest.slice(0, schemeEnd);
  if (scheme.toLowerCase() !== 'https') {
    problems.push({ part: 'scheme', severity: 'error', message: `The EventHub: URL must use https, not '${scheme}'.`, offset: start, length: schemeEnd, replacement: 'https' });
  }
  const hostStart = start + schemeEnd + 3;
  let hostEnd = hostStart;
  while (hostEnd < url.length && url[hostEnd] !== '/' && url[hostEnd] !== '?' && url[hostEnd] !== '#') hostEnd++;
  const host = url.slice(hostStart, hostEnd);
  const q = url.indexOf('?', hostEnd);
  const pathEnd = q < 0 ? url.length : q;
  const path = url.slice(hostEnd, pathEnd);
  const lowerHost = host.toLowerCase();
  let form: 'rbac' | 'keyVault' | undefined;
  if (lowerHost.endsWith(SERVICE_BUS_SUFFIX) && lowerHost.length > SERVICE_BUS_SUFFIX.length) form = 'rbac';
  else if (lowerHost.endsWith(KEY_VAULT_SUFFIX) && lowerHost.length > KEY_VAULT_SUFFIX.length) form = 'keyVault';
  else {
    const label = host.split('.')[0] || '<namespace>';
    problems.push({
      part: 'hostSuffix', severity: 'error', offset: hostStart, length: host.length,
      message: host === ''
        ? `The EventHub: URL has no host: use <namespace>${SERVICE_BUS_SUFFIX} (RBAC) or <vault>${KEY_VAULT_SUFFIX} (Key Vault).`
        : `'${host}' is neither an Event Hubs namespace (<namespace>${SERVICE_BUS_SUFFIX}) nor a key vault (<vault>${KEY_VAULT_SUFFIX}); Graph answers "Invalid event hub notification url". Use ${label}${SERVICE_BUS_SUFFIX}.`,
      replacement: host === '' ? undefined : `${label}${SERVICE_BUS_SUFFIX}`,
    });
  }

  const segments = splitSegments(path, hostEnd);
  let name = '';
  if (form === 'rbac' || form === undefined && /servicebus/i.test(host)) {
    const first = segments[0];
    if (first === undefined || first.text.toLowerCase() !== 'eventhubname') {
      // The most common mistake: /<hub> instead of /eventhubname/<hub>.
      const span = path === '' ? { offset: hostEnd, length: 0 } : { offset: hostEnd, length: path.length };
      problems.push({
        part: 'eventhubnameSegment', severity: 'error', ...span,
        message: `The path must start with the literal segment /eventhubname/ followed by the event hub's name: /eventhubname/${first?.text || '<hub>'}.`,
        replacement: `/eventhubname/${segments.map((s) => s.text).join('/') || '<hub>'}`,
      });
    } else if (segments[1] === undefined || segments[1].text === '') {
      problems.push({ part: 'eventHubName', severity: 'error', offset: first.offset, length: first.text.length, message: 'The event hub\'s name is missing after /eventhubname/.' });
    } else {
      name = segments[1].text;
    }
  } else if (form === 'keyVault') {
    const first = segments[0];
    if (first === undefined || first.text.toLowerCase() !== 'secrets') {
      problems.push({
        part: 'secretsSegment', severity: 'error', offset: hostEnd, length: path.length,
        message: `A key vault URL must point at a secret: /secrets/<secret-name> (the secret holds the event hub's connection string).`,
        replacement: `/secrets/${segments.map((s) => s.text).join('/') || '<secret>'}`,
      });
    } else if (segments[1] === undefined || segments[1].text === '') {
      problems.push({ part: 'secretName', severity: 'error', offset: first.offset, length: first.text.length, message: 'The secret\'s name is missing after /secrets/.' });
    } else {
      name = segments[1].text;
    }
  }

  const tenant = findParam(url, q, 'tenantId');
  let tenantId = '';
  if (tenant === undefined) {
    const span = q < 0 ? { offset: url.length, length: 0 } : { offset: q, length: url.length - q };
    problems.push({
      part: 'tenantId', severity: 'error', ...span,
      message: 'The EventHub: URL needs ?tenantId=<domain> (your tenant\'s domain, e.g. contoso.onmicrosoft.com, or its id): Graph uses it to authenticate to your Azure resources.',
    });
  } else if (tenant.value === '') {
    problems.push({ part: 'tenantId', severity: 'error', offset: tenant.offset, length: tenant.length, message: 'tenantId is empty: set your tenant\'s domain (e.g. contoso.onmicrosoft.com) or id.' });
  } else {
    tenantId = tenant.value;
  }

  if (problems.length === 0 && form !== undefined) {
    const label = host.slice(0, host.length - (form === 'rbac' ? SERVICE_BUS_SUFFIX : KEY_VAULT_SUFFIX).length);
    out.channel = form === 'rbac'
      ? { kind: 'eventHub', form, namespace: label, eventHub: name, tenantId }
      : { kind: 'eventHub', form, vault: label, secret: name, tenantId };
  }
  return out;
}

// ------------------------------------------------------------------ Event Grid

function parseEventGrid(url: string): ParsedChannel {
  const problems: ChannelProblem[] = [];
  const start = EVENT_GRID_PREFIX.length;
  const out: ParsedChannel = { kind: 'eventGrid', problems };
  const q = url.indexOf('?');
  if (q !== start) {
    // Something between "EventGrid:" and "?" (or no query at all).
    const junkEnd = q < 0 ? url.length : q;
    if (junkEnd > start) {
      problems.push({ part: 'syntax', severity: 'error', offset: start, length: junkEnd - start, message: 'Nothing goes between EventGrid: and the query: the form is EventGrid:?azuresubscriptionid=<id>&resourcegroup=<rg>&partnertopic=<name>&location=<region>.', replacement: '' });
    }
  }
  const values = new Map<string, string>();
  const spanWhenMissing = q < 0 ? { offset: 0, length: start } : { offset: q, length: url.length - q };
  if (q >= 0) {
    let i = q + 1;
    while (i <= url.length) {
      let end = url.indexOf('&', i);
      if (end < 0) end = url.length;
      const pair = url.slice(i, end);
      if (pair !== '') {
        const eq = pair.indexOf('=');
        const key = (eq < 0 ? pair : pair.slice(0, eq));
        const value = eq < 0 ? '' : pair.slice(eq + 1);
        const lower = key.toLowerCase();
        if ((EVENT_GRID_PARAMETERS as readonly string[]).includes(lower)) {
          if (value === '') problems.push({ part: 'eventGridParameter', severity: 'error', offset: i, length: pair.length, parameter: lower, message: `${lower} is empty: set ${describeParameter(lower)}.` });
          else values.set(lower, decodeSafe(value));
        } else {
          const near = EVENT_GRID_PARAMETERS.find((p) => closeTo(lower, p));
          problems.push({
            part: 'eventGridUnknownParameter', severity: 'warning', offset: i, length: key.length,
            message: near ? `Unknown Event Grid parameter '${key}': did you mean ${near}?` : `Unknown Event Grid parameter '${key}'; the form takes ${EVENT_GRID_PARAMETERS.join(', ')}.`,
            ...(near ? { replacement: near } : {}),
          });
        }
      }
      i = end + 1;
    }
  }
  for (const p of EVENT_GRID_PARAMETERS) {
    if (values.has(p) || problems.some((x) => x.parameter === p)) continue;
    problems.push({ part: 'eventGridParameter', severity: 'error', ...spanWhenMissing, parameter: p, message: `The EventGrid: URL is missing ${p}=<${describeParameter(p)}>. Graph answers "Publishing validation failed" or creates no partner topic without it.` });
  }
  if (!problems.some((p) => p.severity === 'error')) {
    out.channel = {
      kind: 'eventGrid', azureSubscriptionId: values.get('azuresubscriptionid') ?? '', resourceGroup: values.get('resourcegroup') ?? '',
      partnerTopic: values.get('partnertopic') ?? '', location: values.get('location') ?? '',
    };
  }
  return out;
}

function describeParameter(p: string): string {
  switch (p) {
    case 'azuresubscriptionid': return 'the Azure subscription id (a GUID) that holds the partner topic';
    case 'resourcegroup': return 'the resource group where Graph creates the partner topic';
    case 'partnertopic': return 'the name of the partner topic Graph creates';
    default: return 'the Azure region of the partner topic, e.g. westeurope';
  }
}

// ------------------------------------------------------------------ helpers

function startsWithIgnoreCase(s: string, prefix: string): boolean {
  return s.length >= prefix.length && s.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase();
}

function splitSegments(path: string, base: number): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '/') { i++; continue; }
    let end = path.indexOf('/', i);
    if (end < 0) end = path.length;
    out.push({ text: path.slice(i, end), offset: base + i });
    i = end;
  }
  return out;
}

/** A query parameter (case-insensitive name): its decoded value and the span of the whole `name=value` pair. */
function findParam(url: string, q: number, name: string): { value: string; offset: number; length: number } | undefined {
  if (q < 0) return undefined;
  let i = q + 1;
  const lower = name.toLowerCase();
  while (i <= url.length) {
    let end = url.indexOf('&', i);
    if (end < 0) end = url.length;
    const pair = url.slice(i, end);
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key.toLowerCase() === lower) return { value: eq < 0 ? '' : decodeSafe(pair.slice(eq + 1)), offset: i, length: pair.length };
    i = end + 1;
  }
  return undefined;
}

function decodeSafe(s: string): string {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
}

/** Within two edits (typos like `resourcegrup`, `partnerTopics`). */
function closeTo(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] <= 2;
}
