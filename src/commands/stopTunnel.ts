import type { CommandDeps } from './types';

export const stopTunnel = (deps: CommandDeps) => () => deps.receiver.stopTunnel();
