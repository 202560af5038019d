/**
 * The Sandbox's Event Grid: `EventGrid:` subscriptions deliver CloudEvents to the local receiver
 * (its notification URL is the event subscription's webhook handler), which answers Event Grid's
 * abuse-protection handshake and unwraps the Graph notifications.
 */
import type { Services } from '../services';

export function registerEventGridSandbox(services: Pick<Services, 'accounts' | 'receiver' | 'context'>): void {
  const point = (): void => {
    const channels = services.accounts.sandboxEmulator()?.channels;
    if (channels) channels.eventGridEndpoint = services.receiver.endpoints()?.localNotificationUrl;
  };
  services.context.subscriptions.push(services.accounts.onDidChangeAccounts(point), services.receiver.onDidChangeState(point));
  point();
}
