import { createSubscription as openNewDraft } from '../editor/createSubscriptionCommand';
import type { CommandDeps } from './types';

/** Picks a resource type and path, then opens a new draft; resolves to the draft's URI. */
export const createSubscription = (deps: CommandDeps) => (arg?: unknown) => openNewDraft(deps.editor, arg);
