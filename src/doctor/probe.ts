/** One timed POST over the emulator's HTTP client, with its failure sorted (timeout, connection, TLS). */
import { HttpPoster, TimeoutError, type PostResult } from '../emulator/httpClient';

export interface ProbeOutcome {
  result?: PostResult;
  timedOut: boolean;
  /** Connection-level failure (refused, DNS, TLS), when there is no result and no timeout. */
  error?: string;
  /** Whether the connection failure is a TLS one (certificate, protocol). */
  tlsError: boolean;
  durationMs: number;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME|ALTNAME/i;

export async function probe(poster: HttpPoster, url: URL, body: string, contentType: string, timeoutMs: number): Promise<ProbeOutcome> {
  const started = performance.now();
  try {
    const result = await poster.post(url, body, contentType, timeoutMs, 64 * 1024);
    return { result, timedOut: false, tlsError: false, durationMs: performance.now() - started };
  } catch (error) {
    const durationMs = performance.now() - started;
    if (error instanceof TimeoutError) return { timedOut: true, tlsError: false, durationMs };
    const e = error as NodeJS.ErrnoException;
    const text = `${e.code ?? ''} ${e.message ?? String(error)}`.trim();
    return { timedOut: false, error: text, tlsError: TLS_CODES.test(text), durationMs };
  }
}

export function is2xx(outcome: ProbeOutcome): boolean {
  return outcome.result !== undefined && outcome.result.status >= 200 && outcome.result.status < 300;
}
