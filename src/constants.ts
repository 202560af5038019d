/**
 * Every identifier the extension shares with its manifest (package.json `contributes`), in one
 * typed place. A test checks `contributes.commands` against `CommandId` in both directions.
 */
export const EXTENSION_ID = 'graph-subscriptions.graph-subscriptions';

export const CommandId = {
  refresh: 'graphSubscriptions.refresh',
  signIn: 'graphSubscriptions.signIn',
  signOut: 'graphSubscriptions.signOut',
  openSandbox: 'graphSubscriptions.openSandbox',
  createSubscription: 'graphSubscriptions.createSubscription',
  editSubscription: 'graphSubscriptions.editSubscription',
  renewSubscription: 'graphSubscriptions.renewSubscription',
  renewToMax: 'graphSubscriptions.renewToMax',
  renewAllExpiring: 'graphSubscriptions.renewAllExpiring',
  reauthorizeSubscription: 'graphSubscriptions.reauthorizeSubscription',
  deleteSubscription: 'graphSubscriptions.deleteSubscription',
  recreateSubscription: 'graphSubscriptions.recreateSubscription',
  copySubscriptionId: 'graphSubscriptions.copySubscriptionId',
  showSubscriptionJson: 'graphSubscriptions.showSubscriptionJson',
  submitDraft: 'graphSubscriptions.submitDraft',
  simulateChange: 'graphSubscriptions.simulateChange',
  simulateLifecycleEvent: 'graphSubscriptions.simulateLifecycleEvent',
  sandboxTeamsLicensing: 'graphSubscriptions.sandboxTeamsLicensing',
  chooseSandboxChaosProfile: 'graphSubscriptions.chooseSandboxChaosProfile',
  startReceiver: 'graphSubscriptions.startReceiver',
  stopReceiver: 'graphSubscriptions.stopReceiver',
  startTunnel: 'graphSubscriptions.startTunnel',
  stopTunnel: 'graphSubscriptions.stopTunnel',
  chooseTunnelMode: 'graphSubscriptions.chooseTunnelMode',
  setNgrokAuthtoken: 'graphSubscriptions.setNgrokAuthtoken',
  copyPublicUrl: 'graphSubscriptions.copyPublicUrl',
  handshakeSelfTest: 'graphSubscriptions.handshakeSelfTest',
  checkReceiver: 'graphSubscriptions.checkReceiver',
  showNotifications: 'graphSubscriptions.showNotifications',
  openHistory: 'graphSubscriptions.openHistory',
  replayNotification: 'graphSubscriptions.replayNotification',
  generateCertificate: 'graphSubscriptions.generateCertificate',
  importCertificate: 'graphSubscriptions.importCertificate',
  showLog: 'graphSubscriptions.showLog',
  readEventHubs: 'graphSubscriptions.readEventHubs',
  stopEventHubs: 'graphSubscriptions.stopEventHubs',
  setExpectedActivity: 'graphSubscriptions.setExpectedActivity',
  showWatchdog: 'graphSubscriptions.showWatchdog',
  repointSubscription: 'graphSubscriptions.repointSubscription',
  acknowledgeWatchdog: 'graphSubscriptions.acknowledgeWatchdog',
  exportSubscription: 'graphSubscriptions.exportSubscription',
  resyncSubscription: 'graphSubscriptions.resyncSubscription',
  findOrphanedSubscriptions: 'graphSubscriptions.findOrphanedSubscriptions',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

export const ViewId = {
  container: 'graphSubscriptions',
  subscriptions: 'graphSubscriptions.subscriptions',
} as const;

/** Context keys set with `setContext`; used by `when` clauses and `viewsWelcome`. */
export const ContextKey = {
  hasAccounts: 'graphSubscriptions.hasAccounts',
  receiverRunning: 'graphSubscriptions.receiverRunning',
  tunnelRunning: 'graphSubscriptions.tunnelRunning',
  draftActive: 'graphSubscriptions.draftActive',
} as const;

/**
 * `contextValue` vocabulary of tree items. Menus match them with `viewItem =~ /…/`, so each value
 * is a colon-separated list of facets: `account:sandbox`, `subscription:healthy:sandbox`, …
 */
export const TreeItemContext = {
  account: 'account',
  subscription: 'subscription',
  error: 'error',
  message: 'message',
} as const;

/**
 * Setting keys under the `graphSubscriptions.` prefix. Their types and defaults are in
 * `src/util/configSchema.ts` (a test checks them against package.json); read them with `getConfig`
 * from `src/util/config.ts`.
 */
export const ConfigKey = {
  sandboxEnabled: 'sandbox.enabled',
  sandboxPort: 'sandbox.port',
  sandboxStatePath: 'sandbox.statePath',
  sandboxTokenVersion: 'sandbox.tokenVersion',
  sandboxChaosProfile: 'sandbox.chaos.profile',
  sandboxChaosSeed: 'sandbox.chaos.seed',
  appRegistrations: 'accounts.appRegistrations',
  expiringSoonMinutes: 'tree.expiringSoonMinutes',
  refreshIntervalSeconds: 'tree.refreshIntervalSeconds',
  autoRenewEnabled: 'autoRenew.enabled',
  autoRenewLeadMinutes: 'autoRenew.leadMinutes',
  receiverPort: 'receiver.port',
  receiverMaxBodyBytes: 'receiver.maxBodyBytes',
  receiverForwardUrl: 'receiver.forwardUrl',
  tunnelMode: 'tunnel.mode',
  tunnelCustomPublicUrl: 'tunnel.customPublicUrl',
  tunnelNgrokDomain: 'tunnel.ngrokDomain',
  notificationsVerbosity: 'notifications.verbosity',
  historyMaxBytes: 'history.maxBytes',
  validationDebounceMs: 'validation.debounceMs',
  watchdogDefaultExpectedMinutes: 'watchdog.defaultExpectedMinutes',
  watchdogStatusBar: 'watchdog.statusBar',
} as const;
export type ConfigKey = (typeof ConfigKey)[keyof typeof ConfigKey];

export const CONFIG_SECTION = 'graphSubscriptions';
export const DRAFT_FILE_SUFFIX = '.subscription.json';
export const LOG_CHANNEL_NAME = 'Graph Subscriptions';
export const NOTIFICATIONS_CHANNEL_NAME = 'Graph Notifications';
