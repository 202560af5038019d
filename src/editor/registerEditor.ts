// PLACEHOLDER (issue 6 replaces this file): drafts, diagnostics, completions, quick fixes, CodeLens.
import type { Services } from '../services';
export function registerEditor(_services: Services): void {}
