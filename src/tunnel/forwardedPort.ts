/**
 * The "forwarded port" tunnel mode: in a remote window VS Code forwards the receiver's port and
 * `vscode.env.asExternalUri` returns the URL that reaches it. In a GitHub Codespace that URL is
 * https://<codespace>-<port>.app.github.dev, public once the port's visibility is Public
 * (https://docs.github.com/codespaces/developing-in-a-codespace/forwarding-ports-in-your-codespace#sharing-a-port);
 * over SSH, WSL or a dev container it is a localhost port on the user's own machine, which Graph
 * cannot reach. The VS Code adapter resolves the URL; this module judges it. No `vscode` import.
 */
import { TunnelConfigError } from './tunnelModes';
import type { HandshakeResult } from '../handshake/handshakeClient';

export type ForwardedReach = 'public' | 'thisMachine';

export interface ForwardedPort {
  /** The forwarded URL without a trailing slash (Graph calls `${publicUrl}/notifications`). */
  publicUrl: string;
  reach: ForwardedReach;
  /** What the user has to do or know, shown when the tunnel comes up. */
  note: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * @param localUrl the receiver's own base URL (http://127.0.0.1:<port>)
 * @param externalUrl what `asExternalUri` made of it
 */
export function describeForwardedPort(localUrl: string, externalUrl: string): ForwardedPort {
  const local = new URL(localUrl);
  let external: URL;
  try {
    external = new URL(externalUrl);
  } catch {
    throw new TunnelConfigError(`VS Code returned "${externalUrl}" for the forwarded port, which is not a URL`);
  }
  if (external.origin === local.origin && external.pathname.replace(/\/+$/, '') === local.pathname.replace(/\/+$/, '')) {
    throw new TunnelConfigError(
      'This window is not remote, so there is no forwarded port: VS Code returned the receiver\'s local address unchanged. Use ngrok or a custom URL (your own tunnel) instead.',
    );
  }
  const publicUrl = external.toString().replace(/\/+$/, '');
  const port = local.port;
  if (LOOPBACK.has(external.hostname)) {
    return {
      publicUrl,
      reach: 'thisMachine',
      note: `Port ${port} is forwarded to ${external.host} on your own machine only: Graph cannot call it. It is enough for the handshake self-test and the Sandbox; for a real tenant use a Codespace (public port), ngrok or a custom URL.`,
    };
  }
  const https = external.protocol === 'https:';
  return {
    publicUrl,
    reach: 'public',
    note:
      `Graph will call ${publicUrl}/notifications. ` +
      `A Codespace keeps forwarded ports private (GitHub sign-in) until you make them public: in the Ports view, right-click port ${port} → Port Visibility → Public, then run the handshake self-test.` +
      (https ? '' : ' Graph only calls https URLs; this one is http.'),
  };
}

/** A self-test failure through a forwarded port, explained: a private port answers with a sign-in. */
export function explainForwardedSelfTest(result: HandshakeResult, localPort: number): string | undefined {
  if (result.ok) return undefined;
  if (result.status !== undefined && [302, 307, 401, 403].includes(result.status)) {
    return `The forwarded port answered ${result.status} instead of the receiver: it is private. In the Ports view, right-click port ${localPort} → Port Visibility → Public, then run the self-test again.`;
  }
  if (result.failedRule === 'contentTypeTextPlain' && /text\/html/i.test(result.contentType ?? '')) {
    return `The forwarded port answered with a web page (${result.contentType}), not the receiver: it is probably private (a sign-in page). Make port ${localPort} public in the Ports view.`;
  }
  return undefined;
}
