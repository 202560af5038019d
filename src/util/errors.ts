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

/**
 * How the wrapper shows a `UserFacingError`: `error` (red, logged with its stack) for failures;
 * `warning` / `info` for expected conditions the user can act on (the 10-minute rule, a tunnel mode
 * of "none"), logged as one line without a stack trace.
 */
export type UserFacingSeverity = 'error' | 'warning' | 'info';

export class UserFacingError extends Error {
  readonly severity: UserFacingSeverity;
  constructor(
    message: string,
    readonly nextSteps: NextStep[] = [],
    readonly detail?: string,
    options?: { cause?: unknown; severity?: UserFacingSeverity },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserFacingError';
    this.severity = options?.severity ?? 'error';
  }
}

/** An expected condition with a next step: shown as a warning, logged without a stack trace. */
export function expectedCondition(message: string, nextSteps: NextStep[] = [], severity: Exclude<UserFacingSeverity, 'error'> = 'warning'): UserFacingError {
  return new UserFacingError(message, nextSteps, undefined, { severity });
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
