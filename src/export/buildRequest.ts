/**
 * The request an export writes, from a draft or from a subscription Graph listed: the create body
 * (server-assigned and unset properties left out) or the PATCH body of an update draft, and the
 * clientState as a placeholder unless the user asked to include it. Pure: no `vscode` import.
 */
import type { Subscription } from '../graph/types';
import { updatePatch } from '../editor/updateDraft';
import { REQUEST_HEADERS_PROPERTY } from '../catalog/index';
import { CLIENT_STATE_ENV_VAR, SecretRef, type ExportRequest, type ExportValue, type JsonValue } from './types';

/** Server-assigned properties, never sent on create; `@requestHeaders` is the draft's header block (headers, not body). */
const READ_ONLY = new Set(['id', 'applicationId', 'creatorId', REQUEST_HEADERS_PROPERTY]);

export interface ExportSource {
  operation: 'create' | 'update';
  /** The draft's properties, or the subscription as Graph returned it. */
  properties: Record<string, unknown>;
  /** The subscription an update targets. */
  subscriptionId?: string;
  /** An update draft's subscription as last seen (only changed properties are patched). */
  original?: Partial<Subscription>;
  /** Request headers the draft carries (kept out of the body). */
  headers?: Record<string, string>;
  /** The account's Graph root, e.g. `https://graph.microsoft.com`. */
  graphEndpoint: string;
  /** Inline the clientState instead of a placeholder (the user asked for it). */
  includeSecrets: boolean;
  /**
   * The clientState remembered for an existing subscription (Graph's list hides it): used when
   * secrets are included, and tells that the subscription has one when they are not.
   */
  knownClientState?: string;
  /** Written as a comment at the top (e.g. "Exported from the Sandbox…"). */
  note?: string;
}

function isJson(v: unknown): v is JsonValue {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v) || (typeof v === 'object' && v !== null);
}

export function buildExportRequest(source: ExportSource): ExportRequest {
  const body: Record<string, ExportValue> = {};
  if (source.operation === 'update') {
    Object.assign(body, updatePatch(source.properties, source.original));
  } else {
    for (const [k, v] of Object.entries(source.properties)) {
      if (READ_ONLY.has(k) || k.startsWith('@odata.') || v === null || v === undefined || !isJson(v)) continue;
      if (k === 'clientState') continue;
      body[k] = v;
    }
    const written = source.properties.clientState;
    const clientState = typeof written === 'string' && written !== '' ? written : source.knownClientState;
    if (clientState !== undefined && clientState !== '') {
      body.clientState = source.includeSecrets ? clientState : new SecretRef('clientState', CLIENT_STATE_ENV_VAR);
    }
  }
  return {
    operation: source.operation,
    subscriptionId: source.subscriptionId,
    graphEndpoint: source.graphEndpoint,
    body: orderLikeGraph(body),
    headers: { ...(source.headers ?? {}) },
    note: source.note,
  };
}

/** Graph's documented property order first (as in its examples), anything else after in its own order. */
const ORDER = [
  'changeType',
  'notificationUrl',
  'lifecycleNotificationUrl',
  'resource',
  'expirationDateTime',
  'clientState',
  'includeResourceData',
  'encryptionCertificate',
  'encryptionCertificateId',
  'latestSupportedTlsVersion',
  'notificationQueryOptions',
  'notificationUrlAppId',
  'notificationContentType',
];

function orderLikeGraph(body: Record<string, ExportValue>): Record<string, ExportValue> {
  const out: Record<string, ExportValue> = {};
  for (const k of ORDER) if (k in body) out[k] = body[k];
  for (const [k, v] of Object.entries(body)) if (!(k in out)) out[k] = v;
  return out;
}
