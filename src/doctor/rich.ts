/**
 * Rule: a rich notification encrypted to the user's certificate (as Graph encrypts it: AES-256-CBC
 * with IV = key[0..16), key wrapped with RSA-OAEP-SHA1, HMAC-SHA256 dataSignature) is acknowledged
 * within 3 s (https://learn.microsoft.com/graph/change-notifications-with-resource-data).
 * Lifecycle rule: every lifecycle event Graph sends for the resource is acknowledged
 * (https://learn.microsoft.com/graph/change-notifications-lifecycle-events).
 */
import { collection, lifecycleEventsFor, lifecycleItem, richItem, validToken } from './payloads';
import { judgeAck, post, type DeliveryInput } from './delivery';
import type { DoctorCheck } from './types';

export async function checkRich(input: DeliveryInput & { trustedSigner: boolean }): Promise<DoctorCheck> {
  const body = collection([richItem(input.payload)], [await validToken(input.payload)]);
  const out = await post(input, body, input.timings.retryMs);
  const check = judgeAck(
    {
      id: 'rich.decrypt',
      group: 'rich',
      title: 'A rich notification encrypted to your certificate is acknowledged within 3 s',
      sent: `POST with 1 rich notification: encryptedContent for certificate ${input.payload.certificate?.thumbprint ?? '?'} (id "${input.payload.encryptionCertificateId}"), 1 validation token`,
      rejectedKind: 'cannotDecrypt',
      rejectedFix:
        'Decrypt as Graph encrypts: pick the private key by encryptionCertificateId, unwrap dataKey with RSA-OAEP using SHA-1 (not SHA-256), check the HMAC-SHA256 of the decoded data, then AES-256-CBC with PKCS7 and IV = the first 16 bytes of the key. Check that the certificate you passed is the one your subscriptions use.',
      slowKind: 'slowDelivery',
    },
    out,
    input.timings,
  );
  // Handshake and plain deliveries got through, so a 401/403 here is about this notification.
  if (check.status === 'fail' && (check.kind === 'cannotDecrypt' || check.kind === 'authWall')) {
    check.kind = 'cannotDecrypt';
    check.summary = `Refused with ${out.result?.status}: the receiver did not accept a notification encrypted to your certificate — it could not decrypt it${input.trustedSigner ? '' : ', or it refused the doctor\'s validation token'} (Graph would retry it, then drop it).`;
    if (!input.trustedSigner) check.evidence.push('If your receiver refuses tokens from unknown keys before decrypting, pass --signing-key so the doctor signs with a key it trusts.');
  }
  check.evidence.push('The doctor sees the status code only: a receiver that answers 202 before decrypting passes here even if it cannot decrypt.');
  return check;
}

export async function checkLifecycle(input: DeliveryInput & { lifecycleUrl?: string }): Promise<DoctorCheck[]> {
  const events = lifecycleEventsFor(input.payload.resource);
  if (!input.lifecycleUrl) {
    return [
      {
        id: 'lifecycle.url',
        group: 'lifecycle',
        title: 'Lifecycle notifications',
        status: 'warn',
        kind: 'noLifecycleUrl',
        summary: `No lifecycle URL given: Graph sends ${events.join(', ')} for ${input.payload.resource} only to lifecycleNotificationUrl, which subscriptions over 1 hour need.`,
        evidence: [`Events Graph sends for ${input.payload.resource}: ${events.join(', ')}`],
        fix: 'Set lifecycleNotificationUrl on your subscriptions and pass it with --lifecycle-url.',
        durationMs: 0,
      },
    ];
  }
  const checks: DoctorCheck[] = [];
  for (const event of events) {
    const out = await post(input, collection([lifecycleItem(input.payload, event)]), input.timings.retryMs, input.lifecycleUrl);
    checks.push(
      judgeAck(
        {
          id: `lifecycle.${event}`,
          group: 'lifecycle',
          title: `Lifecycle event "${event}" acknowledged within 3 s`,
          sent: `POST to the lifecycle URL with lifecycleEvent "${event}" (no changeType, no resource)`,
          rejectedKind: 'lifecycleRejected',
          rejectedFix: `Accept items with a lifecycleEvent instead of a changeType and answer 202; then act on it (${event === 'reauthorizationRequired' ? 'reauthorize or renew the subscription' : event === 'subscriptionRemoved' ? 'create the subscription again and resync' : 'resync with a delta query'}).`,
          slowKind: 'slowDelivery',
        },
        out,
        input.timings,
      ),
    );
  }
  return checks;
}
