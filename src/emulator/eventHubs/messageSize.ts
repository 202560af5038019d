/**
 * The Event Hubs size limit on one publication, as the service enforces it: "Maximum size of Event
 * Hubs publication: 256 KB (Basic), 1 MB (Standard, Premium, Dedicated)"
 * (https://learn.microsoft.com/en-us/azure/event-hubs/event-hubs-quotas). A larger AMQP transfer
 * is refused with the AMQP 1.0 condition `amqp:link:message-size-exceeded`, which the Azure SDKs
 * surface as MessageTooLargeError / MessageSizeExceededException
 * (https://learn.microsoft.com/en-us/dotnet/api/microsoft.azure.eventhubs.messagesizeexceededexception).
 * The emulator hosts a Standard-tier namespace: 1 MB.
 */
import { EVENT_HUBS_MAX_MESSAGE_BYTES } from '../../validation/deliveryChannel';

/** The AMQP error condition of a transfer over the link's maximum message size. */
export const MESSAGE_SIZE_EXCEEDED = 'amqp:link:message-size-exceeded';

/** An event the namespace refused, with the AMQP condition and the service's description. */
export class EventHubsRefusal extends Error {
  constructor(readonly condition: string, description: string, readonly size: number) {
    super(description);
    this.name = 'EventHubsRefusal';
  }
}

/** The service's wording for a transfer over the limit. */
export function sizeExceededDescription(size: number, limit = EVENT_HUBS_MAX_MESSAGE_BYTES): string {
  return `The received message (size:${size} bytes) exceeds the limit (${limit} bytes) currently allowed on the link.`;
}

/** Throws the refusal Event Hubs answers for an event of `size` bytes over the limit. */
export function checkEventSize(size: number, limit = EVENT_HUBS_MAX_MESSAGE_BYTES): void {
  if (size > limit) throw new EventHubsRefusal(MESSAGE_SIZE_EXCEEDED, sizeExceededDescription(size, limit), size);
}

export function isSizeRefusal(error: unknown): error is EventHubsRefusal {
  return error instanceof EventHubsRefusal && error.condition === MESSAGE_SIZE_EXCEEDED;
}

/**
 * What the Sandbox's delivery log says when Event Hubs refused Graph's message: the limit, what
 * was lost, and how a subscription stays under it (fewer properties through $select in the
 * resource of a rich subscription, or basic notifications and a GET of the resource by its id —
 * https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data). Premium and
 * Dedicated namespaces have the same 1 MB limit, so a bigger tier is no fix.
 */
export function sizeRefusalMessage(refusal: EventHubsRefusal, notifications: number): string {
  const mb = (refusal.size / (1024 * 1024)).toFixed(2);
  return `Event Hubs refused a ${mb} MB message (${refusal.condition}: ${refusal.message}): an event is at most 1 MB `
    + `(256 KB on the Basic tier; Premium and Dedicated are 1 MB too, https://learn.microsoft.com/en-us/azure/event-hubs/event-hubs-quotas). `
    + `${notifications} notification(s) were not delivered. Fix: $select fewer properties in the subscription's resource, `
    + `or use basic notifications (includeResourceData false) and GET the resource by its id.`;
}
