/**
 * The `Prefer` preferences each subscription was created with. Graph reads request headers on
 * create only and never returns them (https://learn.microsoft.com/en-us/graph/outlook-immutable-id#immutable-id-with-change-notifications),
 * so the extension remembers them: the tree shows them and Recreate sends them again. Persisted by
 * the caller (globalState); not secret. Pure: no `vscode` import.
 */
import { preferHeaderValue } from '../catalog/preferHeaders';

const MAX_ENTRIES = 1000;

export class RequestHeaderMemory {
  private readonly byId = new Map<string, string[]>();

  constructor(private readonly persist: (data: Record<string, string[]>) => void = () => undefined) {}

  /** Restores what `toJSON` returned (anything else is ignored). */
  load(data: unknown): void {
    if (!data || typeof data !== 'object') return;
    for (const [id, prefs] of Object.entries(data as Record<string, unknown>)) {
      if (Array.isArray(prefs)) this.byId.set(id, prefs.filter((p): p is string => typeof p === 'string'));
    }
  }

  /** The preferences a subscription was created with, when it was created from here with some. */
  preferences(subscriptionId: string): readonly string[] | undefined {
    return this.byId.get(subscriptionId);
  }

  /** The request headers to create the subscription again with (undefined: none). */
  headers(subscriptionId: string): Record<string, string> | undefined {
    const value = preferHeaderValue(this.byId.get(subscriptionId) ?? []);
    return value ? { Prefer: value } : undefined;
  }

  remember(subscriptionId: string, preferences: readonly string[]): void {
    if (preferences.length === 0) {
      if (this.byId.delete(subscriptionId)) this.persist(this.toJSON());
      return;
    }
    this.byId.delete(subscriptionId);
    this.byId.set(subscriptionId, [...preferences]);
    while (this.byId.size > MAX_ENTRIES) this.byId.delete(this.byId.keys().next().value as string);
    this.persist(this.toJSON());
  }

  toJSON(): Record<string, string[]> {
    return Object.fromEntries(this.byId);
  }
}
