/**
 * Graph failures as data (`GraphRequestError`) and as messages with a next step
 * (`describeGraphError` → `UserFacingError`). Pure: no `vscode` import; the next steps are command
 * ids the command wrapper runs when the user picks a button.
 * Source: https://learn.microsoft.com/en-us/graph/errors, https://learn.microsoft.com/en-us/graph/errors.
 */
import { CommandId } from '../constants';
import type { AccountKind } from '../catalog/types';
import { UserFacingError, type NextStep } from '../util/errors';
import { decodePaymentRequired } from './paymentErrors';
import { permissionHint } from './permissionHint';
import type { GraphErrorBody, Subscription } from './types';

/** A failed Graph call. `status` is 0 when no HTTP response arrived (network, DNS, refused). */
export class GraphRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly graphMessage: string | undefined,
    readonly requestId: string | undefined,
    readonly body: GraphErrorBody | undefined,
    options?: { cause?: unknown; retryAfterSeconds?: number; url?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GraphRequestError';
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.url = options?.url;
  }
  readonly retryAfterSeconds: number | undefined;
  /** The request URL (no query string), for messages. */
  readonly url: string | undefined;

  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /** Builds the error from a status and a (possibly non-JSON) response text. */
  static fromResponse(status: number, text: string, url?: string): GraphRequestError {
    const body = parseGraphErrorBody(text);
    const code = body?.error.code;
    const graphMessage = body?.error.message;
    const requestId = body?.error.innerError?.['request-id'];
    const summary = graphMessage ? `${code ?? 'Error'}: ${graphMessage}` : text.slice(0, 200) || `HTTP ${status}`;
    return new GraphRequestError(`Graph returned ${status}. ${summary}`, status, code, graphMessage, requestId, body, { url });
  }

  static network(cause: unknown, url?: string): GraphRequestError {
    const reason = describeCause(cause);
    return new GraphRequestError(`Could not reach Microsoft Graph${url ? ` at ${originOf(url)}` : ''}: ${reason}`, 0, undefined, undefined, undefined, undefined, {
      cause,
      url,
    });
  }
}

/** Acquiring a token failed or needs the user (expired refresh token, consent, cancelled sign-in). */
export class SignInRequiredError extends Error {
  constructor(
    message: string,
    readonly accountId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SignInRequiredError';
  }
}

/**
 * True for a `GraphRequestError`, also one built by another copy of this module (the extension
 * bundle and the transpiled tests each have their own class object, so `instanceof` is not enough).
 */
export function isGraphRequestError(error: unknown): error is GraphRequestError {
  return error instanceof GraphRequestError || (error instanceof Error && error.name === 'GraphRequestError' && typeof (error as { status?: unknown }).status === 'number');
}

export function isSignInRequiredError(error: unknown): error is SignInRequiredError {
  return error instanceof SignInRequiredError || (error instanceof Error && error.name === 'SignInRequiredError');
}

export function parseGraphErrorBody(text: string | undefined): GraphErrorBody | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && 'error' in parsed) {
      const error = (parsed as { error: unknown }).error;
      if (error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string') {
        return parsed as GraphErrorBody;
      }
    }
  } catch {
    // not JSON: the caller keeps the raw text
  }
  return undefined;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const code = inner && typeof inner === 'object' ? (inner as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? `${cause.message} (${code})` : cause.message;
  }
  return String(cause);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

export type GraphOperation = 'list' | 'get' | 'create' | 'update' | 'renew' | 'delete' | 'reauthorize' | 'recreate';

/** What the message may mention: the failed operation and, when known, its subscription and account. */
export interface GraphErrorContext {
  operation: GraphOperation;
  subscription?: Pick<Subscription, 'resource' | 'changeType' | 'notificationUrl'> & {
    id?: string;
    lifecycleNotificationUrl?: string | null;
  };
  account?: { id: string; label: string; kind: AccountKind; isSandbox?: boolean };
  /** Scopes or roles the token has (from `Account.grantedPermissions()`). */
  grantedPermissions?: readonly string[];
  /**
   * Least-privileged permissions the catalog names for this resource and operation (any one suffices).
   * Filled by `permissionHint` in src/graph/permissionHint.ts when the catalog knows the resource.
   */
  requiredPermissions?: readonly string[];
  /** The button that runs the failed operation again (429/503/504, quota); default: Refresh. */
  retry?: NextStep;
}

