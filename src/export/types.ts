/**
 * What every exporter turns into text: one subscriptions API request (create or update) with its
 * body, extra headers and the Graph root of the account's cloud. Secrets are never values here
 * unless the user asked for them: a `SecretRef` stands for clientState and each format writes its
 * own placeholder (a REST Client variable, an environment variable…). Pure: no `vscode` import.
 */

/** Stands for a secret the exported text reads from the environment instead of inlining it. */
export class SecretRef {
  constructor(
    /** The property it stands for (`clientState`). */
    readonly property: string,
    /** The environment variable the exported text reads (`GRAPH_CLIENT_STATE`). */
    readonly envVar: string,
  ) {}
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type ExportValue = JsonValue | SecretRef;

export interface ExportRequest {
  /** `POST /subscriptions` (create) or `PATCH /subscriptions/{id}` (update). */
  operation: 'create' | 'update';
  /** The subscription an update targets. */
  subscriptionId?: string;
  /** Graph root without version and without trailing slash, e.g. `https://graph.microsoft.us`. */
  graphEndpoint: string;
  /** `v1.0` unless told otherwise. */
  version?: string;
  /** The JSON body in the order to write it; a secret is a `SecretRef` unless inlined on request. */
  body: Record<string, ExportValue>;
  /** Extra request headers (e.g. `Prefer: IdType="ImmutableId"`); never in the body. */
  headers: Record<string, string>;
  /** A line for the reader (e.g. where the subscription was exported from), written as a comment. */
  note?: string;
}

/** The environment variable each format reads the access token from, where the format needs one. */
export const TOKEN_ENV_VAR = 'GRAPH_TOKEN';
export const CLIENT_STATE_ENV_VAR = 'GRAPH_CLIENT_STATE';

export interface ExportFormat {
  readonly id: ExportFormatId;
  readonly label: string;
  readonly detail: string;
  /** VS Code language id of the document the export opens in (plaintext when not installed). */
  readonly languageId: string;
  render(request: ExportRequest): string;
}

export type ExportFormatId = 'http' | 'curl' | 'powershell' | 'm365' | 'javascript' | 'csharp';

/** `https://graph.microsoft.com/v1.0/subscriptions[/{id}]`. */
export function requestUrl(request: ExportRequest): string {
  const base = `${request.graphEndpoint.replace(/\/+$/, '')}/${request.version ?? 'v1.0'}/subscriptions`;
  return request.operation === 'update' && request.subscriptionId ? `${base}/${encodeURIComponent(request.subscriptionId)}` : base;
}

export function requestMethod(request: ExportRequest): 'POST' | 'PATCH' {
  return request.operation === 'update' ? 'PATCH' : 'POST';
}

/** The body as JSON with each secret replaced by `placeholder(ref)` (a JSON string value). */
export function bodyJson(body: Record<string, ExportValue>, placeholder: (ref: SecretRef) => string, indent: string | number = 2): string {
  const plain: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(body)) plain[k] = v instanceof SecretRef ? placeholder(v) : v;
  return JSON.stringify(plain, null, indent);
}

export function secretsIn(body: Record<string, ExportValue>): SecretRef[] {
  return Object.values(body).filter((v): v is SecretRef => v instanceof SecretRef);
}

/** The comment lines every export starts with: what the request does, and the note if any. */
export function headerComments(request: ExportRequest, marker: string): string[] {
  return [`${marker} ${summary(request)}.`, ...(request.note ? [`${marker} ${request.note.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ')}`] : [])];
}

/** One line saying where the request goes and what it does, for each format's header comment. */
export function summary(request: ExportRequest): string {
  return request.operation === 'update'
    ? `Update (renew or re-point) Microsoft Graph subscription ${request.subscriptionId ?? ''}`.trimEnd()
    : 'Create a Microsoft Graph change-notification subscription';
}
