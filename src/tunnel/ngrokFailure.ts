/**
 * Why `@ngrok/ngrok`'s `forward` failed, in words a user can act on. The native module reports
 * Rust-level messages ("failed to connect session: failed to establish tcp connection" when the
 * machine is offline, "authentication failed: … ERR_NGROK_105" for a bad authtoken); the user reads
 * what happened and what to do next (https://ngrok.com/docs/errors/). No `vscode` import.
 */

export type NgrokFailureKind = 'offline' | 'authRejected' | 'other';

export interface NgrokFailure {
  kind: NgrokFailureKind;
  /** One or two plain sentences, never the authtoken. */
  message: string;
}

const OFFLINE = /failed to establish tcp connection|failed to connect session|failed to resolve|dns error|name resolution|timed out|timeout|network is unreachable|connection refused|failed to connect through proxy|the connect function gave up|ERR_NGROK_(8012|3200)/i;
const AUTH = /ERR_NGROK_(105|106|107|4018)|authentication failed|authtoken.*(invalid|not valid|not found)|invalid authtoken/i;
const SESSION_LIMIT = /ERR_NGROK_108|simultaneous ngrok agent sessions/i;

/** @param raw the module's message, with the authtoken already removed */
export function explainNgrokFailure(raw: string): NgrokFailure {
  const detail = raw.split('\n')[0].slice(0, 200);
  if (AUTH.test(raw)) {
    return {
      kind: 'authRejected',
      message: 'ngrok refused the authtoken: it is not valid (mistyped, or reset in the ngrok dashboard). Set it again from dashboard.ngrok.com → Your Authtoken.',
    };
  }
  if (SESSION_LIMIT.test(raw)) {
    return {
      kind: 'other',
      message: 'ngrok refused a second session: a free ngrok account allows one agent at a time. Stop the other ngrok agent (another window or terminal), then retry.',
    };
  }
  if (OFFLINE.test(raw)) {
    return {
      kind: 'offline',
      message: 'ngrok could not reach its servers: this machine seems to be offline, or a firewall or proxy blocks outgoing connections. The receiver still works locally (enough for the Sandbox); retry when you are online, or use your own tunnel as a custom URL.',
    };
  }
  return { kind: 'other', message: `ngrok did not start (${detail}).` };
}
