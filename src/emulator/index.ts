/**
 * Public API of the local Graph emulator. Pure Node (no `vscode`): used by the extension's
 * Sandbox account, by tests, and by the `graph-subscriptions-emulator` command line.
 */
import { randomUUID } from 'node:crypto';
import { GraphEmulator } from './emulator';
import type { Emulator, EmulatorOptions } from './options';
import { SubscriptionStore } from './store';
import { TokenAuthority } from './tokens';
import { nullLogger } from '../util/logger';

export type { Emulator, EmulatorFault, EmulatorOptions, SimulateChangeOptions } from './options';
export type { DeliveryAttempt, DeliveryCounters, DeliveryReport } from './delivery';
export type { EndpointState, ThrottleState } from './throttling';
export type { TokenRequest, Principal, TokenVersion } from './tokens';
export { CONSUMER_TENANT_ID, SANDBOX_APP_ID, SANDBOX_DAEMON_APP_ID, SANDBOX_USER_ID, parseTokenVersion } from './tokens';
export { LIFECYCLE_EVENTS, lifecycleEventRefusal, lifecycleEventsFor } from './lifecycle';
export { EmulatorHttpError } from './errors';

/**
 * Starts the emulator on 127.0.0.1. With `statePath`, subscriptions, tenant id and signing key are
 * read from and written to that JSON file, so tokens and subscriptions survive a restart.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = options.statePath ? SubscriptionStore.readState(options.statePath) : undefined;
  const authority = state?.key ? await TokenAuthority.restore(state.key) : await TokenAuthority.generate();
  const log = (options.log ?? nullLogger).child('emulator');
  const store = new SubscriptionStore(state?.tenantId ?? randomUUID(), authority.serialize(), options.statePath, (error) =>
    log.error(`Could not write the emulator state to ${options.statePath}`, error),
  );
  if (state) store.load(state);
  else store.save();
  const emulator = new GraphEmulator(options, store, authority);
  await emulator.listen(options.port ?? 0);
  return emulator;
}
