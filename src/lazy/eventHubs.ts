/**
 * `@azure/event-hubs`, bundled apart (dist/lazy/eventHubs.js) and loaded through
 * `loadLazy('eventHubs')` when an Event Hubs source starts, so activation does not parse it.
 */
export { EventHubConsumerClient, earliestEventPosition, latestEventPosition } from '@azure/event-hubs';
export type { EventPosition, ReceivedEventData, PartitionContext, Subscription, SubscriptionEventHandlers } from '@azure/event-hubs';
