/**
 * "Restart to apply?" when receiver or tunnel settings change while the receiver runs: one prompt
 * per burst of changes (a settings.json save or three edits in the Settings editor), naming what
 * changed, with the one button that applies them (restart the receiver, or only the tunnel).
 * Settings written by a command that applies them itself (Choose Tunnel Mode) prompt nothing.
 */
import * as vscode from 'vscode';
import { CommandId, ConfigKey } from '../constants';
import type { Services } from '../services';
import { ChangeBatcher } from '../util/changeBatcher';
import { affectsConfig, getConfig } from '../util/config';

/** Quiet time after the last change before the one prompt shows. */
export const SETTINGS_PROMPT_DELAY_MS = 800;

const RECEIVER_KEYS = [ConfigKey.receiverPort, ConfigKey.receiverMaxBodyBytes] as const;
const TUNNEL_KEYS = [ConfigKey.tunnelMode, ConfigKey.tunnelCustomPublicUrl, ConfigKey.tunnelNgrokDomain] as const;
type WatchedKey = (typeof RECEIVER_KEYS)[number] | (typeof TUNNEL_KEYS)[number];

const NAMES: Record<WatchedKey, string> = {
  [ConfigKey.receiverPort]: 'receiver port',
  [ConfigKey.receiverMaxBodyBytes]: 'maximum body size',
  [ConfigKey.tunnelMode]: 'tunnel mode',
  [ConfigKey.tunnelCustomPublicUrl]: 'custom public URL',
  [ConfigKey.tunnelNgrokDomain]: 'ngrok domain',
};

export function registerSettingsPrompt(services: Services): void {
  const { context, receiver } = services;
  const batcher = new ChangeBatcher<WatchedKey>(SETTINGS_PROMPT_DELAY_MS, (keys) => prompt(services, keys));
  context.subscriptions.push(
    { dispose: () => batcher.dispose() },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!receiver.isRunning() || receiver.isApplyingSettings()) return;
      for (const key of [...RECEIVER_KEYS, ...TUNNEL_KEYS]) if (affectsConfig(e, key)) batcher.add(key);
    }),
  );
}

async function prompt(services: Services, keys: WatchedKey[]): Promise<void> {
  const { receiver, log } = services;
  if (!receiver.isRunning()) return;
  const what = keys.map((k) => NAMES[k]).join(', ');
  const receiverChanged = keys.some((k) => (RECEIVER_KEYS as readonly string[]).includes(k));
  const tunnelRunning = receiver.tunnelUrl() !== undefined;
  const mode = getConfig(ConfigKey.tunnelMode);
  let message: string;
  let button: string;
  if (receiverChanged) {
    message = `Receiver settings changed (${what}): restart the receiver${tunnelRunning ? ' and tunnel' : ''} to apply them?`;
    button = 'Restart';
  } else if (tunnelRunning) {
    message = mode === 'none'
      ? `Tunnel settings changed (${what}): the mode is now "none". Stop the tunnel?`
      : `Tunnel settings changed (${what}): restart the tunnel to apply them?`;
    button = mode === 'none' ? 'Stop Tunnel' : 'Restart';
  } else {
    if (mode === 'none') return;
    message = `Tunnel settings changed (${what}): start the tunnel with them?`;
    button = 'Start Tunnel';
  }
  const choice = await vscode.window.showInformationMessage(message, button);
  if (choice !== button) return;
  log.info(`Applying changed settings: ${what}`);
  if (receiverChanged) {
    await receiver.stop();
    await vscode.commands.executeCommand(CommandId.startReceiver);
    return;
  }
  // A restart in the new settings, not a user's stop (which a reload would remember).
  await receiver.stopTunnel(false);
  if (mode !== 'none') await vscode.commands.executeCommand(CommandId.startTunnel);
}
