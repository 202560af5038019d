import type { CommandDeps } from './types';

export const showNotifications = (deps: CommandDeps) => () => deps.receiver.showOutput();
