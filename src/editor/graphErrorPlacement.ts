/**
 * Which draft property a Graph error concerns, so that it can be shown where the user can fix it.
 * Keyword rules over Graph's `code` and `message` [https://learn.microsoft.com/en-us/graph/errors]; the message text can change,
 * so an unplaced error is still shown as a message. Pure: no `vscode` import.
 */

export interface GraphErrorFacts {
  status: number;
  code?: string;
  message?: string;
}

const PROPERTY_NAMES = [
  'lifecycleNotificationUrl',
  'notificationUrl',
  'expirationDateTime',
  'encryptionCertificateId',
  'encryptionCertificate',
  'includeResourceData',
  'clientState',
  'latestSupportedTlsVersion',
  'notificationQueryOptions',
  'changeType',
  'resource',
];

/** The property the error concerns, among `present` (the draft's properties), or undefined. */
export function placeGraphError(error: GraphErrorFacts, present: readonly string[]): string | undefined {
  const message = error.message ?? '';
  let lower = `${error.code ?? ''} ${message}`.toLowerCase();
  const has = (p: string) => present.includes(p);
  const pick = (...candidates: string[]) => candidates.find(has);

  // A property named in the message is the best guess (longest names first: lifecycle before notification).
  for (const name of PROPERTY_NAMES) {
    if (lower.includes(name.toLowerCase()) && has(name)) return name;
  }
  if (/lifecycle/.test(lower)) return pick('lifecycleNotificationUrl', 'resource');
  lower = lower.replace(/lifecyclenotificationurl/g, '');
  if (/validation request|validationerror|handshake|notification ?url|endpoint/.test(lower)) return pick('notificationUrl');
  if (/expiration|minutes in the future|lifetime/.test(lower)) return pick('expirationDateTime');
  if (/certificate|encrypt/.test(lower)) return pick('encryptionCertificate', 'includeResourceData');
  if (/changetype|change type/.test(lower)) return pick('changeType');
  if (error.status === 409) return pick('resource', 'changeType');
  if (error.status === 403 || /permission|forbidden|accessdenied|scope|role/.test(lower)) return pick('resource');
  if (/resource/.test(lower)) return pick('resource');
  return undefined;
}
