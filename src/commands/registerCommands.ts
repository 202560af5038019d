/**
 * The one place that registers commands. Each command lives in its own file under src/commands/
 * as `(deps) => handler`; the map below is checked against `CommandId` by the compiler, so a
 * command declared but not implemented (or implemented but not declared) does not build. A test
 * checks `CommandId` against package.json `contributes.commands` in both directions.
 */
import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { checkReceiver } from './checkReceiver';
import { chooseSandboxChaosProfile } from './chooseSandboxChaosProfile';
import { chooseTunnelMode } from './chooseTunnelMode';
import { copyPublicUrl } from './copyPublicUrl';
import { copySubscriptionId } from './copySubscriptionId';
import { createSubscription } from './createSubscription';
import { deleteSubscription } from './deleteSubscription';
import { editSubscription } from './editSubscription';
import { exportSubscription } from './exportSubscription';
import { findOrphanedSubscriptions } from './findOrphanedSubscriptions';
import { generateCertificate } from './generateCertificate';
import { handshakeSelfTest } from './handshakeSelfTest';
import { importCertificate } from './importCertificate';
import { openHistory } from './openHistory';
import { openSandbox } from './openSandbox';
import { reauthorizeSubscription } from './reauthorizeSubscription';
import { recreateSubscription } from './recreateSubscription';
import { refresh } from './refresh';
import { wrapCommand } from './registerCommand';
import { renewAllExpiring } from './renewAllExpiring';
import { renewSubscription } from './renewSubscription';
import { renewToMax } from './renewToMax';
import { replayNotification } from './replayNotification';
import { resyncSubscription } from './resyncSubscription';
import { setNgrokAuthtoken } from './setNgrokAuthtoken';
import { showLog } from './showLog';
import { showNotifications } from './showNotifications';
import { readEventHubs } from './readEventHubs';
import { stopEventHubs } from './stopEventHubs';
import { showSubscriptionJson } from './showSubscriptionJson';
import { signIn } from './signIn';
import { signOut } from './signOut';
import { sandboxTeamsLicensing } from './sandboxTeamsLicensing';
import { simulateChange } from './simulateChange';
import { simulateLifecycleEvent } from './simulateLifecycleEvent';
import { startReceiver } from './startReceiver';
import { startTunnel } from './startTunnel';
import { stopReceiver } from './stopReceiver';
import { stopTunnel } from './stopTunnel';
import { submitDraft } from './submitDraft';
import { setExpectedActivity } from './setExpectedActivity';
import { showWatchdog } from './showWatchdog';
import { repointSubscription } from './repointSubscription';
import { acknowledgeWatchdog } from './acknowledgeWatchdog';
import { withoutWaitingOnErrorMessage, type CommandDeps, type Handler } from './types';

export function commandHandlers(deps: CommandDeps) {
  return {
    [CommandId.refresh]: refresh(deps),
    [CommandId.signIn]: signIn(deps),
    [CommandId.signOut]: signOut(deps),
    [CommandId.openSandbox]: openSandbox(deps),
    [CommandId.createSubscription]: createSubscription(deps),
    [CommandId.editSubscription]: editSubscription(deps),
    [CommandId.renewSubscription]: renewSubscription(deps),
    [CommandId.renewToMax]: renewToMax(deps),
    [CommandId.renewAllExpiring]: renewAllExpiring(deps),
    [CommandId.reauthorizeSubscription]: reauthorizeSubscription(deps),
    [CommandId.deleteSubscription]: deleteSubscription(deps),
    [CommandId.recreateSubscription]: recreateSubscription(deps),
    [CommandId.copySubscriptionId]: copySubscriptionId(deps),
    [CommandId.showSubscriptionJson]: showSubscriptionJson(deps),
    [CommandId.submitDraft]: submitDraft(deps),
    [CommandId.simulateChange]: simulateChange(deps),
    [CommandId.sandboxTeamsLicensing]: sandboxTeamsLicensing(deps),
    [CommandId.chooseSandboxChaosProfile]: chooseSandboxChaosProfile(deps),
    [CommandId.simulateLifecycleEvent]: simulateLifecycleEvent(deps),
    [CommandId.startReceiver]: startReceiver(deps),
    [CommandId.stopReceiver]: stopReceiver(deps),
    [CommandId.startTunnel]: startTunnel(deps),
    [CommandId.stopTunnel]: stopTunnel(deps),
    [CommandId.chooseTunnelMode]: chooseTunnelMode(deps),
    [CommandId.setNgrokAuthtoken]: setNgrokAuthtoken(deps),
    [CommandId.copyPublicUrl]: copyPublicUrl(deps),
    [CommandId.handshakeSelfTest]: handshakeSelfTest(deps),
    [CommandId.checkReceiver]: withoutWaitingOnErrorMessage(checkReceiver(deps)),
    [CommandId.showNotifications]: showNotifications(deps),
    [CommandId.openHistory]: openHistory(deps),
    [CommandId.replayNotification]: replayNotification(deps),
    [CommandId.generateCertificate]: generateCertificate(deps),
    [CommandId.importCertificate]: importCertificate(deps),
    [CommandId.showLog]: showLog(deps),
    [CommandId.readEventHubs]: readEventHubs(deps),
    [CommandId.stopEventHubs]: stopEventHubs(deps),
    [CommandId.setExpectedActivity]: setExpectedActivity(deps),
    [CommandId.showWatchdog]: showWatchdog(deps),
    [CommandId.repointSubscription]: repointSubscription(deps),
    [CommandId.acknowledgeWatchdog]: acknowledgeWatchdog(deps),
    [CommandId.exportSubscription]: exportSubscription(deps),
    [CommandId.resyncSubscription]: resyncSubscription(deps),
    [CommandId.findOrphanedSubscriptions]: findOrphanedSubscriptions(deps),
  } satisfies Record<CommandId, Handler>;
}

/** Registers every command through the one error wrapper; the registrations go into context.subscriptions. */
export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const handlers: Record<CommandId, Handler> = commandHandlers(deps);
  for (const id of Object.values(CommandId)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, wrapCommand(deps.log, id, handlers[id])));
  }
}
