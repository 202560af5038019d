/**
 * Builds the text of a new subscription draft as a VS Code snippet (tab stops for the ids of the
 * resource path, the change types and a missing public URL). Pure: no `vscode` import.
 * Snippet syntax: https://code.visualstudio.com/docs/editing/userdefinedsnippets#_snippet-syntax
 * (`$`, `}` and `\` are escaped with a backslash).
 */
import { randomBytes } from 'node:crypto';

export interface DraftTemplateInput {
  /** Resource path pattern from the catalog, e.g. `users/{id}/messages`. */
  pattern: string;
  /** Change types the resource supports; all are proposed. */
  changeTypes: readonly string[];
  /** ISO expiration, usually the resource's maximum. */
  expirationDateTime: string;
  /** Receiver URL; undefined inserts a placeholder tab stop the validator flags. */
  notificationUrl: string | undefined;
  /** Whether `lifecycleNotificationUrl` must be present (Teams resources over one hour). */
  lifecycleRequired: boolean;
  lifecycleNotificationUrl: string | undefined;
  clientState: string;
  /**
   * A snippet (tab stops from the number given) for a non-webhook notificationUrl (Event Hubs, Event
   * Grid); it replaces notificationUrl and, mirrored, lifecycleNotificationUrl.
   */
  channelUrl?: (firstTabStop: number) => { snippet: string; next: number };
  /** Extra properties (e.g. notificationQueryOptions) inserted verbatim as JSON values. */
  extra?: Record<string, string | boolean | Record<string, unknown>>;
}

export const PUBLIC_URL_PLACEHOLDER = 'https://<your-public-host>/notifications';
export const PUBLIC_LIFECYCLE_PLACEHOLDER = 'https://<your-public-host>/lifecycle';

/** Escapes literal text for a snippet. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** A random clientState: 32 url-safe characters (Graph allows up to 128). */
export function randomClientState(): string {
  return randomBytes(24).toString('base64url');
}

/** JSON string literal (without the quotes) escaped for a snippet. */
function jsonInner(value: string): string {
  return escapeSnippet(JSON.stringify(value).slice(1, -1));
}

/** `users/{id}/messages` → `users/${1:id}/messages`; returns the snippet and the next tab stop. */
export function patternToSnippet(pattern: string, firstTabStop = 1): { snippet: string; next: number } {
  let n = firstTabStop;
  let out = '';
  let last = 0;
  for (const m of pattern.matchAll(/\{([^{}]+)\}/g)) {
    out += jsonInner(pattern.slice(last, m.index));
    out += `\${${n++}:${jsonInner(m[1])}}`;
    last = (m.index ?? 0) + m[0].length;
  }
  out += jsonInner(pattern.slice(last));
  return { snippet: out, next: n };
}

/** The snippet text of a new draft. Property order follows Microsoft's examples. */
export function buildDraftSnippet(input: DraftTemplateInput): string {
  const { snippet: resource, next } = patternToSnippet(input.pattern);
  let n = next;
  const lines: string[] = [];
  lines.push(`\t"changeType": "\${${n++}:${jsonInner(input.changeTypes.join(','))}}"`);
  const channel = input.channelUrl?.(n);
  if (channel) n = channel.next;
  const url = channel
    ? `"${channel.snippet}"`
    : input.notificationUrl
      ? `"${jsonInner(input.notificationUrl)}"`
      : `"\${${n++}:${jsonInner(PUBLIC_URL_PLACEHOLDER)}}"`;
  lines.push(`\t"notificationUrl": ${url}`);
  if (input.lifecycleRequired) {
    const lc = channel ? url : input.lifecycleNotificationUrl
      ? `"${jsonInner(input.lifecycleNotificationUrl)}"`
      : `"\${${n++}:${jsonInner(PUBLIC_LIFECYCLE_PLACEHOLDER)}}"`;
    lines.push(`\t"lifecycleNotificationUrl": ${lc}`);
  }
  lines.push(`\t"resource": "${resource}"`);
  lines.push(`\t"expirationDateTime": "${jsonInner(input.expirationDateTime)}"`);
  lines.push(`\t"clientState": "${jsonInner(input.clientState)}"`);
  for (const [key, value] of Object.entries(input.extra ?? {})) {
    lines.push(`\t"${jsonInner(key)}": ${escapeSnippet(JSON.stringify(value))}`);
  }
  lines.push(`\t"includeResourceData": false$0`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/**
 * The text a snippet expands to with every placeholder at its default (what the user sees before
 * typing). Supports the subset `buildDraftSnippet` emits: `$n`, `${n}`, `${n:default}`, escapes.
 */
export function expandSnippet(snippet: string): string {
  let out = '';
  let i = 0;
  const readUntilClose = (): string => {
    let text = '';
    while (i < snippet.length && snippet[i] !== '}') {
      if (snippet[i] === '\\' && i + 1 < snippet.length) {
        text += snippet[i + 1];
        i += 2;
      } else if (snippet[i] === '$') {
        text += readTabStop();
      } else {
        text += snippet[i++];
      }
    }
    i++; // '}'
    return text;
  };
  const readTabStop = (): string => {
    i++; // '$'
    if (snippet[i] === '{') {
      i++;
      while (/[0-9]/.test(snippet[i] ?? '')) i++;
      if (snippet[i] === ':') i++;
      return readUntilClose();
    }
    while (/[0-9]/.test(snippet[i] ?? '')) i++;
    return '';
  };
  while (i < snippet.length) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length) {
      out += snippet[i + 1];
      i += 2;
    } else if (c === '$') {
      out += readTabStop();
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
