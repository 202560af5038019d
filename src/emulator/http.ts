/**
 * The emulator's HTTP plumbing: reading a request target without ever throwing outside the
 * router, Graph's response headers and error body, JSON bodies with a size cap.
 */
import type * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import { EmulatorHttpError, graphErrorBody } from './errors';
import { isLoopbackHost } from './rules';
import { nestedDeeperThan } from '../util/jsonDepth';

export interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** Decoded-safe path (no trailing slash), raw query parameters. */
  path: string;
  query: URLSearchParams;
  clientRequestId: string | undefined;
  requestId: string;
}

const MAX_BODY = 1 << 20;

export const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/**
 * Splits an origin-form request target (`/path?query`) into path and query. Anything else — an
 * authority (`//host`), a bad port, a malformed percent-escape — is Graph's 400, never a throw
 * that escapes the request handler (an unhandled rejection would end the emulator).
 */
export function parseTarget(raw: string | undefined): { path: string; query: URLSearchParams } {
  const target = raw ?? '/';
  if (!target.startsWith('/') || target.startsWith('//')) throw badRequest(`Invalid request target '${truncate(target)}'.`);
  let url: URL;
  try {
    url = new URL(target, 'http://127.0.0.1');
  } catch {
    throw badRequest(`Invalid request target '${truncate(target)}'.`);
  }
  try {
    decodeURIComponent(url.pathname);
  } catch {
    throw badRequest(`Invalid percent-encoding in the request path '${truncate(url.pathname)}'.`);
  }
  return { path: url.pathname.replace(/\/+$/, '') || '/', query: url.searchParams };
}

/** `decodeURIComponent` that answers 400 instead of throwing a URIError. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`Invalid percent-encoding in '${truncate(segment)}'.`);
  }
}

export function badRequest(message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, 'BadRequest', message);
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

export function sendJson(ctx: Ctx, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (ctx.res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  ctx.res.writeHead(status, {
    // https://learn.microsoft.com/en-us/graph/best-practices-concept: Graph answers OData v4.0.
    ...(body === undefined ? {} : { 'Content-Type': JSON_CONTENT_TYPE, 'OData-Version': '4.0' }),
    'request-id': ctx.requestId,
    'client-request-id': ctx.clientRequestId ?? ctx.requestId,
    'Cache-Control': 'no-cache',
    ...headers,
  });
  ctx.res.end(text);
}

export function sendError(ctx: Ctx, error: EmulatorHttpError, now: Date): void {
  sendJson(ctx, error.status, graphErrorBody(error.code, error.message, now, ctx.clientRequestId, ctx.requestId), error.headers);
}

/** A context for answering before (or instead of) parsing the target. */
export function baseCtx(req: http.IncomingMessage, res: http.ServerResponse): Ctx {
  const header = req.headers['client-request-id'];
  return { req, res, path: '/', query: new URLSearchParams(), clientRequestId: Array.isArray(header) ? header[0] : header, requestId: randomUUID() };
}

/** Deepest JSON nesting a request may have; a subscription is a few levels deep. */
export const MAX_JSON_DEPTH = 64;

export async function readJson(ctx: Ctx): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new EmulatorHttpError(413, 'RequestEntityTooLarge', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return undefined;
  // Absurd nesting parses, but overflows the stack of every recursive step after it (a 500).
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) throw badRequest(`The request payload is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
}

export function methodNotAllowed(method: string): EmulatorHttpError {
  return new EmulatorHttpError(405, 'Request_BadRequest', `Specified HTTP method '${method}' is not allowed for the request target.`);
}

export function isLoopbackAuthority(host: string | undefined): boolean {
  if (!host) return false;
  try {
    return isLoopbackHost(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

export function isLoopbackOrigin(origin: string): boolean {
  try {
    return isLoopbackHost(new URL(origin).hostname);
  } catch {
    return false;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
