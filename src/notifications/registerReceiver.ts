// PLACEHOLDER (issue 7 replaces this file): receiver, tunnel, output and certificate commands.
import type { Services } from '../services';
export function registerReceiver(_services: Services): void {}
