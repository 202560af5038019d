/**
 * Errors the user can act on. Domain code throws `UserFacingError` with a one-line message and
 * optional next steps; the command wrapper shows the message with the steps as buttons.
 */
export interface NextStep {
  /** Button label, e.g. "Sign In", "Show Output", "Open Existing Subscription". */
  title: string;
  /** Command to run when chosen (a `graphSubscriptions.*` id or any VS Code command). */
  command: string;
  args?: unknown[];
}

export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly nextSteps: NextStep[] = [],
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserFacingError';
  }
}

/** Thrown (or returned) when the user dismissed a prompt: the wrapper stays silent. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof CancelledError || (error instanceof Error && error.name === 'Canceled');
}
