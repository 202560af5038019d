/**
 * Every way a tunnel can fail to start, as an expected condition with next steps (buttons): never a
 * dead end, never a red error with a stack trace for what the user can fix (no authtoken, ngrok
 * offline, an empty custom URL, no native module). No `vscode` import.
 */
import { CommandId, CONFIG_SECTION, ConfigKey } from '../constants';
import { expectedCondition, type NextStep, type UserFacingError } from '../util/errors';

export interface TunnelFailureContext {
  /** A remote window (SSH, WSL, container, Codespace) has a forwarded port as another way in. */
  remote: boolean;
}

const openSettings = (key: string): NextStep => ({ title: 'Open Settings', command: 'workbench.action.openSettings', args: [`${CONFIG_SECTION}.${key}`] });
const useCustomUrl: NextStep = { title: 'Use a Custom URL', command: CommandId.chooseTunnelMode, args: [{ mode: 'customUrl' }] };
const useForwardedPort: NextStep = { title: 'Use the Forwarded Port', command: CommandId.chooseTunnelMode, args: [{ mode: 'forwardedPort' }] };
const retry: NextStep = { title: 'Retry', command: CommandId.startTunnel };

/** The user-facing error for a tunnel failure, or undefined for an unexpected one (a real bug). */
export function tunnelFailure(error: unknown, ctx: TunnelFailureContext): UserFacingError | undefined {
  if (!(error instanceof Error)) return undefined;
  const message = error.message;
  const alternatives = [useCustomUrl, ...(ctx.remote ? [useForwardedPort] : [])];
  if (error.name === 'TunnelConfigError') {
    const field = (error as { field?: string }).field;
    if (field === ConfigKey.tunnelCustomPublicUrl) {
      return expectedCondition(message, [{ title: 'Enter URL…', command: CommandId.chooseTunnelMode, args: [{ mode: 'customUrl' }] }, openSettings(ConfigKey.tunnelCustomPublicUrl)]);
    }
    return expectedCondition(message, [{ title: 'Choose Tunnel Mode…', command: CommandId.chooseTunnelMode }, openSettings(ConfigKey.tunnelMode)]);
  }
  if (error.name !== 'TunnelError') return undefined;
  switch ((error as { reason?: string }).reason) {
    // At most three buttons: a notification cuts longer rows to "Use a Custo…" (seen in the UI test).
    case 'missingAuthtoken':
      return expectedCondition(message, [{ title: 'Set ngrok Authtoken…', command: CommandId.setNgrokAuthtoken }, useCustomUrl]);
    case 'authRejected':
      return expectedCondition(message, [{ title: 'Set ngrok Authtoken…', command: CommandId.setNgrokAuthtoken }, useCustomUrl]);
    case 'moduleUnavailable':
      return expectedCondition(message, alternatives);
    case 'offline':
      return expectedCondition(message, [retry, useCustomUrl, openSettings(ConfigKey.tunnelMode)]);
    case 'startFailed':
      return expectedCondition(message, [retry, useCustomUrl, { title: 'Show Log', command: CommandId.showLog }]);
    default:
      return undefined;
  }
}
