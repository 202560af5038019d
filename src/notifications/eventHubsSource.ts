/**
 * An Event Hubs source for the notifications output: reads an event hub with the real
 * `@azure/event-hubs` client (loaded lazily) and hands each Graph delivery to the same pipeline as
 * the webhook receiver (history first, then checks, output, forwarding), marked `channel:
 * 'eventHubs'` so the validation event and the absence of validationTokens are understood.
 * No `vscode` import. https://learn.microsoft.com/en-us/graph/change-notifications-delivery-event-hubs
 */
import { randomUUID } from 'node:crypto';
import type { ChangeNotificationCollection } from '../graph/types';
import { loadLazy } from '../util/lazy';
import { nullLogger, type Logger } from '../util/logger';
import type { ReceivedNotification } from './receiver';
import { parseDeliveryBody } from './notificationBody';

type EventHubsModule = typeof import('../lazy/eventHubs');
type TokenCredential = import('../lazy/azureIdentity').TokenCredential;

export type StartPosition = 'latest' | 'earliest';

export interface EventHubsSourceConfig {
  eventHubName: string;
  consumerGroup: string;
  startPosition: StartPosition;
  /** Connection string (SharedAccessKey, or the emulator's UseDevelopmentEmulator=true form). */
  connectionString?: string;
  /** Entra ID: `<namespace>.servicebus.windows.net` with a credential. */
  fullyQualifiedNamespace?: string;
  credential?: TokenCredential;
}

export interface EventHubsSourceOptions {
  /**
   * The receiver's pipeline: persist in the history, then checks, output, forwarding, lifecycle
   * handling (ReceiverService.ingest). A batch's deliveries start in order and are awaited together.
   */
  deliver: (received: ReceivedNotification) => Promise<void>;
  /** Events that are not Graph notifications, and client errors, for the output. */
  onProblem?: (message: string) => void;
  log?: Logger;
  /** Tests and the bench: the module instead of the lazy bundle. */
  module?: EventHubsModule;
}

export interface EventHubsSourceHandle {
  readonly label: string;
  /** Graph deliveries handed on so far. */
  readonly received: number;
  close(): Promise<void>;
}

/** The namespace host of a connection string, for labels (no key). */
export function namespaceOf(connectionString: string): string {
  const m = /Endpoint=sb:\/\/([^/;]+)/i.exec(connectionString);
  return m ? m[1] : '(namespace)';
}

/** Starts reading; resolves once the client asked the hub for its partitions (so a bad key or hub fails here). */
export async function startEventHubsSource(config: EventHubsSourceConfig, options: EventHubsSourceOptions): Promise<EventHubsSourceHandle> {
  const log = (options.log ?? nullLogger).child('eventhubs');
  const eh = options.module ?? loadLazy<EventHubsModule>('eventHubs');
  const client = config.connectionString
    ? new eh.EventHubConsumerClient(config.consumerGroup, config.connectionString, config.eventHubName)
    : new eh.EventHubConsumerClient(config.consumerGroup, config.fullyQualifiedNamespace ?? '', config.eventHubName, config.credential!);
  const namespace = config.connectionString ? namespaceOf(config.connectionString) : (config.fullyQualifiedNamespace ?? '');
  const label = `${namespace}/${config.eventHubName} (${config.consumerGroup})`;
  try {
    await client.getPartitionIds();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  let received = 0;
  const subscription = client.subscribe(
    {
      processEvents: async (events, context) => {
        // Each batch's deliveries start in order (the history appends queue in call order) and
        // run together; the next batch waits for all of them, so nothing is dropped.
        const deliveries: Promise<void>[] = [];
        for (const event of events) {
          const raw: Buffer = Buffer.isBuffer(event.body) ? event.body : Buffer.from(typeof event.body === 'string' ? event.body : JSON.stringify(event.body), 'utf8');
          const text = raw.toString('utf8');
          let body: ChangeNotificationCollection;
          try {
            body = parseDeliveryBody(text).body;
          } catch (error) {
            options.onProblem?.(`${label} partition ${context.partitionId} #${event.sequenceNumber}: not a Graph notification (${(error as Error).message})`);
            continue;
          }
          const id = randomUUID();
          const receivedAt = new Date().toISOString();
          const kind = body.value.some((n) => typeof n.lifecycleEvent === 'string' && n.lifecycleEvent.length > 0) ? 'lifecycle' : 'change';
          const path = `eventhubs://${namespace}/${config.eventHubName}/${context.partitionId}#${event.sequenceNumber}`;
          deliveries.push(options.deliver({ id, receivedAt, path, kind, body, rawBody: raw, contentType: 'application/json', channel: 'eventHubs' }).then(() => {
            received++;
          }));
        }
        const results = await Promise.allSettled(deliveries);
        for (const r of results) {
          if (r.status === 'rejected') options.onProblem?.(`${label} partition ${context.partitionId}: ${(r.reason as Error).message}`);
        }
      },
      processError: async (error, context) => {
        const message = `${label}${context.partitionId ? ` partition ${context.partitionId}` : ''}: ${error.message}`;
        log.warn(message);
        options.onProblem?.(message);
      },
    },
    {
      startPosition: config.startPosition === 'earliest' ? eh.earliestEventPosition : eh.latestEventPosition, maxBatchSize: 100, maxWaitTimeInSeconds: 1,
      // The bytes as Graph sent them: parsed once here (and kept for forwarding), not twice.
      skipParsingBodyAsJson: true,
    },
  );
  log.info(`reading ${label} from ${config.startPosition}`);
  return {
    label,
    get received() {
      return received;
    },
    async close() {
      await subscription.close();
      await client.close();
    },
  };
}
