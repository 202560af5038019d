import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './constants';
import { createOutputChannelLogger } from './util/vscodeLogger';
import { registerLogCommands } from './commands/logCommands';
import { AccountServiceImpl } from './auth/accountService';
import { SubscriptionStore } from './tree/subscriptionStore';
import { registerTree, type TreeHandle } from './tree/registerTree';
import { ReceiverServiceImpl } from './notifications/receiverService';
import { registerReceiver } from './notifications/registerReceiver';
import { registerEditor } from './editor/registerEditor';
import type { Services } from './services';

/** What `activate` returns: used by the integration tests to reach the live services. */
export interface ExtensionApi {
  readonly services: Services;
  /** The subscriptions tree, its auto-renew and clock: for integration tests. */
  readonly tree: TreeHandle;
}

/** Wiring only: build the services, hand them to each feature registrar. */
export function activate(context: vscode.ExtensionContext): ExtensionApi | undefined {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  const log = createOutputChannelLogger(channel);
  try {
    const accounts = new AccountServiceImpl(context, log.child('accounts'));
    const store = new SubscriptionStore(accounts, log.child('tree'), context.globalState);
    const receiver = new ReceiverServiceImpl(context, log.child('receiver'));
    context.subscriptions.push(accounts, store, receiver);
    const services: Services = { context, log, accounts, store, receiver };

    registerLogCommands(context, log, channel);
    const tree = registerTree(services);
    registerReceiver(services);
    registerEditor(services);
    log.info(`Activated ${context.extension.packageJSON.version as string} in ${vscode.env.appName} ${vscode.version}`);
    return { services, tree };
  } catch (error) {
    // VS Code does not surface activation failures to the user; we do.
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(`Graph Subscriptions failed to start: ${String(error)}`, 'Show Log').then((c) => {
      if (c) channel.show();
    });
    return undefined;
  }
}

export function deactivate(): void {
  // Everything is in context.subscriptions and disposed by VS Code.
}
