/**
 * The notification bodies the doctor sends, built from the emulator's own pieces: sample
 * resources (`sampleChange`), rich-notification encryption (`encryptResourceData`) and the
 * validation-token signer (`TokenAuthority`). Shapes follow
 * https://learn.microsoft.com/graph/api/resources/changenotification and
 * https://learn.microsoft.com/graph/change-notifications-lifecycle-events.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { ChangeNotification, ChangeNotificationCollection, LifecycleEvent } from '../graph/types';
import { encryptResourceData, type SubscriptionCertificate } from '../emulator/encryptResourceData';
import { sampleChange, sampleKind } from '../emulator/resourceData';
import { TokenAuthority } from '../emulator/tokens';

export interface PayloadContext {
  subscriptionId: string;
  tenantId: string;
  /** The resource the receiver's subscriptions watch (sample data and lifecycle kinds follow it). */
  resource: string;
  clientState?: string;
  /** The app id validation tokens are addressed to (aud). */
  appId: string;
  /** Signs validation tokens: the user's emulator key when given, else the doctor's own. */
  signer: TokenAuthority;
  certificate?: SubscriptionCertificate;
  encryptionCertificateId: string;
  now: () => Date;
}

function expiry(ctx: PayloadContext): string {
  return new Date(ctx.now().getTime() + 60 * 60_000).toISOString();
}

/** One basic change notification (no resource data beyond `resourceData` ids). */
export function changeItem(ctx: PayloadContext, overrides: Partial<ChangeNotification> = {}): ChangeNotification {
  const sample = sampleChange(ctx.resource, { tenantId: ctx.tenantId, userId: randomUUID(), now: ctx.now() });
  const item: ChangeNotification = {
    id: randomUUID(),
    subscriptionId: ctx.subscriptionId,
    subscriptionExpirationDateTime: expiry(ctx),
    changeType: 'updated',
    resource: sample.resource,
    tenantId: ctx.tenantId,
    resourceData: sample.resourceData,
  };
  if (ctx.clientState !== undefined) item.clientState = ctx.clientState;
  return { ...item, ...overrides };
}

export function collection(items: ChangeNotification[], validationTokens?: string[]): ChangeNotificationCollection {
  return validationTokens ? { value: items, validationTokens } : { value: items };
}

/** A validation token as Graph's publisher issues it, for this app and tenant. */
export function validToken(ctx: PayloadContext): Promise<string> {
  return ctx.signer.issueValidationToken(ctx.appId, ctx.tenantId, ctx.now());
}

export type ForgedToken = 'expired' | 'wrongAudience' | 'unknownKey';

/** A token that a careful receiver refuses, for one reason each. */
export async function forgedToken(ctx: PayloadContext, how: ForgedToken): Promise<string> {
  const now = ctx.now();
  switch (how) {
    case 'expired':
      return ctx.signer.issueValidationToken(ctx.appId, ctx.tenantId, new Date(now.getTime() - 2 * 86_400_000));
    case 'wrongAudience':
      return ctx.signer.issueValidationToken(randomUUID(), ctx.tenantId, now);
    case 'unknownKey':
      return (await TokenAuthority.generate()).issueValidationToken(ctx.appId, ctx.tenantId, now);
  }
}

/** A rich change notification encrypted to the certificate (needs `ctx.certificate`). */
export function richItem(ctx: PayloadContext): ChangeNotification {
  if (!ctx.certificate) throw new Error('A rich notification needs the encryption certificate.');
  const sample = sampleChange(ctx.resource, { tenantId: ctx.tenantId, userId: randomUUID(), now: ctx.now() });
  return changeItem(ctx, {
    resource: sample.resource,
    resourceData: sample.resourceData,
    encryptedContent: encryptResourceData(sample.full, ctx.certificate, ctx.encryptionCertificateId),
  });
}

/** The same rich notification with `dataSignature` replaced by an HMAC under another key. */
export function tamperedRichItem(ctx: PayloadContext): ChangeNotification {
  const item = richItem(ctx);
  const content = item.encryptedContent!;
  const forged = createHmac('sha256', randomBytes(32)).update(Buffer.from(content.data, 'base64')).digest('base64');
  return { ...item, encryptedContent: { ...content, dataSignature: forged } };
}

export function lifecycleItem(ctx: PayloadContext, event: LifecycleEvent): ChangeNotification {
  const item: ChangeNotification = {
    subscriptionId: ctx.subscriptionId,
    subscriptionExpirationDateTime: expiry(ctx),
    tenantId: ctx.tenantId,
    lifecycleEvent: event,
  };
  if (ctx.clientState !== undefined) item.clientState = ctx.clientState;
  return item;
}

/**
 * Lifecycle events Graph sends for a resource: `reauthorizationRequired` for all;
 * `subscriptionRemoved` for Outlook message/event/contact and Teams chatMessage; `missed` for
 * Outlook message/event/contact (https://learn.microsoft.com/graph/change-notifications-lifecycle-events).
 */
export function lifecycleEventsFor(resource: string): LifecycleEvent[] {
  const kind = sampleKind(resource);
  const outlook = kind === 'message' || kind === 'event' || kind === 'contact';
  const events: LifecycleEvent[] = ['reauthorizationRequired'];
  if (outlook || kind === 'chatMessage') events.push('subscriptionRemoved');
  if (outlook) events.push('missed');
  return events;
}
