/**
 * A multi-step input with Back: each step asks for one part of a draft; Back returns to the
 * previous step with what was entered there still filled in; Escape ends the wizard and hands the
 * draft (with everything typed so far) to the caller, who keeps it for the next time the wizard
 * opens. Steps that do not apply to the draft (delegated scopes for an app-only flow) are skipped
 * both ways. No `vscode` import: the VS Code prompts are the `ask` function.
 */

export const BACK = Symbol('back');
export const CANCEL = Symbol('cancel');

export interface WizardStep<D> {
  id: string;
  /** Whether the step is asked for this draft (default: always). */
  applies?: (draft: D) => boolean;
}

export interface StepPosition {
  /** 1-based, over the steps that apply to the current draft. */
  index: number;
  total: number;
}

/** Asks one step; resolves to the draft with the answer, BACK or CANCEL. */
export type AskStep<D> = (step: WizardStep<D>, position: StepPosition, draft: D) => Promise<D | typeof BACK | typeof CANCEL>;

export type WizardOutcome<D> = { done: true; draft: D } | { done: false; draft: D };

export async function runWizard<D>(steps: readonly WizardStep<D>[], initial: D, ask: AskStep<D>): Promise<WizardOutcome<D>> {
  let draft = initial;
  const applying = () => steps.filter((s) => s.applies?.(draft) ?? true);
  let index = 0;
  while (index < applying().length) {
    const current = applying();
    const step = current[index];
    const answer = await ask(step, { index: index + 1, total: current.length }, draft);
    if (answer === CANCEL) return { done: false, draft };
    if (answer === BACK) {
      index = Math.max(0, index - 1);
      continue;
    }
    draft = answer;
    // The answer may change which steps apply: continue after this step in the new list.
    index = applying().findIndex((s) => s.id === step.id) + 1;
  }
  return { done: true, draft };
}
