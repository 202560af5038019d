/**
 * Whether a subscription's notificationUrl is still served by this window's receiver or tunnel.
 * A subscription keeps the URL it was created with; when the tunnel comes up with a new public URL
 * (or the receiver with a new port) and the user declines re-pointing, Graph keeps posting to an
 * address nobody answers, and the subscription goes quiet with no error anywhere. Graph allows a
 * PATCH of notificationUrl (https://learn.microsoft.com/en-us/graph/api/subscription-update).
 *
 * Only URLs this receiver has served (its bases, remembered across reloads) are judged: a
 * subscription pointing at the user's own app is none of the watchdog's business. No `vscode` import.
 */

/** What the receiver serves now. `undefined` receiver: stopped. */
export interface ReceiverBases {
  /** `http://127.0.0.1:<port>` while the receiver runs. */
  readonly local?: string;
  /** The tunnel's (or custom) public URL while a tunnel is up. */
  readonly public?: string;
}

export type EndpointVerdict =
  /** Points at what the receiver serves now. */
  | { kind: 'served' }
  /** Event Hubs / Event Grid, or an address this receiver never served: not judged. */
  | { kind: 'notJudged' }
  /** Points at this receiver, which is stopped. */
  | { kind: 'receiverStopped'; base: string }
  /** Points at a public URL this receiver used before, while no tunnel is up now. */
  | { kind: 'tunnelDown'; base: string }
  /** Points at an address this receiver used before; `newBase` is the one it serves now. */
  | { kind: 'moved'; oldBase: string; newBase: string };

/** A base URL this receiver served: its local address or a public (tunnel) URL. */
export interface KnownBase {
  readonly base: string;
  readonly kind: 'local' | 'public';
}

/** `https://x.example/` and `https://x.example` are the same base. */
export function normalizeBase(base: string): string {
  return base.replace(/\/+$/, '');
}

export function underBase(url: string, base: string): boolean {
  const b = normalizeBase(base);
  return url === b || url.startsWith(`${b}/`) || url.startsWith(`${b}?`);
}

/**
 * `knownBases`: every base this receiver served (local and public), the current ones included.
 * The longest matching base wins (a custom URL with a path under another host's root).
 */
export function endpointVerdict(notificationUrl: string, receiver: ReceiverBases | undefined, knownBases: readonly KnownBase[]): EndpointVerdict {
  if (!/^https?:\/\//i.test(notificationUrl)) return { kind: 'notJudged' };
  const current = [receiver?.local, receiver?.public].filter((b): b is string => !!b);
  if (current.some((b) => underBase(notificationUrl, b))) return { kind: 'served' };
  const known = knownBases.filter((k) => underBase(notificationUrl, k.base)).sort((a, b) => normalizeBase(b.base).length - normalizeBase(a.base).length)[0];
  if (!known) return { kind: 'notJudged' };
  const base = normalizeBase(known.base);
  if (!receiver || (!receiver.local && !receiver.public)) return { kind: 'receiverStopped', base };
  // An old port moves to the receiver's port now; an old public URL to the tunnel's URL now.
  const target = known.kind === 'local' ? receiver.local : receiver.public;
  if (!target) return { kind: 'tunnelDown', base };
  return { kind: 'moved', oldBase: base, newBase: normalizeBase(target) };
}
