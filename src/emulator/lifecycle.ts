/**
 * Which lifecycle events Graph sends for a subscription's resource
 * (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events#supported-resources):
 * `reauthorizationRequired` for every resource, `subscriptionRemoved` for Outlook message, event,
 * contact and Teams chatMessage, `missed` for the Outlook items only. The catalog holds the list per
 * resource; the CLI, the emulator and the extension's Simulate Lifecycle Event command all ask
 * here, so none of them offers what Graph would never send. Pure: no `vscode`, no I/O.
 */
import { matchResource } from '../catalog/index';
import type { LifecycleEvent } from '../graph/types';

export const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];

/** The events Graph sends for `resource`; an unknown resource gets only reauthorizationRequired. */
export function lifecycleEventsFor(resource: string): readonly LifecycleEvent[] {
  const match = matchResource(resource);
  return match.ok ? match.entry.lifecycleEvents : ['reauthorizationRequired'];
}

/** Why `event` cannot be sent for `resource` (a sentence for the user), or undefined when Graph sends it. */
export function lifecycleEventRefusal(resource: string, event: string): string | undefined {
  if (!(LIFECYCLE_EVENTS as readonly string[]).includes(event)) {
    return `Unknown lifecycle event '${event}'. Graph sends ${LIFECYCLE_EVENTS.join(', ')}.`;
  }
  const allowed = lifecycleEventsFor(resource);
  if (allowed.includes(event as LifecycleEvent)) return undefined;
  const match = matchResource(resource);
  const what = match.ok ? `${match.entry.displayName} subscriptions (${resource})` : `subscriptions on '${resource}'`;
  return `Graph does not send '${event}' for ${what}; it sends only ${allowed.join(', ')}. ` +
    "'missed' is sent for Outlook messages, events and contacts, 'subscriptionRemoved' for those and Teams chat messages.";
}
