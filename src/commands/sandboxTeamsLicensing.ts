import * as vscode from 'vscode';
import { TEAMS_LICENSES_URL } from '../catalog/index';
import { CancelledError, UserFacingError } from '../util/errors';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

type Action = 'cap' | 'billing' | 'licences';

/**
 * "Teams Licensing (Sandbox)…": the Sandbox's side of https://learn.microsoft.com/en-us/graph/teams-licenses.
 * Reach the evaluation cap for a subscription (its evaluation-mode notifications then stop,
 * silently), or switch the app's Azure billing / model=A licences off and on (creates with
 * model=A/B then get Graph's 402). From a tree row the cap is the action; the palette asks.
 * Resolves to what was done.
 */
export const sandboxTeamsLicensing = (deps: CommandDeps) => async (arg?: TargetArg, options?: { action?: Action }) => {
  await deps.accounts.ensureSandbox();
  const emulator = deps.accounts.sandboxEmulator();
  if (!emulator) throw new UserFacingError('The Sandbox is not running.');
  const state = emulator.teamsLicensing();
  let action = options?.action ?? (arg?.subscriptionId ? 'cap' : undefined);
  if (!action) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Reach the evaluation cap for a subscription…', detail: 'Its app uses up this month\'s 500 evaluation-mode notifications: evaluation-mode subscriptions then get nothing, and nothing says so.', action: 'cap' as const },
        { label: state.billingConfigured ? 'Remove Azure billing from the app' : 'Set up Azure billing for the app', description: `now: ${state.billingConfigured ? 'set up' : 'not set up'}`, detail: 'Without billing, creating model=A or model=B subscriptions fails with 402 Payment Required.', action: 'billing' as const },
        { label: state.modelALicensed ? 'Remove the users\' model=A licences' : 'Assign model=A licences', description: `now: ${state.modelALicensed ? 'assigned' : 'missing'}`, detail: 'Without licences (Microsoft Communications DLP service plan), model=A subscriptions fail with 402.', action: 'licences' as const },
      ],
      { title: 'Teams licensing in the Sandbox', matchOnDetail: true },
    );
    if (!picked) throw new CancelledError();
    action = picked.action;
  }
  if (action === 'billing') {
    const next = emulator.teamsLicensing({ billingConfigured: !state.billingConfigured });
    void vscode.window.showInformationMessage(`Sandbox: Azure billing is now ${next.billingConfigured ? 'set up' : 'not set up'} for the app.`);
    return next;
  }
  if (action === 'licences') {
    const next = emulator.teamsLicensing({ modelALicensed: !state.modelALicensed });
    void vscode.window.showInformationMessage(`Sandbox: model=A licences are now ${next.modelALicensed ? 'assigned' : 'missing'}.`);
    return next;
  }
  const { account, subscription } = await pickSubscription(deps, arg, true);
  if (!account.isSandbox) throw new UserFacingError('The evaluation cap can be simulated only on the Sandbox account.');
  const result = emulator.reachEvaluationCap(subscription.id);
  deps.log.info(`Sandbox: evaluation quota used up for the app of ${subscription.id} (${subscription.resource})`);
  const message = result.evaluationMode
    ? `Sandbox: the evaluation quota (${result.quota} this month) is used up for ${subscription.resource}. Its notifications now stop without any error, as on Graph.`
    : `Sandbox: the evaluation quota is used up, but ${subscription.resource} has a model= and is not in evaluation mode: its notifications continue.`;
  void vscode.window.showInformationMessage(message, 'Open Licensing Docs').then((choice) => {
    if (choice === 'Open Licensing Docs') void vscode.commands.executeCommand('vscode.open', TEAMS_LICENSES_URL);
  });
  return result;
};
