/**
 * What a notification POST's body must be before the receiver stores it: Graph's envelope (an
 * object with a `value` array of objects carrying `subscriptionId`, optional `validationTokens`),
 * or Event Grid's CloudEvents unwrapped into it; and the clientState masking done on the text so
 * the hot path can store the body as received.
 * https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks
 * No `vscode` import.
 */
import type { ChangeNotificationCollection } from '../graph/types';
import { maskValue } from '../util/logger';
import { nestedDeeperThan } from '../util/jsonDepth';
import { clientStateKeys } from './history';
import { unwrapCloudEvents, type ArrivalChannel } from './channelNotifications';

/**
 * Deepest JSON nesting accepted. Graph's notifications are a few levels deep; a body nested
 * thousands of levels parses fine but overflows the stack of every recursive consumer after it
 * (JSON.stringify of the history line, the output formatting), so it is refused with a 400.
 */
export const MAX_JSON_DEPTH = 256;

/** A body the receiver refuses with this HTTP status. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Checks the https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks envelope: an object with a `value` array of objects carrying `subscriptionId`. */
export function parseNotificationBody(text: string): ChangeNotificationCollection {
  return parseDeliveryBody(text).body;
}

/** Like `parseNotificationBody`, and also unwraps Event Grid's CloudEvents (single or batch). */
export function parseDeliveryBody(text: string): { body: ChangeNotificationCollection; channel: ArrivalChannel } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HttpRefusal(400, `Malformed JSON: ${(error as Error).message}`);
  }
  // Deeper than MAX_JSON_DEPTH needs more than that many brackets: short bodies skip the scan.
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) throw new HttpRefusal(400, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  const cloudEvents = unwrapCloudEvents(parsed);
  if (cloudEvents) parsed = cloudEvents;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HttpRefusal(400, 'Expected a JSON object with a "value" array');
  }
  const value = (parsed as { value?: unknown }).value;
  if (!Array.isArray(value)) throw new HttpRefusal(400, 'Expected a JSON object with a "value" array');
  value.forEach((item, i) => {
    if (!item || typeof item !== 'object' || typeof (item as { subscriptionId?: unknown }).subscriptionId !== 'string') {
      throw new HttpRefusal(400, `value[${i}] has no subscriptionId`);
    }
  });
  const tokens = (parsed as { validationTokens?: unknown }).validationTokens;
  if (tokens !== undefined && tokens !== null && (!Array.isArray(tokens) || tokens.some((t) => typeof t !== 'string'))) {
    throw new HttpRefusal(400, '"validationTokens" must be an array of strings');
  }
  return { body: parsed as ChangeNotificationCollection, channel: cloudEvents ? 'eventGrid' : 'webhook' };
}

/**
 * The body text with every item's clientState masked (as `sanitizeBody` does), or undefined when
 * that cannot be guaranteed on the text. Without `\\u` or `\\/` escapes a JSON string has one
 * encoding — `JSON.stringify`'s — so replacing that literal catches every occurrence; the final
 * check refuses the shortcut if the secret still appears anywhere.
 */
export function maskClientStatesInText(text: string, body: ChangeNotificationCollection): string | undefined {
  if (text.includes('\\u') || text.includes('\\/')) return undefined;
  let out = text;
  const secrets: string[] = [];
  let keys = 0;
  for (const n of body.value) {
    // Every spelling the case-insensitive check reads ("ClientState" too) is the secret.
    for (const key of clientStateKeys(n)) {
      keys++;
      const value = (n as unknown as { [k: string]: unknown })[key];
      if (typeof value !== 'string') continue;
      if (value.length === 0) return undefined;
      const literal = JSON.stringify(value);
      secrets.push(literal.slice(1, -1));
      out = out.split(literal).join(JSON.stringify(maskValue(value)));
    }
  }
  // A key written twice keeps only its last value in the parsed body: mask on the parsed body then.
  if ((text.match(/"clientstate"\s*:/gi)?.length ?? 0) !== keys) return undefined;
  return secrets.some((secret) => out.includes(secret)) ? undefined : out;
}

/**
 * The text to keep in the history as received, or undefined when the body must be masked and
 * re-serialised (`sanitizeBody`): the text itself when it holds no secret, the text with its
 * clientStates masked when that is provably complete, never when validationTokens are present.
 * Keeping the text saves a JSON re-serialisation per notification on the hot paths (webhook POSTs,
 * Event Hubs events).
 */
export function historyText(body: ChangeNotificationCollection, text: string): string | undefined {
  const hasTokens = Array.isArray(body.validationTokens) && body.validationTokens.length > 0;
  if (hasTokens) return undefined;
  const hasSecrets = body.value.some((n) => clientStateKeys(n).length > 0) || /"clientstate"\s*:/i.test(text);
  return hasSecrets ? maskClientStatesInText(text, body) : text;
}

/** application/json or any application/…+json (CloudEvents' application/cloudevents+json). */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const type = header.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** A body with any lifecycleEvent is stored as a lifecycle notification. */
export function kindOf(body: ChangeNotificationCollection): 'change' | 'lifecycle' {
  return body.value.some((n) => typeof n.lifecycleEvent === 'string' && n.lifecycleEvent.length > 0) ? 'lifecycle' : 'change';
}

