import { editSubscription as openEditDraft } from '../editor/editSubscriptionCommand';
import type { CommandDeps } from './types';

/** Opens an existing subscription as an update draft. */
export const editSubscription = (deps: CommandDeps) => (arg?: unknown) => openEditDraft(deps.editor, arg);
