/**
 * Rules (opt-in): forged input. A receiver should trust a notification only when its clientState
 * matches and, for rich notifications, every validation token checks out and `dataSignature`
 * matches (https://learn.microsoft.com/graph/change-notifications-with-resource-data).
 *
 * The doctor sees only the status code and timing. Graph's docs recommend answering 202 at once
 * and validating afterwards, so a 202 to forged input proves nothing either way: by default it is
 * reported as "not observable". With `strict`, the receiver is expected to refuse forged input
 * with a 4xx (as Microsoft's ASP.NET Core sample does with 401), and a 2xx fails.
 */
import { is2xx, type ProbeOutcome } from './probe';
import { changeItem, collection, forgedToken, richItem, tamperedRichItem, validToken, type ForgedToken } from './payloads';
import { outcomeLine, post, type DeliveryInput } from './delivery';
import type { DoctorCheck } from './types';
import { randomUUID } from 'node:crypto';

export interface SecurityInput extends DeliveryInput {
  strict: boolean;
  /** Whether the user's signing key was given (tokens then verify, so the reason is specific). */
  trustedSigner: boolean;
}

interface ForgeryCase {
  id: string;
  title: string;
  sent: string;
  /** Why the evidence may not be specific. */
  caveat?: string;
}

export function judgeForgery(c: ForgeryCase, out: ProbeOutcome, input: SecurityInput): DoctorCheck {
  const evidence = [c.sent, outcomeLine(out, input.timings.retryMs), ...(c.caveat ? [c.caveat] : [])];
  const base = { id: c.id, group: 'security' as const, title: c.title, evidence, durationMs: Math.round(out.durationMs) };
  const status = out.result?.status;
  if (status !== undefined && status >= 400 && status < 500) {
    return { ...base, status: 'pass', summary: `Refused with ${status}: the receiver told the forgery apart.` };
  }
  if (status !== undefined && status >= 500) {
    return {
      ...base,
      status: input.strict ? 'fail' : 'warn',
      kind: 'forgedCrashed',
      summary: `Answered ${status}: the receiver failed on forged input instead of refusing it (a 5xx asks Graph to retry).`,
      fix: 'Refuse forged input with 401/403 (or accept it with 202 and discard it); never let it raise an error.',
    };
  }
  if (is2xx(out)) {
    if (input.strict) {
      return {
        ...base,
        status: 'fail',
        kind: 'forgedAccepted',
        summary: `Accepted with ${status} in strict mode: the receiver did not refuse forged input.`,
        fix: 'Check clientState (constant time), every validation token (signature, expiry, audience = your app id, azp/appid = Graph\'s publisher) and dataSignature before answering, and answer 401 when one fails.',
      };
    }
    return {
      ...base,
      status: 'warn',
      kind: 'forgedAccepted',
      summary: `Accepted with ${status}. Not observable: Graph recommends answering 202 first and validating afterwards, so the doctor cannot see whether the receiver discarded it. Run with --strict if your receiver refuses forged input.`,
      fix: 'Make sure the receiver drops notifications whose clientState, validation tokens or dataSignature do not check out; with a 401 for them, --strict can verify it.',
    };
  }
  return { ...base, status: 'fail', kind: out.timedOut ? 'slowDelivery' : 'unreachable', summary: `No usable answer: ${outcomeLine(out, input.timings.retryMs)}.`, fix: 'Answer every POST quickly, forged or not.' };
}

const TOKEN_CASES: Record<ForgedToken, { title: string; sent: string }> = {
  expired: { title: 'An expired validation token is told apart', sent: 'validationTokens: a token that expired two days ago' },
  wrongAudience: { title: 'A validation token for another app is told apart', sent: 'validationTokens: a token whose aud is another app id' },
  unknownKey: { title: 'A validation token signed by an unknown key is told apart', sent: 'validationTokens: a token signed by a key no identity platform publishes' },
};

/** Genuine input first: a receiver that refuses everything would "pass" every forgery. */
export async function checkGenuine(input: SecurityInput): Promise<DoctorCheck> {
  const out = await post(input, collection([changeItem(input.payload)]), input.timings.retryMs);
  const evidence = [`1 change notification with your clientState`, outcomeLine(out, input.timings.retryMs)];
  const base = { id: 'security.genuine', group: 'security' as const, title: 'A notification with the right clientState is accepted', evidence, durationMs: Math.round(out.durationMs) };
  if (is2xx(out)) return { ...base, status: 'pass', summary: `Accepted with ${out.result!.status}.` };
  return {
    ...base,
    status: 'fail',
    kind: 'genuineRejected',
    summary: `A notification carrying the clientState you gave was not accepted (${out.result?.status ?? 'no answer'}): the refusals below prove nothing.`,
    fix: 'Pass the clientState your subscriptions use (--client-state), and the subscription id your receiver knows if it checks per subscription (--subscription-id).',
  };
}

export async function checkSecurity(input: SecurityInput, withTokens: boolean): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  if (input.payload.clientState !== undefined) {
    checks.push(await checkGenuine(input));
    const out = await post(input, collection([changeItem(input.payload, { clientState: `forged-${randomUUID()}` })]), input.timings.retryMs);
    checks.push(judgeForgery({ id: 'security.clientState', title: 'A wrong clientState is told apart', sent: '1 change notification with a wrong clientState' }, out, input));
  }
  if (!withTokens) return checks;
  const caveat = input.trustedSigner
    ? undefined
    : 'The doctor signs with its own key (pass --signing-key with your emulator state file to use one your receiver trusts), so a receiver refuses this token for its unknown key whatever else is wrong with it.';
  for (const how of ['expired', 'wrongAudience', 'unknownKey'] as const) {
    const item = input.payload.certificate ? richItem(input.payload) : changeItem(input.payload);
    const out = await post(input, collection([item], [await forgedToken(input.payload, how)]), input.timings.retryMs);
    checks.push(judgeForgery({ id: `security.token.${how}`, ...TOKEN_CASES[how], caveat: how === 'unknownKey' ? undefined : caveat }, out, input));
  }
  if (input.payload.certificate) {
    const out = await post(input, collection([tamperedRichItem(input.payload)], [await validToken(input.payload)]), input.timings.retryMs);
    checks.push(
      judgeForgery(
        { id: 'security.dataSignature', title: 'A tampered dataSignature is told apart', sent: 'A rich notification whose dataSignature is an HMAC under another key', caveat },
        out,
        input,
      ),
    );
  }
  return checks;
}
