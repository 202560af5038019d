import * as vscode from 'vscode';
import { maxRenewalExpiration } from '../subscriptions/renewalLimits';
import { renewChoices, shortenQuestion, type RenewChoice } from '../tree/renewChoices';
import { relativeCountdown } from '../tree/treeModel';
import { CancelledError } from '../util/errors';
import { withGraphProgress } from './graphProgress';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/**
 * "Renew…": set the expiry to a time counted from now, to the maximum or to an exact time
 * (`expirationDateTime` skips the prompts). A choice that ends the subscription sooner than now
 * says so and is confirmed in a modal; the result is confirmed in a message.
 */
export const renewSubscription = (deps: CommandDeps) => async (arg?: TargetArg & { expirationDateTime?: string }) => {
  const { account, subscription } = await pickSubscription(deps, arg);
  const renew = (at: Date) => withGraphProgress(`Renewing ${subscription.resource}…`, () => deps.actions.renewTo(account, subscription, at, 'user'));
  if (arg?.expirationDateTime) return renew(new Date(arg.expirationDateTime));
  const now = deps.clock.now();
  const max = maxRenewalExpiration(subscription, now);
  const current = new Date(subscription.expirationDateTime);
  const format = (d: Date) => d.toLocaleString();
  type Pick = vscode.QuickPickItem & RenewChoice;
  const options: Pick[] = renewChoices(current, now, max, format);
  const pick = await vscode.window.showQuickPick(options, { title: `Renew ${subscription.resource} (expires ${relativeCountdown(subscription.expirationDateTime, now)})` });
  if (!pick) throw new CancelledError();
  let at = pick.at;
  if (pick.exact) {
    const text = await vscode.window.showInputBox({
      title: 'New expiration (ISO 8601, UTC)',
      value: max.expiration.toISOString(),
      validateInput: (v) => {
        const t = Date.parse(v);
        if (!Number.isFinite(t)) return 'Not a date, e.g. 2030-01-01T12:00:00Z';
        if (t > max.expiration.getTime() + 60_000) return `Beyond the resource's maximum (${max.expiration.toISOString()})`;
        return undefined;
      },
    });
    if (!text) throw new CancelledError();
    at = new Date(text);
  }
  if (!at) throw new CancelledError();
  if (at.getTime() < current.getTime()) {
    const question = shortenQuestion(subscription.resource, current, at, deps.clock.now(), format);
    const answer = await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, 'Shorten');
    if (answer !== 'Shorten') throw new CancelledError();
  }
  const updated = await renew(at);
  void vscode.window.showInformationMessage(
    `Renewed ${subscription.resource}: it now expires ${relativeCountdown(updated.expirationDateTime, deps.clock.now())} (${format(new Date(updated.expirationDateTime))}).`,
  );
  return updated;
};
