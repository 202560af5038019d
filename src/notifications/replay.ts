/**
 * Replay: re-sends a stored notification to the user's own app (the forward URL). The history keeps
 * clientState masked (a shared secret), so the replayed body carries the real one again; a redirect
 * is not followed, because the body carries that secret. No `vscode` import.
 */
import { CONFIG_SECTION, ConfigKey } from '../constants';
import { UserFacingError } from '../util/errors';
import { clientStateKeys, type HistoryEntry } from './history';
import { forwardNotification, replayBody } from './forwarder';
import { escapeControl } from './formatNotification';

export interface ReplayDeps {
  forwardUrl: string;
  readHistory: () => Promise<HistoryEntry[]>;
  clientState: (subscriptionId: string) => Promise<string | undefined>;
  write: (line: string) => void;
}

const setForwardUrl = { title: 'Set Forward URL', command: 'workbench.action.openSettings', args: [`${CONFIG_SECTION}.${ConfigKey.receiverForwardUrl}`] };

/** Resolves to the status the app answered. */
export async function replayStored(entryId: string, deps: ReplayDeps): Promise<number> {
  const { forwardUrl } = deps;
  if (!forwardUrl) {
    throw new UserFacingError('Replay sends a stored notification to your own app: set a forward URL first.', [setForwardUrl]);
  }
  const entry = (await deps.readHistory()).find((e) => e.id === entryId);
  if (!entry || entry.body === undefined) throw new UserFacingError('That notification is no longer in the history.');
  const body = entry.body as { value?: unknown };
  if (Array.isArray(body?.value)) {
    for (const item of body.value as { [key: string]: unknown }[]) {
      if (!item || typeof item.subscriptionId !== 'string') continue;
      const keys = clientStateKeys(item).filter((k) => typeof item[k] === 'string');
      if (keys.length === 0) continue;
      const clientState = await deps.clientState(item.subscriptionId);
      if (clientState) for (const k of keys) item[k] = clientState;
    }
  }
  const result = await forwardNotification(forwardUrl, replayBody(entry.body), { kind: 'replay' });
  if (result.redirectedTo) {
    throw new UserFacingError(`Your app answered ${result.status}, a redirect to ${escapeControl(result.redirectedTo)}. Replay does not follow redirects: the body carries the real clientState. Set the forward URL to the final address.`, [setForwardUrl]);
  }
  deps.write(`Replayed ${entry.id} to ${forwardUrl}: ${result.status} in ${Math.round(result.ms)} ms`);
  return result.status;
}
