/**
 * Forwarding mode: the receiver re-POSTs each notification to the user's own local app, making it
 * a Graph-aware proxy in front of it; "Replay" re-sends a stored one. No `vscode` import.
 */
export interface ForwardResult {
  status: number;
  ms: number;
  /**
   * Where a 3xx pointed. Redirects are never followed: the body carries the real clientState (a
   * replay restores it), and a redirect would hand it to whatever host the app names.
   */
  redirectedTo?: string;
}

export const FORWARDED_HEADER = 'x-graph-subscriptions-forwarded';

/**
 * POSTs `body` to `url`. `kind` says whether this is the live copy or a replay (header value), so
 * the user's app can tell them apart. Rejects on network errors and timeouts.
 */
export async function forwardNotification(
  url: string,
  body: string | Buffer,
  options: { kind?: 'live' | 'replay'; contentType?: string; timeoutMs?: number } = {},
): Promise<ForwardResult> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`Forward URL must be http or https: ${url}`);
  const started = performance.now();
  const res = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json', [FORWARDED_HEADER]: options.kind ?? 'live' },
    // A copy: the receiver's Buffer may be a view on Node's shared pool, which fetch must not
    // transfer (it detached the pool's ArrayBuffer when following a 307 re-sent the body).
    body: typeof body === 'string' ? body : Uint8Array.from(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  await res.arrayBuffer().catch(() => undefined);
  const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
  return { status: res.status, ms: performance.now() - started, ...(location ? { redirectedTo: new URL(location, target).toString() } : {}) };
}

/** The body a replay sends: the stored one, without the masked tokens (they are not JWTs any more). */
export function replayBody(storedBody: unknown): string {
  if (storedBody && typeof storedBody === 'object' && !Array.isArray(storedBody)) {
    const { validationTokens: _dropped, ...rest } = storedBody as { [key: string]: unknown };
    return JSON.stringify(rest);
  }
  return JSON.stringify(storedBody);
}
