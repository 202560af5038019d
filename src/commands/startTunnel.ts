import * as vscode from 'vscode';
import { CommandId, ConfigKey } from '../constants';
import { explainTunnelCheck } from '../tunnel/tunnelCheck';
import { getConfig } from '../util/config';
import { pickTunnelMode } from './chooseTunnelMode';
import { copyUrl } from './copyToClipboard';
import { withProgressToast } from './progressToast';
import type { CommandDeps } from './types';

/**
 * Opens the configured tunnel (ngrok, a custom URL or the forwarded port), then checks its public
 * URL with the validation request Graph sends before calling it "up"; resolves to its public URL.
 * With the mode "none" it asks for a mode instead of failing. A URL that fails the check stays set
 * (Graph checks it again when a subscription is created) and the user gets the reason and next steps.
 */
export const startTunnel = (deps: CommandDeps) => async (): Promise<string | undefined> => {
  if (getConfig(ConfigKey.tunnelMode) === 'none' && !deps.receiver.tunnelUrl()) {
    const mode = await pickTunnelMode({ fromNone: true });
    if (mode === 'none') {
      void vscode.window.showInformationMessage('No tunnel: the receiver stays reachable from this machine only (enough for the Sandbox). Start Tunnel asks again when you need one.');
      return undefined;
    }
    return vscode.commands.executeCommand<string | undefined>(CommandId.chooseTunnelMode, { mode });
  }
  // The progress toast is gone before the outcome shows: a failure's warning (Retry…) is never under it.
  const url = await withProgressToast('Starting the tunnel…', () => deps.receiver.startTunnel());
  if (!url) return url;
  const notificationUrl = `${url}/notifications`;
  const mode = getConfig(ConfigKey.tunnelMode);
  const result = await withProgressToast(`Checking that Graph can reach ${notificationUrl} (validation request)…`, () => deps.receiver.selfTest(notificationUrl));
  if (result.ok) {
    const note = deps.receiver.tunnelNote();
    void vscode.window.showInformationMessage(`Tunnel up: ${notificationUrl} answered Graph's validation request in ${Math.round(result.durationMs)} ms.${note ? ` ${note}` : ''}`, 'Copy URL').then(async (choice) => {
      if (choice === 'Copy URL') await copyUrl(notificationUrl, 'public notification URL');
    });
    return url;
  }
  const change = mode === 'customUrl' ? 'Change URL…' : 'Choose Tunnel Mode…';
  void vscode.window
    .showWarningMessage(
      `The tunnel is set to ${url}, but the check failed: ${explainTunnelCheck(result, notificationUrl, mode)} Graph will refuse new subscriptions until it passes.`,
      'Check Again', change, 'Stop Tunnel',
    )
    .then(async (choice) => {
      if (choice === 'Check Again') await vscode.commands.executeCommand(CommandId.startTunnel);
      if (choice === change) await vscode.commands.executeCommand(CommandId.chooseTunnelMode, mode === 'customUrl' ? { mode } : undefined);
      if (choice === 'Stop Tunnel') await vscode.commands.executeCommand(CommandId.stopTunnel);
    });
  return url;
};
