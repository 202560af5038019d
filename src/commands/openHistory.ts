import type { CommandDeps } from './types';

/**
 * "Open Notification History": the notifications explorer over the history file (filters, chart,
 * duplicates, payloads; the raw JSON Lines file is one button away in it).
 */
export const openHistory = (deps: CommandDeps) => () => deps.explorer.show();
