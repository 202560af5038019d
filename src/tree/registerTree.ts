// PLACEHOLDER (issue 5 replaces this file): tree view and subscription commands.
import type { Services } from '../services';
export function registerTree(_services: Services): void {}
