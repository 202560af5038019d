/**
 * A local Event Hubs–compatible AMQP 1.0 endpoint (built on `rhea`), enough for the real
 * `@azure/event-hubs` client to read what the Graph emulator delivers:
 * - SASL ANONYMOUS over plain TCP on 127.0.0.1, as the official Event Hubs emulator is reached with
 *   `UseDevelopmentEmulator=true` (https://learn.microsoft.com/en-us/azure/event-hubs/overview-emulator);
 * - `$cbs` put-token (shared access signatures checked against the namespace key);
 * - `$management` READ of `com.microsoft:eventhub` (ReadEventHubProperties) and
 *   `com.microsoft:partition` (ReadPartitionProperties);
 * - receiver links on `<hub>/ConsumerGroups/<group>/Partitions/<n>` with the
 *   `apache.org:selector-filter:string` start position, credit-based flow, and the message
 *   annotations the client reads (x-opt-sequence-number, x-opt-offset, x-opt-enqueued-time).
 * Hubs are created on first use (the emulator hosts any hub a subscription names).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Connection, EventContext, Message, Receiver, Sender } from 'rhea';
import { nullLogger, type Logger } from '../../util/logger';
import { loadLazy } from '../../util/lazy';
import { EventHub, parseStartFilter, type Partition, type StoredEvent } from './eventLog';
import { EVENT_HUBS_MAX_MESSAGE_BYTES } from '../../validation/deliveryChannel';
import { checkEventSize, EventHubsRefusal } from './messageSize';

/** The official emulator's well-known key name and key (they are not secrets). */
export const EMULATOR_KEY_NAME = 'RootManageSharedAccessKey';
export const EMULATOR_KEY = 'SAS_KEY_VALUE';

export interface EventHubsEndpointOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Partitions of each hub created on first use; default 2. */
  partitionCount?: number;
  now?: () => Date;
  log?: Logger;
}

export interface EventHubsEndpoint {
  readonly port: number;
  /** `Endpoint=sb://127.0.0.1:<port>;SharedAccessKeyName=…;SharedAccessKey=…;UseDevelopmentEmulator=true` */
  connectionString(hub?: string): string;
  hub(name: string): EventHub;
  hubs(): readonly EventHub[];
  /**
   * Appends one event (a Graph delivery) to the partition chosen by `partitionKey`. Throws an
   * EventHubsRefusal (`amqp:link:message-size-exceeded`) for an event over 1 MB, as the service does.
   */
  publish(hub: string, body: Buffer, partitionKey: string, properties?: Record<string, string>): StoredEvent;
  close(): Promise<void>;
}

type Rhea = typeof import('rhea');

interface RequestLinks {
  /** Our senders by the client receiver's target address (the reply-to of its requests). */
  replies: Map<string, Sender>;
}

const SELECTOR_FILTER = 'apache.org:selector-filter:string';

export async function startEventHubsEndpoint(options: EventHubsEndpointOptions = {}): Promise<EventHubsEndpoint> {
  // A separate bundle loaded here: the extension imports the emulator on activation.
  const { rhea } = loadLazy<typeof import('../../lazy/rhea')>('rhea');
  const server = new AmqpEventHubs(rhea, options);
  await server.listen(options.port ?? 0);
  return server;
}

class AmqpEventHubs implements EventHubsEndpoint {
  port = 0;
  private readonly container;
  private listener: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly hubMap = new Map<string, EventHub>();
  private readonly connections = new Map<Connection, RequestLinks>();
  private readonly now: () => Date;
  private readonly log: Logger;

  constructor(private readonly rhea: Rhea, private readonly options: EventHubsEndpointOptions) {
    this.now = options.now ?? (() => new Date());
    this.log = (options.log ?? nullLogger).child('eventhubs');
    // Deliveries are settled by us: accepted, or rejected the way Event Hubs rejects them.
    this.container = rhea.create_container({ id: 'graph-subscriptions-eventhubs-emulator', autoaccept: false });
    this.container.sasl_server_mechanisms.enable_anonymous();
    this.container.on('connection_open', (ctx: EventContext) => this.connections.set(ctx.connection, { replies: new Map() }));
    this.container.on('connection_close', (ctx: EventContext) => this.connections.delete(ctx.connection));
    this.container.on('disconnected', (ctx: EventContext) => this.connections.delete(ctx.connection));
    this.container.on('sender_open', (ctx: EventContext) => this.onSenderOpen(ctx));
    this.container.on('receiver_open', (ctx: EventContext) => this.onReceiverOpen(ctx));
    this.container.on('message', (ctx: EventContext) => this.onMessage(ctx));
    this.container.on('error', (error: unknown) => this.log.warn(`AMQP error: ${String(error)}`));
  }

