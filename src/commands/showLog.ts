import type { CommandDeps } from './types';

export const showLog = (deps: CommandDeps) => () => deps.logChannel.show(true);
