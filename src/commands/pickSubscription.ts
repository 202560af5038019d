/**
 * Resolves the subscription a command acts on: a tree node or `{ accountId, subscriptionId }`
 * (programmatic callers, next-step buttons), else a quick pick of the loaded subscriptions.
 */
import * as vscode from 'vscode';
import { SANDBOX_ACCOUNT_ID } from '../auth/accountService';
import { CommandId } from '../constants';
import { describeGraphError } from '../graph/errors';
import type { Subscription } from '../graph/types';
import type { Account } from '../services';
import { CancelledError, UserFacingError } from '../util/errors';
import type { CommandDeps } from './types';

/** A subscription chosen by a tree item or passed programmatically. */
export interface TargetArg {
  accountId?: string;
  subscriptionId?: string;
}

export interface Target {
  account: Account;
  subscription: Subscription;
}

export function accountOf(deps: Pick<CommandDeps, 'accounts'>, id: string | undefined): Account {
  const account = id ? deps.accounts.get(id) : undefined;
  if (!account) throw new UserFacingError('That account is no longer signed in.', [{ title: 'Sign In', command: CommandId.signIn }]);
  return account;
}

/** The cached definition (tree list, else last known), which may be older than Graph's. */
export function findCached(deps: Pick<CommandDeps, 'store'>, accountId: string, subscriptionId: string): Subscription | undefined {
  return deps.store.subscriptions(accountId)?.find((s) => s.id === subscriptionId) ?? deps.store.lastKnownDefinition(subscriptionId)?.subscription;
}

export async function pickSubscription(deps: CommandDeps, arg: unknown, onlySandbox = false): Promise<Target> {
  const { accounts, store } = deps;
  const a = (arg ?? {}) as TargetArg;
  if (a.subscriptionId) {
    const id = a.subscriptionId;
    const accountId = a.accountId ?? store.lastKnownDefinition(id)?.accountId ?? accounts.list().find((acc) => store.subscriptions(acc.id)?.some((s) => s.id === id))?.id;
    const account = accountOf(deps, accountId);
    const cached = findCached(deps, account.id, id);
    if (cached) return { account, subscription: cached };
    try {
      return { account, subscription: await account.client.get(id) };
    } catch (error) {
      throw describeGraphError(error, { operation: 'get', account: { id: account.id, label: account.label, kind: account.kind, isSandbox: account.isSandbox } });
    }
  }
  if (onlySandbox && store.subscriptions(SANDBOX_ACCOUNT_ID) === undefined) await store.refresh(SANDBOX_ACCOUNT_ID);
  const candidates = accounts
    .list()
    .filter((acc) => !onlySandbox || acc.isSandbox)
    .flatMap((acc) => (store.subscriptions(acc.id) ?? []).map((s) => ({ account: acc, subscription: s })));
  if (candidates.length === 0) {
    throw new UserFacingError(onlySandbox ? 'The sandbox has no subscriptions yet.' : 'No subscriptions are loaded.', [
      { title: 'Create Subscription', command: CommandId.createSubscription },
    ]);
  }
  const pick = await vscode.window.showQuickPick(
    candidates.map((c) => ({ label: c.subscription.resource, description: `${c.subscription.changeType} · ${c.account.label}`, detail: c.subscription.id, c })),
    { title: 'Choose a subscription', matchOnDetail: true },
  );
  if (!pick) throw new CancelledError();
  return pick.c;
}
