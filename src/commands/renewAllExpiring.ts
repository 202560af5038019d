import * as vscode from 'vscode';
import { ConfigKey } from '../constants';
import { subscriptionState } from '../tree/treeModel';
import { getConfig } from '../util/config';
import { UserFacingError } from '../util/errors';
import type { CommandDeps } from './types';

/** Renews every subscription inside the "expiring soon" threshold to its maximum. */
export const renewAllExpiring = (deps: CommandDeps) => async () => {
  const minutes = getConfig(ConfigKey.expiringSoonMinutes);
  const now = deps.clock.now();
  const due = deps.accounts
    .list()
    .flatMap((a) => (deps.store.subscriptions(a.id) ?? []).filter((s) => subscriptionState(s.expirationDateTime, now, minutes) === 'expiringSoon').map((s) => ({ a, s })));
  if (due.length === 0) {
    void vscode.window.showInformationMessage(`No subscription expires within ${minutes} minutes.`);
    return { renewed: 0, failed: 0 };
  }
  let renewed = 0;
  const failures: string[] = [];
  for (const { a, s } of due) {
    try {
      await deps.actions.renewToMax(a, s, 'user');
      renewed++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`${s.resource}: ${message}`);
      deps.log.warn(`Renew all expiring: ${s.id} failed: ${message}`);
    }
  }
  if (failures.length > 0) throw new UserFacingError(`Renewed ${renewed} of ${due.length} expiring subscriptions; ${failures.length} failed: ${failures[0]}`);
  void vscode.window.showInformationMessage(`Renewed ${renewed} expiring subscription${renewed === 1 ? '' : 's'} to their maximum.`);
  return { renewed, failed: 0 };
};
