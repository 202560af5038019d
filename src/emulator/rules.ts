/**
 * The emulator's request checks. Per-resource rules (change types, lifetimes, rich rules,
 * permissions, quotas numbers) come from the catalog and the validator: one source of truth.
 * Here live only what the validator cannot know: URL scheme policy of the running emulator,
 * the 45-minute clamp, quota counting over stored subscriptions, and PATCH shape.
 */
import type { Subscription } from '../graph/types';
import { EmulatorHttpError, Messages } from './errors';

export const MIN_LIFETIME_MS = 45 * 60 * 1000;

/**
 * Raises an expiration under 45 minutes to now + 45 min
 * (https://learn.microsoft.com/en-us/graph/api/resources/subscription?view=graph-rest-1.0#subscription-lifetime)
 * and writes it the way Graph echoes it: UTC with 7 fractional digits (`2019-03-20T11:00:00.0000000Z`).
 */
export function clampExpiration(expirationDateTime: string, now: Date): string {
  const t = Date.parse(expirationDateTime);
  if (Number.isNaN(t)) return expirationDateTime;
  return t < now.getTime() + MIN_LIFETIME_MS ? graphDateTime(now.getTime() + MIN_LIFETIME_MS) : graphDateTime(t, expirationDateTime);
}

/**
 * `yyyy-MM-ddTHH:mm:ss.fffffffZ` (.NET's DateTimeOffset round trip in UTC, as in Graph's
 * subscription examples). Digits below the millisecond come from `source` when it has them.
 */
export function graphDateTime(ms: number, source?: string): string {
  const fraction = source ? /T\d\d:\d\d:\d\d\.(\d+)/.exec(source)?.[1] ?? '' : '';
  const subMillisecond = fraction.slice(3, 7).padEnd(4, '0');
  return `${new Date(ms).toISOString().slice(0, 23)}${subMillisecond}Z`;
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === '127.0.0.1' || h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** EventHub:/EventGrid: notification URLs are accepted but neither validated nor delivered to. */
export function isNonWebhookUrl(url: string): boolean {
  return /^(EventHub|EventGrid):/i.test(url);
}

/**
 * Scheme policy for notificationUrl / lifecycleNotificationUrl: https always; http only to a
 * loopback host and only when not strict. Returns Graph's 400 otherwise
 * (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#notificationurl-validation).
 */
export function checkUrl(property: string, value: unknown, strictHttps: boolean): EmulatorHttpError | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return new EmulatorHttpError(400, 'InvalidRequest', Messages.badPayload);
  if (isNonWebhookUrl(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
    decodeURI(value); // a malformed percent-escape (`%E0%A4%A`) is no URL Graph could call
  } catch {
    return new EmulatorHttpError(400, 'InvalidRequest', property === 'notificationUrl' ? `Invalid notification url='${value}'.` : `Invalid ${property}='${value}'.`);
  }
  const label = property === 'notificationUrl' ? 'NotificationUrl' : 'LifecycleNotificationUrl';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && !strictHttps && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
    return new EmulatorHttpError(400, 'InvalidRequest', `${label} scheme='http' is not supported. (The emulator runs in strict mode: only https is accepted.)`);
  }
  return new EmulatorHttpError(400, 'InvalidRequest', `${label} scheme='${url.protocol.replace(':', '')}' is not supported.`);
}

/** Properties PATCH may carry (https://learn.microsoft.com/en-us/graph/api/subscription-update?view=graph-rest-1.0#request-body). */
export const PATCHABLE = new Set(['expirationDateTime', 'notificationUrl', 'encryptionCertificate', 'encryptionCertificateId']);

export function checkPatchShape(body: Record<string, unknown>, original: Subscription): EmulatorHttpError | undefined {
  if (body.expirationDateTime === undefined && body.notificationUrl === undefined) {
    return new EmulatorHttpError(400, 'InvalidRequest', 'The request body must contain expirationDateTime or notificationUrl.');
  }
  if ('lifecycleNotificationUrl' in body && body.lifecycleNotificationUrl !== original.lifecycleNotificationUrl) {
    return new EmulatorHttpError(
      400,
      'InvalidRequest',
      'lifecycleNotificationUrl cannot be added or changed on an existing subscription. Delete the subscription and create it again with lifecycleNotificationUrl.',
    );
  }
  for (const key of Object.keys(body)) {
    if (key.startsWith('@odata.')) continue;
    if (!PATCHABLE.has(key) && key !== 'lifecycleNotificationUrl' && body[key] !== (original as unknown as Record<string, unknown>)[key]) {
      return new EmulatorHttpError(400, 'InvalidRequest', `Property '${key}' cannot be updated. PATCH accepts expirationDateTime, notificationUrl, encryptionCertificate and encryptionCertificateId.`);
    }
  }
  return undefined;
}
