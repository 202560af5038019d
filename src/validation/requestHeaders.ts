/**
 * The draft's request headers: a top-level `"@requestHeaders": { "Prefer": [...] }` that the
 * submit sends as real HTTP headers on create and never puts in the JSON body (Graph would reject
 * an unknown property). Pure: no `vscode` import.
 */
import { preferHeaderValue, REQUEST_HEADERS_PROPERTY, splitPrefer } from '../catalog/index';

export { REQUEST_HEADERS_PROPERTY };

/** The `Prefer` preferences a draft carries (an array, or one comma-separated string), in order. */
export function draftPreferences(draft: Record<string, unknown>): string[] {
  const headers = draft[REQUEST_HEADERS_PROPERTY];
  if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return [];
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (name.toLowerCase() !== 'prefer') continue;
    if (typeof value === 'string') return splitPrefer(value);
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').flatMap(splitPrefer);
  }
  return [];
}

/**
 * Splits a draft into the JSON body to send and the request headers: the body without
 * `@requestHeaders`, and `{ Prefer: "a, b" }` when the draft asks for preferences.
 */
export function splitDraftRequest(draft: Record<string, unknown>): { body: Record<string, unknown>; headers: Record<string, string> | undefined; preferences: string[] } {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(draft)) if (k !== REQUEST_HEADERS_PROPERTY) body[k] = v;
  const preferences = draftPreferences(draft);
  const prefer = preferHeaderValue(preferences);
  return { body, headers: prefer ? { Prefer: prefer } : undefined, preferences };
}
