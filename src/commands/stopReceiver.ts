import type { CommandDeps } from './types';

/** Stops receiver and tunnel; a window reload will not resume them. */
export const stopReceiver = (deps: CommandDeps) => () => deps.receiver.stop();