  async listen(port: number): Promise<void> {
    const listener = this.container.listen({ port, host: '127.0.0.1' }) as unknown as Server;
    this.listener = listener;
    listener.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.once('listening', () => {
        listener.off('error', reject);
        resolve();
      });
    });
    this.port = (listener.address() as AddressInfo).port;
    this.log.info(`Event Hubs emulator endpoint on amqp://127.0.0.1:${this.port}`);
  }

  connectionString(hub?: string): string {
    return `Endpoint=sb://127.0.0.1:${this.port};SharedAccessKeyName=${EMULATOR_KEY_NAME};SharedAccessKey=${EMULATOR_KEY};UseDevelopmentEmulator=true${hub ? `;EntityPath=${hub}` : ''}`;
  }

  hub(name: string): EventHub {
    const key = name.toLowerCase();
    let hub = this.hubMap.get(key);
    if (!hub) {
      hub = new EventHub(name, Math.max(1, this.options.partitionCount ?? 2), this.now);
      this.hubMap.set(key, hub);
      this.log.info(`created event hub ${name} with ${hub.partitions.length} partitions`);
    }
    return hub;
  }

  hubs(): readonly EventHub[] {
    return [...this.hubMap.values()];
  }

  publish(hub: string, body: Buffer, partitionKey: string, properties: Record<string, string> = {}): StoredEvent {
    checkEventSize(body.length + Buffer.byteLength(JSON.stringify(properties)));
    return this.hub(hub).partitionFor(partitionKey).append(body, 'application/json', properties);
  }

  async close(): Promise<void> {
    for (const c of this.connections.keys()) {
      try { c.close(); } catch { /* already gone */ }
    }
    this.connections.clear();
    const listener = this.listener;
    this.listener = undefined;
    // A client that never answers the AMQP close must not keep the emulator from stopping.
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (listener) await new Promise<void>((resolve) => listener.close(() => resolve()));
  }

  // ---------------------------------------------------------------- links

  /** The client attached a receiver: we send, either request replies or partition events. */
  private onSenderOpen(ctx: EventContext): void {
    const sender = ctx.sender!;
    const attach = (sender as unknown as { remote: { attach: { source?: { address?: string; filter?: unknown }; target?: { address?: string } } } }).remote.attach;
    const source = attach.source?.address ?? '';
    const target = attach.target?.address ?? '';
    sender.set_source({ address: source });
    sender.set_target({ address: target });
    if (source === '$cbs' || source === '$management') {
      // The client's reply-to is its receiver's target address or, when it sets none (the $cbs
      // link of @azure/core-amqp), the link name.
      const replies = this.connections.get(ctx.connection)?.replies;
      if (target) replies?.set(target, sender);
      replies?.set(sender.name, sender);
      return;
    }
    const m = /^([^/]+)\/ConsumerGroups\/([^/]+)\/Partitions\/([^/]+)$/i.exec(source);
    if (!m) {
      sender.close({ condition: 'amqp:not-found', description: `The messaging entity '${source}' could not be found.` });
      return;
    }
    const partition = this.hub(m[1]).partition(m[3]);
    if (!partition) {
      sender.close({ condition: 'amqp:not-found', description: `Partition ${m[3]} does not exist in event hub ${m[1]}.` });
      return;
    }
    const expression = selectorOf(attach.source?.filter);
    const filter = expression === undefined ? { kind: 'offset' as const, value: '-1', inclusive: false } : parseStartFilter(expression);
    if (!filter) {
      sender.close({ condition: 'amqp:invalid-field', description: `Unsupported filter '${expression ?? ''}'.` });
      return;
    }
    this.pumpPartition(sender, partition, partition.startIndex(filter));
  }

  private pumpPartition(sender: Sender, partition: Partition, start: number): void {
    let next = start;
    const pump = (): void => {
      while (next < partition.events.length && sender.is_open() && sender.sendable()) {
        sender.send(this.toAmqp(partition.events[next++]));
      }
    };
    const off = partition.onAppend(pump);
    sender.on('sendable', pump);
    const stop = (): void => { off(); };
    sender.on('sender_close', stop);
    sender.on('sender_error', stop);
    sender.connection.on('disconnected', stop);
    sender.connection.on('connection_close', stop);
    pump();
  }

  private toAmqp(e: StoredEvent): Message {
    const t = this.rhea.types;
    return {
      body: this.rhea.message.data_section(e.body),
      content_type: e.contentType,
      application_properties: e.properties,
      message_annotations: {
        'x-opt-sequence-number': t.wrap_long(e.sequenceNumber),
        'x-opt-offset': e.offset,
        'x-opt-enqueued-time': e.enqueuedTime,
      },
    } as unknown as Message;
  }

  /** The client attached a sender: requests to $cbs / $management, or events sent to a hub. */
  private onReceiverOpen(ctx: EventContext): void {
    const receiver = ctx.receiver!;
    const attach = (receiver as unknown as { remote: { attach: { source?: { address?: string }; target?: { address?: string } } } }).remote.attach;
    receiver.set_source({ address: attach.source?.address ?? '' });
    receiver.set_target({ address: attach.target?.address ?? '' });
    // The namespace announces its limit on the link, as Event Hubs does (the SDK's batches use it).
    (receiver as unknown as { set_max_message_size?: (n: number) => void }).set_max_message_size?.(EVENT_HUBS_MAX_MESSAGE_BYTES);
  }

  private onMessage(ctx: EventContext): void {
    const receiver = ctx.receiver as Receiver;
    const message = ctx.message as Message;
    const target = (receiver as unknown as { remote: { attach: { target?: { address?: string } } } }).remote.attach.target?.address ?? '';
    const delivery = ctx.delivery;
    if (target === '$cbs' || target === '$management') {
      delivery?.accept();
      return this.reply(ctx.connection, message, target === '$cbs' ? this.putToken(message) : this.management(message));
    }
    // A producer sending into a hub (`<hub>` or `<hub>/Partitions/<n>`): store it like Graph's events.
    const m = /^([^/]+)(?:\/Partitions\/([^/]+))?$/i.exec(target);
    if (!m) {
      delivery?.reject({ condition: 'amqp:not-found', description: `The messaging entity '${target}' could not be found.` });
      return;
    }
    // A batch from the SDK's producer (message format 0x80013700) arrives as the raw transfer.
    const raw = Buffer.isBuffer(message) ? message : undefined;
    try {
      checkEventSize(raw ? raw.length : this.rhea.message.encode(message).length);
    } catch (error) {
      if (!(error instanceof EventHubsRefusal)) throw error;
      this.log.warn(`refused a ${error.size}-byte event for ${target}: ${error.message}`);
      delivery?.reject({ condition: error.condition, description: error.message });
      return;
    }
    const hub = this.hub(m[1]);
    const partition = (m[2] !== undefined ? hub.partition(m[2]) : undefined) ?? hub.partitionFor(String(message.message_id ?? Math.random()));
    for (const event of raw ? this.unbatch(raw) : [message]) {
      partition.append(bodyBuffer(event.body), typeof event.content_type === 'string' ? event.content_type : 'application/octet-stream');
    }
    delivery?.accept();
  }

  /** The events of a batched transfer: an envelope whose data sections are encoded messages. */
  private unbatch(raw: Buffer): Message[] {
    const body = (this.rhea.message.decode(raw) as unknown as { body?: { content?: unknown } }).body;
    const content = body?.content;
    const sections = Array.isArray(content) ? content : [content];
    return sections.filter((c): c is Buffer => Buffer.isBuffer(c)).map((c) => this.rhea.message.decode(c) as unknown as Message);
  }

  private reply(connection: Connection, request: Message, response: { status: number; description: string; body?: unknown }): void {
    const replyTo = typeof request.reply_to === 'string' ? request.reply_to : '';
    const sender = this.connections.get(connection)?.replies.get(replyTo);
    if (!sender) {
      this.log.warn(`no reply link for ${replyTo}`);
      return;
    }
    sender.send({
      correlation_id: request.message_id,
      to: replyTo,
      application_properties: { 'status-code': response.status, 'status-description': response.description },
      body: response.body ?? null,
    } as unknown as Message);
  }

  private putToken(message: Message): { status: number; description: string } {
    const props = (message.application_properties ?? {}) as Record<string, unknown>;
    if (props.operation !== 'put-token') return { status: 400, description: `Unsupported $cbs operation '${String(props.operation)}'.` };
    const type = String(props.type ?? '');
    if (type !== 'servicebus.windows.net:sastoken') {
      return { status: 401, description: 'The Event Hubs emulator accepts shared access signatures only (connection string with SharedAccessKey), like the official emulator.' };
    }
    const token = typeof message.body === 'string' ? message.body : bodyBuffer(message.body).toString('utf8');
    const problem = checkSas(token, this.now());
    return problem ? { status: 401, description: problem } : { status: 202, description: 'Accepted' };
  }

  private management(message: Message): { status: number; description: string; body?: unknown } {
    const props = (message.application_properties ?? {}) as Record<string, unknown>;
    if (props.operation !== 'READ') return { status: 400, description: `Unsupported $management operation '${String(props.operation)}'.` };
    const name = String(props.name ?? '');
    if (!name) return { status: 400, description: 'name is required.' };
    const hub = this.hub(name);
    if (props.type === 'com.microsoft:eventhub') {
      return {
        status: 200, description: 'OK',
        body: { name: hub.name, type: 'com.microsoft:eventhub', created_at: hub.createdAt, partition_count: hub.partitions.length, partition_ids: hub.partitions.map((p) => p.id) },
      };
    }
    if (props.type === 'com.microsoft:partition') {
      const partition = hub.partition(String(props.partition ?? ''));
      if (!partition) return { status: 404, description: `Partition ${String(props.partition)} does not exist in event hub ${hub.name}.` };
      const info = partition.info(hub.createdAt);
      const t = this.rhea.types;
      return {
        status: 200, description: 'OK',
        body: {
          name: hub.name, type: 'com.microsoft:partition', partition: partition.id,
          begin_sequence_number: t.wrap_long(info.beginSequenceNumber), last_enqueued_sequence_number: t.wrap_long(info.lastSequenceNumber),
          last_enqueued_offset: info.lastOffset, last_enqueued_time_utc: info.lastEnqueuedTime, is_partition_empty: info.isEmpty,
        },
      };
    }
    return { status: 400, description: `Unsupported type '${String(props.type)}'.` };
  }
}