const OPERATION_VERBS: Record<GraphOperation, string> = {
  list: 'list subscriptions',
  get: 'read the subscription',
  create: 'create the subscription',
  update: 'update the subscription',
  renew: 'renew the subscription',
  delete: 'delete the subscription',
  reauthorize: 'reauthorize the subscription',
  recreate: 'recreate the subscription',
};

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The id of the existing subscription a 409 names ("Subscription Id <id> already exists…"), if any. */
export function existingSubscriptionIdFrom409(error: GraphRequestError): string | undefined {
  return error.graphMessage?.match(GUID)?.[0];
}

/**
 * Turns any failure of a Graph call into a one-line message with next steps the user can take.
 * Non-Graph errors pass through unchanged when already user-facing.
 */
export function describeGraphError(error: unknown, context: GraphErrorContext): UserFacingError {
  if (error instanceof UserFacingError || (error instanceof Error && error.name === 'UserFacingError')) return error as UserFacingError;
  const verb = OPERATION_VERBS[context.operation];
  const where = context.account ? ` (${context.account.label})` : '';
  const signIn: NextStep = { title: 'Sign In', command: CommandId.signIn, args: context.account ? [{ accountId: context.account.id }] : [] };

  if (isSignInRequiredError(error)) {
    return new UserFacingError(`Sign-in needed to ${verb}${where}: ${error.message}`, [signIn], undefined, { cause: error });
  }
  if (!isGraphRequestError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new UserFacingError(`Could not ${verb}${where}: ${message}`, [], undefined, { cause: error });
  }

  const graphText = error.graphMessage ? ` Graph says: "${error.graphMessage}"` : '';
  const requestId = error.requestId ? `request-id ${error.requestId}` : undefined;
  const sub = context.subscription;
  const subId = sub?.id ?? context.subscription?.id;

  if (error.status === 0) {
    return new UserFacingError(
      `Could not reach Microsoft Graph to ${verb}${where}. ${error.message}. Check your network or proxy, or the sandbox port setting.`,
      [
        { title: 'Retry', command: CommandId.refresh, args: context.account ? [{ accountId: context.account.id }] : [] },
        { title: 'Open Settings', command: 'workbench.action.openSettings', args: ['graphSubscriptions'] },
      ],
      requestId,
      { cause: error },
    );
  }

  switch (error.status) {
    case 400: {
      const validation = /validation/i.test(`${error.code ?? ''} ${error.graphMessage ?? ''}`);
      if (validation) {
        const urls = [sub?.notificationUrl, sub?.lifecycleNotificationUrl].filter((u): u is string => !!u);
        const which = urls.length > 0 ? ` Graph could not validate ${urls.join(' or ')}: it must answer the validation request within 10 seconds with 200 and the validationToken as text/plain.` : '';
        return new UserFacingError(
          `Graph rejected the notification URL while trying to ${verb}.${which}${graphText}`,
          [{ title: 'Run Handshake Self-Test', command: CommandId.handshakeSelfTest, args: urls.length > 0 ? [{ url: urls[0] }] : [] }],
          requestId,
          { cause: error },
        );
      }
      return new UserFacingError(`Graph refused to ${verb}: the request is invalid.${graphText}`, [], requestId, { cause: error });
    }
    case 401:
      return new UserFacingError(`Graph did not accept the sign-in to ${verb}${where}.${graphText}`, [signIn], requestId, { cause: error });
    case 402: {
      // Teams licensing models (https://learn.microsoft.com/en-us/graph/teams-licenses#payment-related-errors).
      const decoded = decodePaymentRequired(error.graphMessage);
      const on = sub ? ` on ${sub.resource}` : '';
      return new UserFacingError(`Payment Required: Graph refused to ${verb}${on}${where}. ${decoded.explanation}${graphText}`, decoded.nextSteps, requestId, { cause: error });
    }
    case 403: {
      // The quota is not a permission problem: Graph answers 403 ExtensionError "…Maximum number of
      // subscriptions has been reached" (https://learn.microsoft.com/en-us/graph/change-notifications-overview#subscription-lifetime).
      if (isQuotaError(error)) {
        return new UserFacingError(
          `Graph refused to ${verb}${where}: the subscription quota is reached${sub ? ` for ${sub.resource}` : ''}. Delete subscriptions you no longer need (they count until they expire), then try again.${graphText}`,
          [context.retry ?? { title: 'Retry', command: CommandId.refresh, args: context.account ? [{ accountId: context.account.id }] : [] }, { title: 'Show Subscriptions', command: CommandId.refresh, args: context.account ? [{ accountId: context.account.id }] : [] }],
          requestId,
          { cause: error },
        );
      }
      const required =
        context.requiredPermissions ??
        (sub && context.account ? permissionHint(sub.resource, context.account.kind, context.operation) : undefined) ??
        [];
      const granted = context.grantedPermissions;
      const need = required.length > 0 ? ` It needs ${formatAnyOf(required)}${sub ? ` for ${sub.resource}` : ''}.` : '';
      const has = granted === undefined ? '' : granted.length > 0 ? ` The token has: ${granted.join(', ')}.` : ' The token carries no permissions.';
      // The Sandbox has no sign-in (its tokens carry every permission the catalog names): a 403
      // there is about the account kind or a quota, and signing in would change nothing.
      const steps: NextStep[] = context.account?.isSandbox ? [] : [signIn];
      if (context.account && !context.account.isSandbox && context.account.kind !== 'application') {
        steps[0] = { title: 'Sign In Again', command: CommandId.signIn, args: [{ accountId: context.account.id, scopes: required.slice(0, 1) }] };
      }
      return new UserFacingError(`Permission denied to ${verb}${where}.${need}${has}${graphText}`, steps, requestId, { cause: error });
    }
    case 404: {
      const steps: NextStep[] = subId ? [{ title: 'Recreate', command: CommandId.recreateSubscription, args: [{ subscriptionId: subId }] }] : [];
      return new UserFacingError(
        `The subscription${subId ? ` ${subId}` : ''} no longer exists (expired or deleted), so Graph cannot ${verb.replace(/ the subscription$/, '')} it. Create it again from its last known definition.`,
        steps,
        requestId,
        { cause: error },
      );
    }
    case 409: {
      const existing = existingSubscriptionIdFrom409(error);
      const steps: NextStep[] = [
        {
          title: 'Open Existing Subscription',
          command: CommandId.showSubscriptionJson,
          args: [{ accountId: context.account?.id, subscriptionId: existing, resource: sub?.resource, changeType: sub?.changeType, reveal: true }],
        },
      ];
      return new UserFacingError(
        `A subscription for ${sub ? `${sub.changeType} on ${sub.resource}` : 'this resource and change type'} already exists${existing ? ` (${existing})` : ''}. Renew or edit it instead of creating another.`,
        steps,
        requestId,
        { cause: error },
      );
    }
    case 429:
    case 503:
    case 504: {
      const busy = error.status === 429 ? 'is throttling this app (429 Too Many Requests)' : `is unavailable (HTTP ${error.status})`;
      const wait = error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 0 ? ` It asks to wait ${error.retryAfterSeconds} s before the next try.` : ' Try again in a minute.';
      return new UserFacingError(
        `Microsoft Graph ${busy} and still refused to ${verb}${where} after the retries.${wait}${graphText}`,
        [context.retry ?? { title: 'Retry', command: CommandId.refresh, args: context.account ? [{ accountId: context.account.id }] : [] }],
        requestId,
        { cause: error },
      );
    }
    default:
      return new UserFacingError(`Could not ${verb}${where}: HTTP ${error.status}.${graphText}`, [], requestId, { cause: error });
  }
}

/** Graph's "maximum number of subscriptions" / quota answers (403 ExtensionError, or the older 429 SubscriptionCountReached). */
export function isQuotaError(error: GraphRequestError): boolean {
  return /maximum number of subscriptions|has reached (its )?limit|SubscriptionCountReached|quota/i.test(`${error.code ?? ''} ${error.graphMessage ?? ''}`);
}

function formatAnyOf(permissions: readonly string[]): string {
  if (permissions.length === 1) return permissions[0];
  return `${permissions[0]} (least privileged; or any of ${permissions.slice(1).join(', ')})`;
}
