/**
 * Graph notifications that arrive through Azure Event Grid or Azure Event Hubs rather than as a
 * webhook POST: unwrapping CloudEvents to Graph's `{ value: [...] }`, recognising the Event Hubs
 * validation event, and Event Grid's abuse-protection handshake. Pure (no `vscode`).
 * - CloudEvents from Event Grid: https://learn.microsoft.com/en-us/azure/event-grid/subscribe-to-graph-api-events
 * - Handshake: https://learn.microsoft.com/en-us/azure/event-grid/end-point-validation-cloud-events-schema
 * - Validation event: https://learn.microsoft.com/en-us/graph/change-notifications-delivery-event-hubs
 */
import type { ChangeNotification, ChangeNotificationCollection } from '../graph/types';
import { EVENT_GRID_REAUTHORIZATION_TYPE } from '../validation/deliveryChannel';

/** How a notification reached us. */
export type ArrivalChannel = 'webhook' | 'eventGrid' | 'eventHubs';

function isCloudEvent(v: unknown): v is { specversion: string; type?: unknown; data?: unknown } {
  return !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { specversion?: unknown }).specversion === 'string';
}

/**
 * A CloudEvent (object) or CloudEvents batch (array) → Graph's collection of the events' `data`;
 * undefined when `parsed` is not CloudEvents. An event whose data is not an object is kept as-is,
 * so the usual envelope check names it.
 */
export function unwrapCloudEvents(parsed: unknown): ChangeNotificationCollection | undefined {
  const events = Array.isArray(parsed) ? parsed : [parsed];
  if (events.length === 0 || !events.every(isCloudEvent)) return undefined;
  const value = events.map((e) => {
    const data = e.data;
    if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
    const item = { ...(data as Record<string, unknown>) };
    // The lifecycle event is named by the CloudEvents type; Graph's field may be absent from data.
    if (typeof e.type === 'string' && e.type.toLowerCase() === EVENT_GRID_REAUTHORIZATION_TYPE.toLowerCase() && item.lifecycleEvent === undefined) {
      item.lifecycleEvent = 'reauthorizationRequired';
    }
    return item;
  });
  return { value: value as ChangeNotification[] };
}

/**
 * Event Grid's `OPTIONS` abuse-protection request: the origin to allow, or undefined when the
 * request is not one.
 */
export function eventGridHandshakeOrigin(method: string | undefined, headers: Record<string, string | string[] | undefined>): string | undefined {
  if (method !== 'OPTIONS') return undefined;
  const origin = headers['webhook-request-origin'];
  const value = Array.isArray(origin) ? origin[0] : origin;
  return value && value.length <= 253 && /^[A-Za-z0-9.*:-]+$/.test(value) ? value : undefined;
}

/** The validation message Graph sends into Event Hubs when a subscription is created ("NA" fields). */
export function isEventHubsValidationEvent(item: Partial<ChangeNotification> & Record<string, unknown>): boolean {
  return item.subscriptionId === 'NA' && typeof item.changeType === 'string' && item.changeType.startsWith('Validation: Testing client application reachability');
}