/** The selector-filter expression of an attach's source filter map (a described string). */
function selectorOf(filter: unknown): string | undefined {
  if (!filter || typeof filter !== 'object') return undefined;
  const entry = (filter as Record<string, unknown>)[SELECTOR_FILTER];
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object' && 'value' in entry) {
    const v = (entry as { value: unknown }).value;
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string') return (v as { value: string }).value;
  }
  return undefined;
}

function bodyBuffer(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (body && typeof body === 'object' && 'content' in body && Buffer.isBuffer((body as { content: unknown }).content)) return (body as { content: Buffer }).content;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body ?? null), 'utf8');
}

/**
 * Checks a `SharedAccessSignature sr=…&sig=…&se=…&skn=…` token against the emulator's key
 * (https://learn.microsoft.com/en-us/azure/event-hubs/authenticate-shared-access-signature).
 * Returns a problem, or undefined when it is valid.
 */
export function checkSas(token: string, now: Date): string | undefined {
  const prefix = 'SharedAccessSignature ';
  if (!token.startsWith(prefix)) return 'The token is not a shared access signature.';
  const fields = new URLSearchParams(token.slice(prefix.length).replace(/\+/g, '%2B'));
  const sr = fields.get('sr');
  const sig = fields.get('sig');
  const se = fields.get('se');
  const skn = fields.get('skn');
  if (!sr || !sig || !se || !skn) return 'The shared access signature lacks sr, sig, se or skn.';
  if (skn !== EMULATOR_KEY_NAME) return `Unknown shared access key name '${skn}'; the emulator's is ${EMULATOR_KEY_NAME}.`;
  if (Number(se) * 1000 < now.getTime()) return 'The shared access signature has expired.';
  const expected = createHmac('sha256', EMULATOR_KEY).update(`${encodeURIComponent(sr)}\n${se}`).digest();
  const given = Buffer.from(sig, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'The shared access signature does not match the key.';
  return undefined;
}
