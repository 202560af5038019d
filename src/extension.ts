import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './constants';
import { createOutputChannelLogger } from './util/vscodeLogger';
import { AccountServiceImpl } from './auth/accountService';
import { Clock } from './graph/clock';
import { RecentActions } from './graph/recentActions';
import { RequestHeaderMemory } from './subscriptions/requestHeaderMemory';
import { SubscriptionStore } from './tree/subscriptionStore';
import { registerTree, type TreeHandle } from './tree/registerTree';
import { ReceiverServiceImpl } from './notifications/receiverService';
import { registerReceiver } from './notifications/registerReceiver';
import { EventHubsSourcesImpl } from './notifications/eventHubsSourceService';
import { registerEventGridSandbox } from './notifications/registerEventGridSandbox';
import { registerEditor } from './editor/registerEditor';
import { registerCommands } from './commands/registerCommands';
import { SubscriptionActions } from './subscriptions/subscriptionActions';
import { registerLifecycleHandling } from './subscriptions/registerLifecycleHandling';
import { WatchdogServiceImpl } from './watchdog/watchdogService';
import { ResyncServiceImpl } from './subscriptions/resyncService';
import { NotificationsExplorerServiceImpl } from './notifications/explorer/notificationsExplorerService';
import type { Emulator } from './emulator';
import type { Services } from './services';
import type { DraftRegistry } from './editor/draftRegistry';

const RECENT_ACTIONS_KEY = 'graphSubscriptions.recentActions';
const REQUEST_HEADERS_KEY = 'graphSubscriptions.requestHeaders';

/** What `activate` returns: used by the integration tests to reach the live services. */
export interface ExtensionApi {
  readonly services: Services;
  /** The subscriptions tree, its auto-renew and clock: for integration tests. */
  readonly tree: TreeHandle;
  /** The running Sandbox emulator itself (tests: fault injection), undefined until started. */
  sandboxEmulatorForTests(): Emulator | undefined;
  /** Which account and subscription each draft targets. */
  readonly drafts: DraftRegistry;
  /** What `deactivate()` awaits (receiver, tunnel, Sandbox closed, their ports free): for the shutdown test. */
  closeServersForTests(): Promise<void>;
}

/**
 * What `deactivate()` waits for: closing the servers (receiver, tunnel, Sandbox) so a window
 * reload never finds their ports still held. Set by `activate()`; the one piece of module state,
 * because VS Code gives `deactivate` no context.
 */
let closeServers: (() => Promise<void>) | undefined;

/**
 * Wiring only: build the services, hand them to each feature registrar, register the commands.
 *
 * Activation events (package.json): the view, `workspaceContains` (any `*.subscription.json` in the folder), and
 * `onLanguage:json`. The last is wider than we would like, and kept on purpose: drafts are JSON
 * documents that reach the window without us — untitled drafts VS Code restores after a reload
 * (their backups hold the text, our registry the target), drafts opened from outside the workspace
 * (File > Open, a terminal's `code x.subscription.json`, a link) — and `workspaceContains` sees
 * none of them; without diagnostics, CodeLens and the Submit command such a draft is dead text.
 * A narrower event would need a language id of our own for `*.subscription.json`, which takes the
 * draft away from VS Code's JSON language service (schema, formatting, folding). What it costs a
 * user who opens some other JSON file: one activation per window, measured by `npm run bench
 * activation` (require + activate() 72 ms on a quiet machine, 135 ms with 8 other jobs running;
 * 0 of the 6 lazy bundles loaded), and no work after it: nothing starts until a draft, the view or
 * a command asks (no sign-in, no network; only a receiver the user left running in this workspace
 * resumes).
 */
export function activate(context: vscode.ExtensionContext): ExtensionApi | undefined {
  const logChannel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(logChannel);
  const log = createOutputChannelLogger(logChannel);
  try {
    const clock = new Clock();
    const recentActions = new RecentActions(() => clock.nowMs(), () => void context.globalState.update(RECENT_ACTIONS_KEY, recentActions.toJSON()));
    recentActions.load(context.globalState.get(RECENT_ACTIONS_KEY));
    const accounts = new AccountServiceImpl(context, log.child('accounts'), clock, recentActions);
    const store = new SubscriptionStore(accounts, log.child('tree'), context.globalState);
    const receiver = new ReceiverServiceImpl(context, log.child('receiver'), { accounts, store });
    const requestHeaders = new RequestHeaderMemory((data) => void context.globalState.update(REQUEST_HEADERS_KEY, data));
    requestHeaders.load(context.globalState.get(REQUEST_HEADERS_KEY));
    const actions = new SubscriptionActions({ accounts, store, clock, recent: recentActions, clientStates: receiver.clientStates, log: log.child('actions'), requestHeaders });
    context.subscriptions.push(accounts, store, receiver);
    const eventHubs = new EventHubsSourcesImpl(context, log.child('eventhubs'), { accounts, receiver });
    context.subscriptions.push(eventHubs);
    const watchdog = new WatchdogServiceImpl(context, log.child('watchdog'), { clock, accounts, store, receiver, actions });
    context.subscriptions.push(watchdog);
    const resync = new ResyncServiceImpl({ context, receiver, clock, log: log.child('resync') });
    context.subscriptions.push(resync);
    const explorer = new NotificationsExplorerServiceImpl(context, log.child('explorer'), { receiver, accounts, store });
    context.subscriptions.push(explorer);
    const services: Services = { context, log, accounts, store, receiver, clock, recentActions, actions, eventHubs, watchdog, requestHeaders, resync, explorer };

    const tree = registerTree(services);
    const editor = registerEditor(services);
    registerReceiver(services);
    registerEventGridSandbox(services);
    registerLifecycleHandling(services);
    registerCommands(context, { ...services, tree, editor, logChannel });
    closeServers = async () => {
      const results = await Promise.allSettled([receiver.close(), accounts.close()]);
      for (const r of results) if (r.status === 'rejected') log.error('Closing on deactivate failed', r.reason);
    };
    // Off the activation path: Event Hubs sources the user was reading before the window reloaded
    // start again once activation is done (@azure/event-hubs loads only if there is one).
    const resumeSources = setTimeout(() => {
      eventHubs.resumeRemembered().catch((error: unknown) => log.error('Resuming Event Hubs sources failed', error));
    }, 0);
    context.subscriptions.push({ dispose: () => clearTimeout(resumeSources) });
    log.info(`Activated ${context.extension.packageJSON.version as string} in ${vscode.env.appName} ${vscode.version}`);
    const close = closeServers;
    return { services, tree, sandboxEmulatorForTests: () => accounts.sandboxEmulatorForTests(), drafts: editor.registry, closeServersForTests: close };
  } catch (error) {
    // VS Code does not surface activation failures to the user; we do.
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(`Graph Subscriptions failed to start: ${String(error)}`, 'Show Log').then((c) => {
      if (c) logChannel.show();
    });
    return undefined;
  }
}

/** Resolves when the receiver, tunnel and Sandbox are closed; the rest is in context.subscriptions. */
export function deactivate(): Promise<void> | undefined {
  const close = closeServers;
  closeServers = undefined;
  return close?.();
}
