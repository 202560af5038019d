/**
 * Opens the configured tunnel in front of the receiver's port and turns its failures into warnings
 * with next steps (src/tunnel/tunnelNextSteps.ts: set the ngrok authtoken, retry, use a custom URL or
 * the forwarded port, enter the URL, open the setting). No `vscode` import: the extension passes what it reads from VS Code (settings, remote
 * window, external URI resolution).
 */
import { tunnelFailure } from '../tunnel/tunnelNextSteps';
import type { NgrokModule } from '../tunnel/ngrokTunnel';
import { openTunnel, type OpenedTunnel, type TunnelSettings } from '../tunnel/tunnelModes';

export interface ReceiverTunnelOptions {
  settings: TunnelSettings;
  port: number;
  loadNgrok: () => NgrokModule;
  /** A remote window (SSH, WSL, container, Codespace): its forwarded port is another way in. */
  remote: boolean;
  /** The output line for a tunnel that did not open. */
  write: (line: string) => void;
}

export async function openReceiverTunnel(o: ReceiverTunnelOptions): Promise<OpenedTunnel | undefined> {
  try {
    return await openTunnel(o.settings, o.port, o.loadNgrok);
  } catch (error) {
    // Every expected failure (offline, no authtoken, empty URL, no native module) is a warning
    // with next steps; anything else is a bug and stays an error.
    const failure = tunnelFailure(error, { remote: o.remote });
    if (!failure) throw error;
    o.write(`✗ Tunnel (${o.settings.mode}): ${failure.message}`);
    throw failure;
  }
}
