import * as vscode from 'vscode';
import { maxRenewalExpiration } from '../subscriptions/renewalLimits';
import { CancelledError } from '../util/errors';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

/** Renew by a duration, to the maximum or to an exact time (`expirationDateTime` skips the prompts). */
export const renewSubscription = (deps: CommandDeps) => async (arg?: TargetArg & { expirationDateTime?: string }) => {
  const { account, subscription } = await pickSubscription(deps, arg);
  if (arg?.expirationDateTime) return deps.actions.renewTo(account, subscription, new Date(arg.expirationDateTime), 'user');
  const now = deps.clock.now();
  const max = maxRenewalExpiration(subscription, now);
  const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
  type Pick = vscode.QuickPickItem & { at?: Date; exact?: boolean };
  const options: Pick[] = [
    { label: 'To the maximum', description: `${max.expiration.toLocaleString()}${max.known ? '' : ' (resource not in the catalog: 4,230 min)'}`, at: max.expiration },
    ...(
      [
        ['1 hour', 1],
        ['1 day', 24],
        ['3 days', 72],
        ['7 days', 168],
      ] as const
    )
      .map(([label, h]) => ({ label: `By ${label}`, at: hours(h) }))
      .filter((p) => p.at.getTime() <= max.expiration.getTime())
      .map((p) => ({ ...p, description: p.at.toLocaleString() })),
    { label: 'To an exact date and time…', exact: true },
  ];
  const pick = await vscode.window.showQuickPick(options, { title: `Renew ${subscription.resource}` });
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
  return deps.actions.renewTo(account, subscription, at, 'user');
};
