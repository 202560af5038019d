/**
 * Graph's error body for the emulator's responses
 * (https://learn.microsoft.com/en-us/graph/errors#error-resource-type):
 * `{"error":{"code","message","innerError":{"request-id","date","client-request-id"}}}`.
 */
import { randomUUID } from 'node:crypto';
import type { GraphErrorBody } from '../graph/types';

/** An error the emulator answers with a Graph error body. Thrown anywhere below the router. */
export class EmulatorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. `Retry-After` or `WWW-Authenticate`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'EmulatorHttpError';
  }
}

/** Graph's date format in `innerError.date`: seconds precision, no zone letter (`2021-09-14T19:05:24`). */
export function graphErrorDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

export function graphErrorBody(
  code: string,
  message: string,
  now: Date,
  clientRequestId: string | undefined,
  requestId: string = randomUUID(),
): GraphErrorBody {
  return {
    error: {
      code,
      message,
      innerError: {
        date: graphErrorDate(now),
        'request-id': requestId,
        'client-request-id': clientRequestId ?? requestId,
      },
    },
  };
}

// Messages Graph is documented (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks,
// https://learn.microsoft.com/en-us/graph/errors) or observed to use in public issue threads.
export const Messages = {
  tokenEmpty: 'Access token is empty.',
  tokenInvalid: 'Access token validation failure. Invalid audience.',
  tokenExpired: 'Lifetime validation failed, the token is expired.',
  tokenMalformed: 'IDX14100: JWT is not well formed, there are no dots (.).',
  tokenSignature: 'Access token validation failure. Signature verification failed.',
  notFound: (id: string) => `The object was not found: subscription '${id}' does not exist or has expired.`,
  duplicate: (id: string) => `Subscription Id ${id} already exists for the requested combination`,
  badPayload:
    'Could not process subscription creation payload. Are all property names spelled and camelCased properly? Also are the dateTimeOffest properties in the following format: yyyy-MM-ddTHH:mm:ss.fffffffZ?',
  handshakeStatus: (statusName: string) =>
    `Subscription validation request failed. HTTP status code is '${statusName}'. Notification endpoint must respond with 200 OK to validation request.`,
  handshakeNo200: 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
  handshakeMismatch: 'Subscription validation request failed. Response must exactly match validationToken query parameter.',
  handshakeContentType:
    "Subscription validation request failed. Notification endpoint must respond with Content-Type 'text/plain' to validation request.",
  handshakeTimeout: 'Subscription validation request timed out.',
  throttled: 'Please retry again later.',
} as const;
