import * as vscode from 'vscode';
import { CancelledError } from '../util/errors';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/**
 * "Expect at least one notification every N minutes" for a subscription: the watchdog shows it as
 * silent past that. `minutes` (programmatic callers, tests) skips the question; 0 clears it.
 * Resolves to the minutes set (undefined when cleared).
 */
export const setExpectedActivity = (deps: CommandDeps) => async (arg?: TargetArg, minutes?: number) => {
  const { subscription } = await pickSubscription(deps, arg);
  let value = minutes;
  if (value === undefined) {
    const current = deps.watchdog.expectation(subscription.id);
    const answer = await vscode.window.showInputBox({
      title: `Expected activity of ${subscription.resource}`,
      prompt: 'Expect at least one notification every N minutes; the subscription shows as silent after that. Empty or 0: no expectation.',
      value: current ? String(current.minutes) : '',
      placeHolder: 'e.g. 60',
      validateInput: (text) => (text.trim() === '' || /^\d+$/.test(text.trim()) ? undefined : 'A whole number of minutes (0 or empty: no expectation).'),
    });
    if (answer === undefined) throw new CancelledError();
    value = answer.trim() === '' ? 0 : Number(answer.trim());
  }
  if (!Number.isFinite(value) || value < 0) value = 0;
  deps.watchdog.setExpectation(subscription.id, value > 0 ? value : undefined);
  return value > 0 ? value : undefined;
};
