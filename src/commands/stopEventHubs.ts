import type { CommandDeps } from './types';

/** "Stop Reading Event Hubs": resolves to how many sources were stopped. */
export const stopEventHubs = (deps: CommandDeps) => () => deps.eventHubs.stopAll();
