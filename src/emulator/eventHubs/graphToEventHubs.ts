/**
 * How Graph delivers into Azure Event Hubs, for the emulator
 * (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-event-hubs):
 * - no validation handshake; instead one validation event with "NA" fields and changeType
 *   "Validation: Testing client application reachability for subscription Request-Id: …" when a
 *   subscription is created;
 * - notifications as the same `{ "value": [...] }` JSON as webhooks, without `validationTokens`;
 * - each message at most 1 MB (https://learn.microsoft.com/en-us/azure/event-hubs/event-hubs-quotas),
 *   so batches are split to fit; a single notification over the limit is still sent alone, and the
 *   endpoint refuses it the way Event Hubs does (`amqp:link:message-size-exceeded`, messageSize.ts).
 * The hub is the RBAC form's event hub name, or the Key Vault form's secret name (the emulator has
 * no vault; it hosts a hub of that name).
 */
import { randomUUID } from 'node:crypto';
import type { ChangeNotification } from '../../graph/types';
import { EVENT_HUBS_MAX_MESSAGE_BYTES, parseDeliveryChannel } from '../../validation/deliveryChannel';
import type { EventHubsEndpoint } from './amqpServer';
import { isSizeRefusal, sizeRefusalMessage } from './messageSize';

/** The hub an `EventHub:` URL names, or undefined when the URL is malformed. */
export function hubOf(url: string): string | undefined {
  const c = parseDeliveryChannel(url).channel;
  if (c?.kind !== 'eventHub') return undefined;
  return c.form === 'rbac' ? c.eventHub : c.secret;
}

/** The validation message Graph sends when it creates a subscription that delivers to Event Hubs. */
export function validationMessage(requestId: string = randomUUID()): { value: Record<string, unknown>[] } {
  return {
    value: [{
      subscriptionId: 'NA',
      subscriptionExpirationDateTime: 'NA',
      clientState: 'NA',
      changeType: `Validation: Testing client application reachability for subscription Request-Id: ${requestId}`,
      resource: 'NA',
      resourceData: { '@odata.type': 'NA', '@odata.id': 'NA', id: 'NA' },
    }],
  };
}

/**
 * Splits notifications into `{ value }` bodies of at most `maxItems` items and `maxBytes` bytes each.
 * A single notification over the limit gets a body of its own (Event Hubs will refuse it); `tooLarge`
 * counts them.
 */
export function packMessages(items: readonly ChangeNotification[], maxItems: number, maxBytes = EVENT_HUBS_MAX_MESSAGE_BYTES): { bodies: Buffer[]; counts: number[]; tooLarge: number } {
  const bodies: Buffer[] = [];
  const counts: number[] = [];
  let tooLarge = 0;
  const overhead = Buffer.byteLength('{"value":[]}');
  let current: string[] = [];
  let size = overhead;
  const flush = (): void => {
    if (current.length === 0) return;
    bodies.push(Buffer.from(`{"value":[${current.join(',')}]}`, 'utf8'));
    counts.push(current.length);
    current = [];
    size = overhead;
  };
  for (const item of items) {
    const json = JSON.stringify(item);
    const bytes = Buffer.byteLength(json) + (current.length > 0 ? 1 : 0);
    if (overhead + Buffer.byteLength(json) > maxBytes) {
      tooLarge++;
      flush();
      current.push(json);
      flush();
      continue;
    }
    if (current.length >= maxItems || size + bytes > maxBytes) flush();
    size += Buffer.byteLength(json) + (current.length > 0 ? 1 : 0);
    current.push(json);
  }
  flush();
  return { bodies, counts, tooLarge };
}

export interface EventHubsSendResult {
  messages: number;
  delivered: number;
  dropped: number;
  error?: string;
}

/** Publishes Graph notifications into the emulator's Event Hubs endpoint. */
export class GraphToEventHubs {
  constructor(private readonly endpoint: EventHubsEndpoint, private readonly maxItems: number) {}

  /** The validation event, sent on create. Returns the hub, or an error message for a URL it cannot use. */
  validate(url: string, subscriptionId: string): { hub?: string; error?: string } {
    const hub = hubOf(url);
    if (!hub) return { error: `Invalid event hub notification url='${url}'.` };
    // Same partition key as the subscription's notifications: the validation event comes first.
    this.endpoint.publish(hub, Buffer.from(JSON.stringify(validationMessage()), 'utf8'), subscriptionId);
    return { hub };
  }

  send(url: string, subscriptionId: string, items: readonly ChangeNotification[]): EventHubsSendResult {
    const hub = hubOf(url);
    if (!hub) return { messages: 0, delivered: 0, dropped: items.length, error: `Invalid event hub notification url='${url}'.` };
    const { bodies, counts } = packMessages(items, Math.max(1, this.maxItems));
    let delivered = 0;
    let dropped = 0;
    const errors: string[] = [];
    bodies.forEach((body, i) => {
      try {
        this.endpoint.publish(hub, body, subscriptionId);
        delivered += counts[i];
      } catch (error) {
        // What Graph gets back from Event Hubs; these notifications are lost, as in Azure.
        if (!isSizeRefusal(error)) throw error;
        dropped += counts[i];
        errors.push(sizeRefusalMessage(error, counts[i]));
      }
    });
    return { messages: bodies.length, delivered, dropped, ...(errors.length > 0 ? { error: errors.join(' ') } : {}) };
  }
}
