/**
 * Opens the configured tunnel in front of the receiver's port and turns its failures into errors
 * with a next step (set the ngrok authtoken, use a custom URL or the forwarded port, choose another
 * mode). No `vscode` import: the extension passes what it reads from VS Code (settings, remote
 * window, external URI resolution).
 */
import { CommandId } from '../constants';
import { UserFacingError } from '../util/errors';
import type { NgrokModule } from '../tunnel/ngrokTunnel';
import { openTunnel, type OpenedTunnel, type TunnelSettings } from '../tunnel/tunnelModes';

export interface ReceiverTunnelOptions {
  settings: TunnelSettings;
  port: number;
  loadNgrok: () => NgrokModule;
  /** A remote window (SSH, WSL, container, Codespace): its forwarded port is another way in. */
  remote: boolean;
  /** The output line for a tunnel module this install does not have. */
  write: (line: string) => void;
}

export async function openReceiverTunnel(o: ReceiverTunnelOptions): Promise<OpenedTunnel | undefined> {
  try {
    return await openTunnel(o.settings, o.port, o.loadNgrok);
  } catch (error) {
    const reason = (error as { reason?: string }).reason;
    const message = (error as Error).message;
    if (reason === 'missingAuthtoken') {
      throw new UserFacingError(message, [{ title: 'Set ngrok Authtoken', command: CommandId.setNgrokAuthtoken }]);
    }
    if (reason === 'moduleUnavailable') {
      o.write(`✗ ${message}`);
      throw new UserFacingError(message, [
        { title: 'Use a Custom URL', command: CommandId.chooseTunnelMode, args: [{ mode: 'customUrl' }] },
        ...(o.remote ? [{ title: 'Use the Forwarded Port', command: CommandId.chooseTunnelMode, args: [{ mode: 'forwardedPort' }] }] : []),
      ]);
    }
    if ((error as Error).name === 'TunnelConfigError') {
      throw new UserFacingError(message, [{ title: 'Choose Tunnel Mode', command: CommandId.chooseTunnelMode }]);
    }
    throw error;
  }
}
