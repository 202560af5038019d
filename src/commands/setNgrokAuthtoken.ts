import * as vscode from 'vscode';
import { CommandId, ConfigKey } from '../constants';
import { getConfig } from '../util/config';
import { CancelledError } from '../util/errors';
import type { CommandDeps } from './types';

/** Asks for the ngrok authtoken, keeps it in SecretStorage and offers to start (or restart) the ngrok tunnel. */
export const setNgrokAuthtoken = (deps: CommandDeps) => async () => {
  const token = await vscode.window.showInputBox({
    title: 'ngrok authtoken',
    prompt: 'Kept in VS Code Secret Storage. Find it at dashboard.ngrok.com → Your Authtoken.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (/^\S{10,}$/.test(v.trim()) ? undefined : 'An authtoken is a long string without spaces'),
  });
  if (token === undefined) throw new CancelledError();
  await deps.receiver.setNgrokAuthtoken(token.trim());
  const ngrok = getConfig(ConfigKey.tunnelMode) === 'ngrok';
  const running = ngrok && deps.receiver.tunnelUrl() !== undefined;
  const button = running ? 'Restart Tunnel' : 'Start Tunnel';
  // Not awaited: the command resolves once the token is saved, the offer stays on screen.
  void vscode.window
    .showInformationMessage(`ngrok authtoken saved in Secret Storage.${ngrok ? '' : ' Start Tunnel switches the tunnel mode to ngrok.'}`, button)
    .then(async (choice) => {
      if (choice !== button) return;
      if (!ngrok) {
        await vscode.commands.executeCommand(CommandId.chooseTunnelMode, { mode: 'ngrok' });
        return;
      }
      // The running tunnel was opened with the old token (a restart, not a user's stop).
      if (running) await deps.receiver.stopTunnel(false);
      await vscode.commands.executeCommand(CommandId.startTunnel);
    });
};
