/**
 * `Prefer` headers on POST /subscriptions in the Sandbox: which preferences Graph honours for the
 * subscription (src/catalog/preferHeaders.ts), and the extra notification kinds they unlock. Graph
 * ignores a preference that does not apply (RFC 7240), so the emulator does too. Pure Node.
 */
import { matchResource, preferenceApplies, preferenceOf, splitPrefer, type PreferenceId } from '../catalog/index';
import type { AccountKind } from '../catalog/types';

/** The applicable preferences of a create request's `Prefer` header(s). */
export function requestPreferences(header: string | string[] | undefined, resource: string, accountKind: AccountKind): PreferenceId[] {
  if (header === undefined) return [];
  const m = matchResource(resource);
  if (!m.ok) return [];
  const out = new Set<PreferenceId>();
  for (const value of Array.isArray(header) ? header : [header]) {
    for (const token of splitPrefer(value)) {
      const pref = preferenceOf(token);
      if (pref && preferenceApplies(pref, m.entry, m.pattern, accountKind).applies) out.add(pref.id);
    }
  }
  return [...out];
}

/** Notification kinds beyond a plain change that a subscription may be sent. */
export type ExtraEvent = 'permissionChange' | 'systemEventMessage';

/**
 * Why the Sandbox refuses to send `event` to a subscription, or undefined when it can.
 * - permissionChange: only driveItem subscriptions created with `Prefer: includesecuritywebhooks`
 *   get notifications when permissions change (https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions#driveitem).
 * - systemEventMessage: any chatMessage subscription gets the message; its `messageType` is
 *   `systemEventMessage` only with `Prefer: include-unknown-enum-members`, else the evolvable
 *   enum's `unknownFutureValue` (https://learn.microsoft.com/en-us/graph/best-practices-concept#handling-future-members-in-evolvable-enumerations).
 */
export function extraEventRefusal(event: ExtraEvent, resource: string, preferences: readonly PreferenceId[]): string | undefined {
  const m = matchResource(resource);
  if (event === 'permissionChange') {
    if (!m.ok || m.entry.id !== 'driveItem') return `Permission-change notifications are for driveItem subscriptions only, not ${resource}.`;
    if (!preferences.includes('securityWebhooks')) {
      return 'Graph sends permission-change notifications only to driveItem subscriptions created with the header Prefer: includesecuritywebhooks; this one was created without it. Recreate it with the header.';
    }
    return undefined;
  }
  if (!m.ok || m.entry.id !== 'chatMessage') return `System event messages are chatMessage notifications, not ${resource}.`;
  return undefined;
}

/** The rich payload's messageType of a system event message for this subscription. */
export function systemEventMessageType(preferences: readonly PreferenceId[]): 'systemEventMessage' | 'unknownFutureValue' {
  return preferences.includes('unknownEnumMembers') ? 'systemEventMessage' : 'unknownFutureValue';
}
