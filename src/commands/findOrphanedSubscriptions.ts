/**
 * "Find Orphaned Subscriptions": lists every signed-in identity's subscriptions (Graph shows each
 * identity only its own slice), finds those whose notificationUrl leads to a receiver or tunnel
 * that is gone, expired ones still listed and duplicates across apps (src/subscriptions/orphans.ts),
 * and offers the next step for the one picked: delete, re-point, renew or recreate — through
 * SubscriptionActions and the existing commands, never a second implementation.
 */
import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { findOrphans, type IdentityListing, type OrphanFinding } from '../subscriptions/orphans';
import { CancelledError } from '../util/errors';
import type { CommandDeps } from './types';

const REASON_LABEL: Record<OrphanFinding['reason'], string> = {
  unreachable: '$(debug-disconnect) unreachable',
  expired: '$(history) expired',
  duplicate: '$(copy) duplicate across apps',
};

interface Step {
  label: string;
  description?: string;
  run: () => PromiseLike<unknown>;
}

function steps(deps: CommandDeps, f: OrphanFinding): Step[] {
  const account = deps.actions.account(f.accountId);
  const target = { accountId: f.accountId, subscriptionId: f.subscription.id };
  const del: Step = { label: '$(trash) Delete Subscription', description: `from ${f.accountLabel}`, run: () => deps.actions.delete(account, f.subscription) };
  switch (f.reason) {
    case 'unreachable': {
      const first: Step[] =
        f.endpoint?.kind === 'moved'
          ? [{ label: '$(plug) Re-point to This Receiver', description: f.endpoint.newBase, run: () => vscode.commands.executeCommand(CommandId.repointSubscription, target) }]
          : f.endpoint?.kind === 'tunnelDown'
            ? [{ label: '$(globe) Start Tunnel', run: () => vscode.commands.executeCommand(CommandId.startTunnel) }]
            : [{ label: '$(play) Start Receiver', run: () => vscode.commands.executeCommand(CommandId.startReceiver) }];
      return [...first, del];
    }
    case 'expired':
      return [{ label: '$(refresh) Recreate', description: 'from its last known definition', run: () => deps.actions.recreate(f.subscription.id, f.accountId, 'user') }, del];
    case 'duplicate':
      return [
        del,
        { label: '$(clock) Keep This One: Renew to Maximum', run: () => deps.actions.renewToMax(account, f.subscription, 'user') },
        ...(f.duplicates ?? []).map((d) => ({
          label: `$(go-to-file) Show the Other (${d.accountLabel})`,
          run: () => vscode.commands.executeCommand(CommandId.showSubscriptionJson, { accountId: d.accountId, subscriptionId: d.subscriptionId, reveal: true }),
        })),
      ];
  }
}

/** Resolves to the findings (empty when there are none). */
export const findOrphanedSubscriptions = (deps: CommandDeps) => async (): Promise<OrphanFinding[]> => {
  const accounts = deps.accounts.list();
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Listing the subscriptions of ${accounts.length} identit${accounts.length === 1 ? 'y' : 'ies'}…` }, () =>
    Promise.all(accounts.map((a) => deps.store.refresh(a.id).catch((error: unknown) => deps.log.warn(`Find orphans: listing ${a.label} failed: ${String(error)}`)))),
  );
  const listings: IdentityListing[] = accounts.map((a) => ({ accountId: a.id, label: a.label, kind: a.kind, applicationId: a.applicationId, subscriptions: deps.store.subscriptions(a.id) }));
  const findings = findOrphans(listings, { now: deps.clock.now(), endpointOf: (url) => deps.watchdog.endpoint(url) });
  const failed = listings.filter((l) => l.subscriptions === undefined).map((l) => l.label);
  const total = new Set(listings.flatMap((l) => (l.subscriptions ?? []).map((s) => s.id))).size;
  const note = failed.length > 0 ? ` (${failed.join(', ')} could not be listed)` : '';
  if (findings.length === 0) {
    void vscode.window.showInformationMessage(`No orphaned subscriptions among ${total} subscription${total === 1 ? '' : 's'} of ${listings.length - failed.length} identit${listings.length - failed.length === 1 ? 'y' : 'ies'}${note}.`);
    return findings;
  }
  const picked = await vscode.window.showQuickPick(
    findings.map((f) => ({ label: f.subscription.resource, description: `${REASON_LABEL[f.reason]} · ${f.accountLabel}`, detail: f.detail, f })),
    { title: `Orphaned subscriptions: ${findings.length} finding${findings.length === 1 ? '' : 's'} among ${total} subscriptions${note}`, placeHolder: 'Pick one to act on', matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return findings;
  const options = steps(deps, picked.f);
  const step = await vscode.window.showQuickPick(options, { title: `${picked.f.subscription.resource} (${picked.f.accountLabel}): next step`, placeHolder: picked.f.detail });
  if (!step) throw new CancelledError();
  await step.run();
  return findings;
};
