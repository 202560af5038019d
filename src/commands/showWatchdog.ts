import * as vscode from 'vscode';
import { STATE_LOOK } from '../watchdog/watchState';
import type { CommandDeps } from './types';

/**
 * The status bar item's click: every subscription needing attention with its problem and next
 * step; choosing one runs that step (an existing command). Resolves to the command run, if any.
 */
export const showWatchdog = (deps: CommandDeps) => async () => {
  deps.watchdog.refresh();
  const items = deps.watchdog.attention();
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No subscription needs attention: none is silent past its expected activity, unserved, expiring without renewal, throttled or waiting on a lifecycle event.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    items.map((i) => ({
      label: `$(${STATE_LOOK[i.problem.kind].icon}) ${i.resource}`,
      description: `${i.problem.short} · ${i.accountLabel}${i.count > 1 ? ` · ${i.count - 1} more problem${i.count > 2 ? 's' : ''}` : ''}`,
      detail: `${i.problem.nextStep.title}: ${i.problem.detail}`,
      item: i,
    })),
    { title: 'Subscriptions needing attention — choose one to run its next step', matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return undefined;
  const step = picked.item.problem.nextStep;
  await vscode.commands.executeCommand(step.command, ...(step.args ?? []));
  return step.command;
};
