/**
 * The emulator's non-webhook delivery channels: `EventHub:` URLs deliver into the local Event
 * Hubs–compatible AMQP endpoint, `EventGrid:` URLs to the Event Grid webhook handler the user
 * configured. The emulator's subscription routes call `validate` instead of the webhook handshake
 * and `deliver` instead of POSTing.
 */
import type { ChangeNotification } from '../graph/types';
import { channelKind } from '../validation/deliveryChannel';
import type { DeliveryAttempt, DeliveryReport } from './delivery';
import { startEventHubsEndpoint, type EventHubsEndpoint } from './eventHubs/amqpServer';
import { GraphToEventHubs } from './eventHubs/graphToEventHubs';
import { GraphToEventGrid } from './eventGrid/graphToEventGrid';
import type { Logger } from '../util/logger';

export interface ChannelOptions {
  /** Start the Event Hubs endpoint (port 0 = free port). */
  eventHubs?: { port?: number; partitionCount?: number };
  /** The Event Grid event subscription's webhook handler (e.g. the receiver's URL). */
  eventGridEndpoint?: string;
  /** CloudEvents per Event Grid POST; 1 (default) = single events, more = cloudevents-batch. */
  eventGridBatchSize?: number;
  maxBatchSize?: number;
  now: () => Date;
  log: Logger;
}

export interface ChannelDelivery {
  /** The local Event Hubs endpoint, when started. */
  readonly eventHubs: EventHubsEndpoint | undefined;
  eventGridEndpoint: string | undefined;
  /** On create: Event Hubs gets its validation event; returns an error message for Graph's 400. */
  validate(subscriptionId: string, url: string): Promise<string | undefined>;
  deliver(
    kind: 'change' | 'lifecycle', subscription: { id: string; applicationId?: string | null }, tenantId: string, url: string, items: ChangeNotification[],
  ): Promise<DeliveryReport>;
  close(): Promise<void>;
}

export async function startChannels(options: ChannelOptions, record: (a: DeliveryAttempt) => void): Promise<ChannelDelivery> {
  const eventHubs = options.eventHubs ? await startEventHubsEndpoint({ ...options.eventHubs, now: options.now, log: options.log }) : undefined;
  const toHubs = eventHubs ? new GraphToEventHubs(eventHubs, options.maxBatchSize ?? 100) : undefined;
  // One instance: the abuse-protection handshake runs once per handler URL.
  const toGrid = new GraphToEventGrid(() => channels.eventGridEndpoint, { batchSize: options.eventGridBatchSize ?? 1, timeoutMs: 10_000, now: options.now });
  const validated = new Set<string>();
  const channels: ChannelDelivery = {
    eventHubs,
    eventGridEndpoint: options.eventGridEndpoint,
    async validate(subscriptionId, url) {
      if (channelKind(url) !== 'eventHub' || !toHubs) return undefined;
      // notificationUrl and lifecycleNotificationUrl on the same hub: one validation event.
      const key = `${subscriptionId}\n${url.toLowerCase()}`;
      if (validated.has(key)) return undefined;
      validated.add(key);
      const r = toHubs.validate(url, subscriptionId);
      record({
        time: options.now().toISOString(), kind: 'validation', url: maskChannelUrl(url), subscriptionIds: [subscriptionId], notifications: 0, attempt: 1, durationMs: 0,
        ok: r.error === undefined, ...(r.error ? { error: r.error } : {}),
      });
      return r.error;
    },
    async deliver(kind, subscription, tenantId, url, items) {
      const report: DeliveryReport = { subscriptionId: subscription.id, kind, url: maskChannelUrl(url), notifications: items.length, posts: 0, delivered: 0, dropped: 0, attempts: [] };
      const started = Date.now();
      let result: { posts: number; delivered: number; dropped: number; error?: string };
      const channel = channelKind(url);
      if (channel === 'eventHub' && toHubs) {
        const r = toHubs.send(url, subscription.id, items);
        result = { posts: r.messages, delivered: r.delivered, dropped: r.dropped, error: r.error };
      } else if (channel === 'eventGrid') {
        result = await toGrid.send(tenantId, subscription.applicationId ?? '', items);
      } else {
        result = { posts: 0, delivered: 0, dropped: items.length, error: 'The Event Hubs endpoint is not running in this emulator.' };
      }
      Object.assign(report, { posts: result.posts, delivered: result.delivered, dropped: result.dropped });
      const attempt: DeliveryAttempt = {
        time: options.now().toISOString(), kind, url: report.url, subscriptionIds: [subscription.id], notifications: items.length, attempt: 1,
        durationMs: Date.now() - started, ok: result.dropped === 0, ...(result.error ? { error: result.error } : {}),
      };
      report.attempts.push(attempt);
      record(attempt);
      if (result.error) options.log.warn(`subscription ${subscription.id}: ${result.error}`);
      return report;
    },
    async close() {
      await eventHubs?.close();
    },
  };
  return channels;
}

/** EventHub:/EventGrid: URLs carry no secrets; only the tenant is shortened for logs. */
function maskChannelUrl(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}
