/**
 * "Choose Tunnel Mode…": how Graph reaches the receiver — ngrok, a custom URL (the user's own
 * tunnel or reverse proxy), this remote window's forwarded port (Codespaces), or none. Writes the
 * settings and restarts the tunnel in the new mode; resolves to the new public URL. Also the
 * target of the buttons offered when ngrok's native module is missing (universal VSIX).
 */
import * as vscode from 'vscode';
import { CommandId, CONFIG_SECTION, ConfigKey } from '../constants';
import { CancelledError, expectedCondition, UserFacingError } from '../util/errors';
import { getConfig } from '../util/config';
import { normalizePublicUrl, TUNNEL_MODES, type TunnelMode } from '../tunnel/tunnelModes';
import type { CommandDeps } from './types';

/** Buttons pass the mode (and tests the URL); the palette passes nothing and gets a picker. */
export interface ChooseTunnelModeArgs {
  mode?: TunnelMode;
  /** customUrl: the URL, instead of asking. */
  url?: string;
}

const MODE_ITEMS: Record<TunnelMode, { label: string; detail: string }> = {
  ngrok: { label: '$(globe) ngrok', detail: 'Start an ngrok tunnel inside VS Code (needs an ngrok authtoken).' },
  customUrl: { label: '$(link) Custom URL', detail: 'Your own tunnel or reverse proxy (Dev Tunnels, Cloudflare Tunnel, a server) that forwards to the receiver.' },
  forwardedPort: { label: '$(plug) Forwarded port', detail: "This remote window's forwarded port, e.g. a Codespace port made public." },
  none: { label: '$(circle-slash) None', detail: 'Local only: enough for the Sandbox.' },
};

export const chooseTunnelMode = (deps: CommandDeps) => async (arg?: ChooseTunnelModeArgs) => {
  const mode = arg?.mode ?? (await pickTunnelMode());
  if (!TUNNEL_MODES.includes(mode)) throw new UserFacingError(`Unknown tunnel mode "${String(mode)}"; expected one of ${TUNNEL_MODES.join(', ')}`);
  let url: string | undefined;
  if (mode === 'customUrl') {
    const raw = arg?.url ?? (await askForUrl(getConfig(ConfigKey.tunnelCustomPublicUrl)));
    try {
      url = normalizePublicUrl(raw);
    } catch (error) {
      throw expectedCondition(`graphSubscriptions.tunnel.customPublicUrl: ${(error as Error).message}`, [
        { title: 'Enter URL…', command: CommandId.chooseTunnelMode, args: [{ mode: 'customUrl' }] },
      ]);
    }
  }
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  await deps.receiver.applyingTunnelSettings(async () => {
    if (url !== undefined) await config.update(ConfigKey.tunnelCustomPublicUrl, url, targetOf(config, ConfigKey.tunnelCustomPublicUrl));
    await config.update(ConfigKey.tunnelMode, mode, targetOf(config, ConfigKey.tunnelMode));
  });
  deps.log.info(`Tunnel mode set to ${mode}${url ? ` (${url})` : ''}`);
  // A restart in the new mode, not a user's stop (which a reload would remember).
  await deps.receiver.stopTunnel(false);
  if (mode === 'none') return undefined;
  // Through the command, so the progress, the failure and the "Tunnel up" message are the usual ones.
  return vscode.commands.executeCommand<string | undefined>(CommandId.startTunnel);
};

/**
 * The modes this window supports (a forwarded port only in a remote window), best first.
 * `fromNone`: Start Tunnel with the mode "none" asks this instead of failing, "Keep None" last.
 */
export async function pickTunnelMode(options: { fromNone?: boolean } = {}): Promise<TunnelMode> {
  const remote = vscode.env.remoteName !== undefined;
  const order: TunnelMode[] = remote ? ['forwardedPort', 'ngrok', 'customUrl', 'none'] : ['ngrok', 'customUrl', 'none'];
  const items = order.map((mode) => ({ ...MODE_ITEMS[mode], mode }));
  if (options.fromNone) {
    const none = items.find((i) => i.mode === 'none')!;
    none.label = '$(circle-slash) Keep None';
    none.detail = 'Local only: the receiver stays reachable from this machine (enough for the Sandbox).';
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: options.fromNone ? 'No tunnel mode is set: how should Microsoft Graph reach the receiver?' : 'How should Microsoft Graph reach the receiver?',
    ignoreFocusOut: true,
  });
  if (!picked) throw new CancelledError();
  return picked.mode;
}

async function askForUrl(current: string): Promise<string> {
  const value = await vscode.window.showInputBox({
    title: 'Public URL of your tunnel',
    prompt: 'The https URL that forwards to the receiver on this machine; Graph will call <URL>/notifications.',
    placeHolder: 'https://my-tunnel.example.com',
    value: current,
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        normalizePublicUrl(v);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (value === undefined) throw new CancelledError();
  return value;
}

/** Where the user keeps the setting: the workspace if it is set there, else user settings. */
function targetOf(config: vscode.WorkspaceConfiguration, key: string): vscode.ConfigurationTarget {
  const inspected = config.inspect(key);
  if (inspected?.workspaceFolderValue !== undefined) return vscode.ConfigurationTarget.WorkspaceFolder;
  if (inspected?.workspaceValue !== undefined) return vscode.ConfigurationTarget.Workspace;
  return vscode.ConfigurationTarget.Global;
}
