/**
 * The choices of "Renew…", named by what they do: each sets the expiry to a time counted from now
 * (Graph's PATCH sets `expirationDateTime`; it does not add to it), so a choice that would end
 * the subscription sooner than it ends now says so.
 * https://learn.microsoft.com/en-us/graph/api/subscription-update
 * Pure: no `vscode` import.
 */
import { relativeCountdown } from './treeModel';

export interface RenewChoice {
  label: string;
  description?: string;
  /** The new expiry; undefined for "a date and time…" (asked next). */
  at?: Date;
  exact?: boolean;
  /** The new expiry is earlier than the current one. */
  shortens: boolean;
}

const STEPS: [string, number][] = [
  ['1 hour', 1],
  ['1 day', 24],
  ['3 days', 72],
  ['7 days', 168],
];

/** "shorter: now expires in 28 d" when `at` is before `current`. */
export function shortensNote(current: Date, at: Date, now: Date): string | undefined {
  return at.getTime() < current.getTime() ? `$(warning) shorter: now it expires ${relativeCountdown(current.toISOString(), now)}` : undefined;
}

export function renewChoices(current: Date, now: Date, max: { expiration: Date; known: boolean }, format: (d: Date) => string): RenewChoice[] {
  const choice = (label: string, at: Date, extra?: string): RenewChoice => {
    const note = shortensNote(current, at, now);
    return { label, at, shortens: note !== undefined, description: [format(at), extra, note].filter(Boolean).join(' · ') };
  };
  return [
    choice('Set expiry to the maximum', max.expiration, max.known ? undefined : 'resource not in the catalog: 4,230 min'),
    ...STEPS.map(([label, hours]) => ({ label, at: new Date(now.getTime() + hours * 3_600_000) }))
      .filter((s) => s.at.getTime() <= max.expiration.getTime())
      .map((s) => choice(`Set expiry to ${s.label} from now`, s.at)),
    { label: 'Set expiry to a date and time…', exact: true, shortens: false },
  ];
}

/** The confirmation shown before shortening. */
export function shortenQuestion(resource: string, current: Date, at: Date, now: Date, format: (d: Date) => string): { message: string; detail: string } {
  return {
    message: `Shorten the subscription to ${resource}?`,
    detail: `It expires ${relativeCountdown(current.toISOString(), now)} now (${format(current)}); after this it expires ${relativeCountdown(at.toISOString(), now)} (${format(at)}).`,
  };
}
