import * as vscode from 'vscode';
import { escapeControl } from '../notifications/formatNotification';
import { trustOf, type Trust } from '../notifications/history';
import { ConfigKey } from '../constants';
import { getConfig, settingId } from '../util/config';
import { CancelledError, expectedCondition, UserFacingError } from '../util/errors';
import { friendlyDateTime } from '../util/friendly';
import type { CommandDeps } from './types';

/** Quick-pick detail per trust: its own icon and word, so "unverified" never looks like a pass. */
const TRUST_DETAIL: Record<Trust, string> = { verified: '$(pass) checks passed', unverified: '$(warning) unverified: nothing proved Graph sent it', untrusted: '$(error) untrusted' };

/**
 * Re-sends a stored notification (an id, or a pick from the history) to the forward URL, or to
 * `url` (the explorer's Forward to…); resolves to the app's status.
 */
export const replayNotification = (deps: CommandDeps) => async (arg?: string | { id?: string; url?: string }) => {
  const url = typeof arg === 'object' && typeof arg?.url === 'string' && arg.url.trim() ? arg.url.trim() : undefined;
  // Said before asking which notification: without a forward URL there is nowhere to replay to.
  if (!url && !getConfig(ConfigKey.receiverForwardUrl).trim()) {
    throw expectedCondition('Replay sends a stored notification again to your own app: set graphSubscriptions.receiver.forwardUrl first (e.g. http://localhost:3000/api/notifications).', [
      { title: 'Set Forward URL', command: 'workbench.action.openSettings', args: [settingId(ConfigKey.receiverForwardUrl)] },
    ]);
  }
  let id = typeof arg === 'string' ? arg : arg?.id;
  if (!id) {
    const entries = (await deps.receiver.readHistory(50)).filter((e) => e.kind !== 'rejected' && e.body !== undefined);
    if (entries.length === 0) throw new UserFacingError('The history holds no notification to replay.');
    const picked = await vscode.window.showQuickPick(
      entries.map((e) => {
        const first = e.processed?.items[0];
        return {
          // Text from the network: escaped so it cannot fake another row.
          label: escapeControl(`${friendlyDateTime(new Date(e.receivedAt), deps.clock.now())} ${first?.lifecycleEvent ?? first?.changeType ?? e.kind}`),
          description: escapeControl(first ? `${first.subscriptionId} ${first.resource ?? ''}` : e.path),
          detail: first ? TRUST_DETAIL[trustOf(first)] : undefined,
          id: e.id,
        };
      }),
      { title: 'Replay a notification to the forward URL' },
    );
    if (!picked) throw new CancelledError();
    id = picked.id;
  }
  const status = await deps.receiver.replay(id, url);
  void vscode.window.showInformationMessage(url ? `Forwarded to ${escapeControl(url)}: it answered ${status}.` : `Replayed: your app answered ${status}.`);
  return status;
};
