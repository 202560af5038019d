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

/**
 * Where a resumed source starts reading one partition: after the last sequence number it
 * persisted, at events enqueued since a time (a partition it had read nothing from), or earliest.
 */
export type PartitionStart = { afterSequenceNumber: number } | { enqueuedSince: string } | 'earliest';

export interface EventHubsSourceConfig {
  eventHubName: string;
  consumerGroup: string;
  startPosition: StartPosition;
  /** Connection string (SharedAccessKey, or the emulator's UseDevelopmentEmulator=true form). */
  connectionString?: string;
  /** Entra ID: `<namespace>.servicebus.windows.net` with a credential. */
  fullyQualifiedNamespace?: string;
  credential?: TokenCredential;
  /**
   * Resume (after a window reload): per partition where to start instead of `startPosition`;
   * partitions not listed start at `resumeOthers` (or `startPosition`).
   */
  resumeFrom?: Record<string, PartitionStart>;
  resumeOthers?: PartitionStart;
  /** Connection attempts: the SDK's defaults wait minutes on an unreachable host. */
  retry?: { maxRetries: number; timeoutInMs: number; retryDelayInMs: number };
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
  /**
   * After each batch is in the history: the last persisted sequence number of each partition read
   * so far (what a resume starts after).
   */
  onProgress?: (positions: Readonly<Record<string, number>>) => void;
}

export interface EventHubsSourceHandle {
  readonly label: string;
  /** Graph deliveries handed on so far. */
  readonly received: number;
  /** The last persisted sequence number per partition read so far. */
  positions(): Record<string, number>;
  /** Partitions whose resume position was beyond the hub's last event (the hub was recreated): read from the start. */
  readonly restartedPartitions: readonly string[];
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
  const clientOptions = config.retry ? { retryOptions: config.retry } : {};
  const client = config.connectionString
    ? new eh.EventHubConsumerClient(config.consumerGroup, config.connectionString, config.eventHubName, clientOptions)
    : new eh.EventHubConsumerClient(config.consumerGroup, config.fullyQualifiedNamespace ?? '', config.eventHubName, config.credential!, clientOptions);
  const namespace = config.connectionString ? namespaceOf(config.connectionString) : (config.fullyQualifiedNamespace ?? '');
  const label = `${namespace}/${config.eventHubName} (${config.consumerGroup})`;
  let startPosition: EventPositionArg;
  const restartedPartitions: string[] = [];
  try {
    const partitionIds = await client.getPartitionIds();
    startPosition = config.resumeFrom ? await resumePositions(client, eh, partitionIds, config, restartedPartitions) : toEventPosition(eh, config.startPosition);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  const positions: Record<string, number> = {};
  for (const [id, start] of Object.entries(config.resumeFrom ?? {})) {
    if (typeof start === 'object' && 'afterSequenceNumber' in start && !restartedPartitions.includes(id)) positions[id] = start.afterSequenceNumber;
  }
  let received = 0;
  const subscription = client.subscribe(
    {
      processEvents: async (events, context) => {
        // Each batch's deliveries start in order (the history appends queue in call order) and
        // run together; the next batch waits for all of them, so nothing is dropped.
        const deliveries: Promise<void>[] = [];
        let last: number | undefined;
        for (const event of events) {
          last = Math.max(last ?? -1, event.sequenceNumber);
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
        if (last !== undefined) {
          positions[context.partitionId] = Math.max(positions[context.partitionId] ?? -1, last);
          options.onProgress?.({ ...positions });
        }
      },
      processError: async (error, context) => {
        const message = `${label}${context.partitionId ? ` partition ${context.partitionId}` : ''}: ${error.message}`;
        log.warn(message);
        options.onProblem?.(message);
      },
    },
    {
      startPosition, maxBatchSize: 100, maxWaitTimeInSeconds: 1,
      // The bytes as Graph sent them: parsed once here (and kept for forwarding), not twice.
      skipParsingBodyAsJson: true,
    },
  );
  log.info(`reading ${label} from ${config.resumeFrom ? `where it stopped (${JSON.stringify(config.resumeFrom)})` : config.startPosition}`);
  return {
    label,
    get received() {
      return received;
    },
    positions: () => ({ ...positions }),
    restartedPartitions,
    async close() {
      await subscription.close();
      await client.close();
    },
  };
}

type EventPositionArg = import('../lazy/eventHubs').EventPosition | Record<string, import('../lazy/eventHubs').EventPosition>;

function toEventPosition(eh: EventHubsModule, start: StartPosition | PartitionStart): import('../lazy/eventHubs').EventPosition {
  if (start === 'earliest') return eh.earliestEventPosition;
  if (start === 'latest') return eh.latestEventPosition;
  if ('afterSequenceNumber' in start) return { sequenceNumber: start.afterSequenceNumber, isInclusive: false };
  return { enqueuedOn: new Date(start.enqueuedSince) };
}

/**
 * Per-partition start positions of a resumed source. A partition whose last event is before the
 * remembered position (or that is empty) was recreated — sequence numbers start again at 0
 * (https://learn.microsoft.com/en-us/azure/event-hubs/event-hubs-features#event-consumers) — and
 * is read from its start.
 */
async function resumePositions(
  client: InstanceType<EventHubsModule['EventHubConsumerClient']>, eh: EventHubsModule, partitionIds: string[], config: EventHubsSourceConfig, restarted: string[],
): Promise<Record<string, import('../lazy/eventHubs').EventPosition>> {
  const out: Record<string, import('../lazy/eventHubs').EventPosition> = {};
  for (const id of partitionIds) {
    const start = config.resumeFrom?.[id] ?? config.resumeOthers ?? config.startPosition;
    if (typeof start === 'object' && 'afterSequenceNumber' in start) {
      const props = await client.getPartitionProperties(id);
      if (props.isEmpty || props.lastEnqueuedSequenceNumber < start.afterSequenceNumber) {
        restarted.push(id);
        out[id] = eh.earliestEventPosition;
        continue;
      }
    }
    out[id] = toEventPosition(eh, start);
  }
  return out;
}
