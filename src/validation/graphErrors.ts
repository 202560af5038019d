/**
 * Maps validator findings to the HTTP error Microsoft Graph would return, for the emulator. Messages
 * are Graph's documented ones where the docs give them (lifetimes:
 * https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime; update:
 * https://learn.microsoft.com/en-us/graph/api/subscription-update; errors:
 * https://learn.microsoft.com/en-us/graph/errors); otherwise the
 * finding's own message.
 */
import { FindingCode } from './codes';
import type { Finding } from './types';

export interface GraphErrorInfo {
  status: 400 | 402 | 403 | 409;
  code: string;
  message: string;
}

const C = FindingCode;

/** The Graph error for an (error-severity) finding. */
export function toGraphError(finding: Finding): GraphErrorInfo {
  const d = finding.data ?? {};
  switch (finding.code) {
    case C.paymentModelInvalid: {
      // The documented 402 (https://learn.microsoft.com/en-us/graph/teams-licenses#payment-related-errors).
      const allowed = (d.allowed ?? '').split(',').filter(Boolean);
      const use = allowed.length > 0 ? ` Use billing model '${allowed.join("' or '")}'.` : '';
      return { status: 402, code: 'PaymentRequired', message: `query parameter 'model' does not support value '${d.model ?? ''}' for this API.${use}` };
    }
    case C.duplicateSubscription:
      return { status: 409, code: 'Conflict', message: `Subscription Id ${d.existingId ?? '<>'} already exists for the requested combination` };
    case C.insecureUrl: {
      const label = finding.property === 'lifecycleNotificationUrl' ? 'LifecycleNotificationUrl' : 'NotificationUrl';
      return { status: 400, code: 'InvalidRequest', message: `${label} scheme='${d.scheme ?? 'http'}' is not supported.` };
    }
    case C.invalidUrl:
      // Graph's wording for a malformed EventHub: URL (microsoftgraph/microsoft-graph-docs-contrib#1746).
      if (d.part !== undefined && /^EventHub:/i.test(d.url ?? '')) return { status: 400, code: 'InvalidRequest', message: `Invalid event hub notification url='${d.url ?? ''}'.` };
      return { status: 400, code: 'InvalidRequest', message: `Invalid notification url='${d.url ?? ''}'.` };
    case C.expirationOverMaximum:
      return { status: 400, code: 'ExtensionError', message: `Subscription expiration can only be ${d.maxMinutes ?? '?'} minutes in the future.` };
    case C.lifecycleUrlRequired:
      return { status: 400, code: 'InvalidRequest', message: 'lifecycleNotificationUrl is a required property for subscription creation on this resource when the expirationDateTime value is set to greater than 1 hour' };
    case C.missingProperty:
      return { status: 400, code: 'InvalidRequest', message: `${finding.property ?? 'A property'} is a required property for subscription creation.` };
    case C.jsonSyntax:
    case C.unknownProperty:
    case C.invalidType:
    case C.expirationInvalid:
      return {
        status: 400, code: 'InvalidRequest',
        message: 'Could not process subscription creation payload. Are all property names spelled and camelCased properly? Also are the dateTimeOffest properties in a valid internet date-time format?',
      };
    case C.meWithApplication:
      return { status: 400, code: 'BadRequest', message: '/me request is only valid with delegated authentication flow.' };
    case C.permissionMissing:
      return { status: 403, code: 'ExtensionError', message: `Operation: Create; Exception: [Status Code: Forbidden; Reason: Insufficient privileges to complete the operation. Required permission: ${d.permission ?? 'unknown'}]` };
    case C.accountKindNotSupported:
      return { status: 403, code: 'ExtensionError', message: `Operation: Create; Exception: [Status Code: Forbidden; Reason: ${finding.message}]` };
    case C.quotaExceeded:
      return { status: 403, code: 'ExtensionError', message: `Operation: Create; Exception: [Status Code: Forbidden; Reason: Maximum number of subscriptions has been reached (limit: ${d.limit ?? '?'} ${d.scope ?? ''})]`.replace(' )', ')') };
    default:
      return { status: 400, code: 'InvalidRequest', message: finding.message };
  }
}
