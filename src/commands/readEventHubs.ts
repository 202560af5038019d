import type { ReadEventHubsArgs } from '../notifications/eventHubsSourceService';
import { withoutWaitingOnErrorMessage, type CommandDeps } from './types';

/** "Read Notifications from Event Hubs…": resolves to the source's label. */
// Programmatic callers (walkthrough links, tests) are not held by the error toast.
export const readEventHubs = (deps: CommandDeps) => withoutWaitingOnErrorMessage((args?: ReadEventHubsArgs) => deps.eventHubs.read(args && typeof args === 'object' ? args : {}));
