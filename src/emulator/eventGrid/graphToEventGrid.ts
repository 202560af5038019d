/**
 * How Graph events reach an Event Grid webhook handler, for the emulator: Graph publishes to a
 * partner topic, and Event Grid pushes CloudEvents 1.0 to the event subscription's webhook
 * (https://learn.microsoft.com/en-us/azure/event-grid/subscribe-to-graph-api-events,
 * https://learn.microsoft.com/en-us/azure/event-grid/azure-active-directory-events):
 * - before the first delivery, the CloudEvents abuse-protection handshake: `OPTIONS` with
 *   `WebHook-Request-Origin: eventgrid.azure.net`; the handler must answer 200 with
 *   `WebHook-Allowed-Origin` set to that origin or `*`
 *   (https://learn.microsoft.com/en-us/azure/event-grid/end-point-validation-cloud-events-schema);
 * - events as `application/cloudevents+json` (one per request, Event Grid's default) or, with
 *   batching, `application/cloudevents-batch+json` arrays;
 * - type `Microsoft.Graph.<Resource><ChangeType>` (e.g. `Microsoft.Graph.UserUpdated`), source
 *   `/tenants/<tenant>/applications/<app>`, subject = the resource, data = Graph's notification;
 *   lifecycle events as `microsoft.graph.subscriptionReauthorizationRequired`.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { randomUUID } from 'node:crypto';
import type { ChangeNotification } from '../../graph/types';
import { EVENT_GRID_REAUTHORIZATION_TYPE } from '../../validation/deliveryChannel';

export const EVENT_GRID_ORIGIN = 'eventgrid.azure.net';

export interface CloudEvent {
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  specversion: '1.0';
  data: ChangeNotification;
}

function upperFirst(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** The CloudEvents `type` Event Grid gives a Graph notification. */
export function cloudEventType(item: ChangeNotification): string {
  if (item.lifecycleEvent === 'reauthorizationRequired') return EVENT_GRID_REAUTHORIZATION_TYPE;
  // [UNDOCUMENTED] for Event Grid: the other lifecycle events, named like the documented one.
  if (item.lifecycleEvent) return `microsoft.graph.${item.lifecycleEvent === 'missed' ? 'missed' : item.lifecycleEvent}`;
  const odataType = String((item.resourceData as Record<string, unknown> | undefined)?.['@odata.type'] ?? '');
  const resource = odataType.replace(/^#?microsoft\.graph\./i, '') || (item.resource ?? '').split('/')[0].replace(/s$/, '') || 'Resource';
  return `Microsoft.Graph.${upperFirst(resource)}${upperFirst(String(item.changeType ?? 'updated').toLowerCase())}`;
}

export function toCloudEvent(item: ChangeNotification, tenantId: string, appId: string, now: Date): CloudEvent {
  return {
    id: item.id ?? randomUUID(),
    type: cloudEventType(item),
    source: `/tenants/${tenantId}/applications/${appId}`,
    subject: item.resource ?? `subscriptions/${item.subscriptionId}`,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    specversion: '1.0',
    data: item,
  };
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  error?: string;
}

/** One request with a body and headers; never throws (errors become status 0). */
export function request(method: 'OPTIONS' | 'POST', url: string, headers: Record<string, string>, body: Buffer | undefined, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (a: HttpAnswer): void => {
      if (!done) {
        done = true;
        resolve(a);
      }
    };
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      finish({ status: 0, headers: {}, error: `invalid URL ${url}` });
      return;
    }
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(u, { method, headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}), 'User-Agent': 'graph-subscriptions-emulator (Event Grid)' }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => finish({ status: res.statusCode ?? 0, headers: res.headers }));
      res.on('error', (e) => finish({ status: res.statusCode ?? 0, headers: res.headers, error: e.message }));
    });
    req.on('timeout', () => {
      req.destroy();
      finish({ status: 0, headers: {}, error: `no answer within ${timeoutMs} ms` });
    });
    req.on('error', (e) => finish({ status: 0, headers: {}, error: e.message }));
    req.end(body);
  });
}

/** Runs the abuse-protection handshake; undefined when the handler allowed Event Grid. */
export async function eventGridHandshake(endpoint: string, timeoutMs: number): Promise<string | undefined> {
  const a = await request('OPTIONS', endpoint, { 'WebHook-Request-Origin': EVENT_GRID_ORIGIN, 'WebHook-Request-Rate': '120' }, undefined, timeoutMs);
  if (a.error) return `Event Grid could not validate ${endpoint}: ${a.error}`;
  if (a.status !== 200) return `Event Grid webhook validation failed: OPTIONS ${endpoint} answered ${a.status}, not 200.`;
  const allowed = String(a.headers['webhook-allowed-origin'] ?? '');
  if (allowed !== '*' && allowed.toLowerCase() !== EVENT_GRID_ORIGIN) {
    return `Event Grid webhook validation failed: the answer must carry WebHook-Allowed-Origin: ${EVENT_GRID_ORIGIN} (or *), got '${allowed}'.`;
  }
  return undefined;
}

export interface EventGridSendResult {
  posts: number;
  delivered: number;
  dropped: number;
  error?: string;
}

/** Delivers Graph notifications as CloudEvents to one configured webhook handler. */
export class GraphToEventGrid {
  private validated = new Set<string>();

  constructor(
    private readonly endpoint: () => string | undefined,
    private readonly options: { batchSize: number; timeoutMs: number; now: () => Date },
  ) {}

  async send(tenantId: string, appId: string, items: readonly ChangeNotification[]): Promise<EventGridSendResult> {
    const url = this.endpoint();
    if (!url) return { posts: 0, delivered: 0, dropped: items.length, error: 'No Event Grid handler is configured: events stay in the partner topic.' };
    if (!this.validated.has(url)) {
      const problem = await eventGridHandshake(url, this.options.timeoutMs);
      if (problem) return { posts: 0, delivered: 0, dropped: items.length, error: problem };
      this.validated.add(url);
    }
    const events = items.map((i) => toCloudEvent(i, tenantId, appId, this.options.now()));
    const size = Math.max(1, this.options.batchSize);
    const result: EventGridSendResult = { posts: 0, delivered: 0, dropped: 0 };
    for (let i = 0; i < events.length; i += size) {
      const chunk = events.slice(i, i + size);
      const single = size === 1;
      const body = Buffer.from(JSON.stringify(single ? chunk[0] : chunk), 'utf8');
      const type = single ? 'application/cloudevents+json; charset=utf-8' : 'application/cloudevents-batch+json; charset=utf-8';
      const a = await request('POST', url, { 'Content-Type': type, 'aeg-delivery-count': '0' }, body, this.options.timeoutMs);
      result.posts++;
      if (a.status >= 200 && a.status < 300) result.delivered += chunk.length;
      else {
        result.dropped += chunk.length;
        result.error = a.error ?? `the handler answered ${a.status}`;
      }
    }
    return result;
  }
}
