/**
 * "Read Notifications from Event Hubs…": the user picks an event hub (the Sandbox's, a connection
 * string kept in SecretStorage, or a namespace with Entra ID through @azure/identity), a consumer
 * group and a start position; each Graph delivery read from it goes through the receiver's pipeline
 * (history, checks, output, forwarding, lifecycle). The Azure SDKs load lazily, on first use.
 * https://learn.microsoft.com/en-us/graph/change-notifications-delivery-event-hubs
 */
import * as vscode from 'vscode';
import type { AccountService, ReceiverService } from '../services';
import { loadLazy } from '../util/lazy';
import { CancelledError, UserFacingError } from '../util/errors';
import type { Logger } from '../util/logger';
import { namespaceOf, startEventHubsSource, type EventHubsSourceConfig, type EventHubsSourceHandle, type StartPosition } from './eventHubsSource';
import { describePositions, EventHubsSourceRecords, resumeStart, sourceKey, type RememberedSource, type SourceKind } from './eventHubsSourceRecords';

/** A resumed source gives up on an unreachable hub within half a minute, not the SDK's minutes (3 retries 30 s apart). */
const RESUME_RETRY = { maxRetries: 1, timeoutInMs: 10_000, retryDelayInMs: 2_000 };

const SECRET_PREFIX = 'graphSubscriptions.eventHubs.connectionString.';

/** Programmatic arguments (tests, links) that skip the prompts. */
export interface ReadEventHubsArgs {
  source?: 'sandbox' | 'connectionString' | 'entra';
  connectionString?: string;
  /** Entra: `<namespace>.servicebus.windows.net`. */
  namespace?: string;
  eventHubName?: string;
  consumerGroup?: string;
  startPosition?: StartPosition;
}

export interface EventHubsSources extends vscode.Disposable {
  /** Asks what to read (unless `args` says) and starts reading; resolves to the source's label. */
  read(args?: ReadEventHubsArgs): Promise<string>;
  /** The user stops every source: they are forgotten (a reload does not resume them); resolves to how many were stopped. */
  stopAll(): Promise<number>;
  /** Closes every source but keeps them remembered with their positions (what a window reload does). */
  suspend(): Promise<void>;
  /**
   * Starts again the sources that were running when the window last closed or reloaded, each
   * right after the last event it persisted; resolves to the labels resumed. Called after activation.
   */
  resumeRemembered(): Promise<string[]>;
  labels(): string[];
}

type Pick<T> = vscode.QuickPickItem & { value: T };

async function pick<T>(items: Pick<T>[], title: string): Promise<T> {
  const chosen = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
  if (!chosen) throw new CancelledError();
  return chosen.value;
}

async function input(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) throw new CancelledError();
  return value.trim();
}

export class EventHubsSourcesImpl implements EventHubsSources {
  private readonly sources = new Map<string, EventHubsSourceHandle>();
  private readonly records: EventHubsSourceRecords;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly deps: { accounts: AccountService; receiver: ReceiverService },
  ) {
    this.records = new EventHubsSourceRecords(context.globalState);
  }

  labels(): string[] {
    return [...this.sources.values()].map((s) => s.label);
  }

  async read(args: ReadEventHubsArgs = {}): Promise<string> {
    const { config, kind } = await this.configure(args);
    const namespace = config.connectionString ? namespaceOf(config.connectionString) : (config.fullyQualifiedNamespace ?? '');
    const key = sourceKey(kind, namespace, config.eventHubName, config.consumerGroup);
    const running = this.sources.get(key);
    if (running) return running.label;
    // Remembered and not stopped by the user (its resume failed): go on from where it stopped.
    const remembered = this.records.get(key);
    const record: RememberedSource = remembered ?? {
      key, kind, namespace, eventHubName: config.eventHubName, consumerGroup: config.consumerGroup, startPosition: config.startPosition, startedAt: new Date().toISOString(), positions: {},
    };
    const handle = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Connecting to event hub ${config.eventHubName}…` },
      async () => {
        try {
          return await this.start(record, { ...config, ...(remembered ? resumeStart(remembered) : {}) });
        } catch (error) {
          throw new UserFacingError(`Could not read event hub ${config.eventHubName}: ${(error as Error).message}`, [
            { title: 'Try Again', command: 'graphSubscriptions.readEventHubs' },
          ], undefined, { cause: error });
        }
      },
    );
    const out = this.deps.receiver;
    out.appendOutput(remembered
      ? `Reading Event Hubs ${handle.label} again from where it stopped (${describePositions(remembered.positions)}).`
      : `Reading Event Hubs ${handle.label} from ${config.startPosition}; Graph's validation event and notifications appear here with their checks.`);
    out.showOutput();
    return handle.label;
  }

  async stopAll(): Promise<number> {
    const keys = [...this.sources.keys()];
    const stopped = await this.closeAll();
    // The user stopped them: a reload must not bring them back.
    for (const key of new Set([...keys, ...this.records.list().map((r) => r.key)])) await this.records.remove(key);
    for (const s of stopped) this.deps.receiver.appendOutput(`Stopped reading Event Hubs ${s.label} (${s.received} deliveries).`);
    return stopped.length;
  }

  async suspend(): Promise<void> {
    await this.closeAll();
  }

  dispose(): void {
    // A window reload or shutdown: closed, still remembered with their positions.
    void this.suspend();
  }

  async resumeRemembered(): Promise<string[]> {
    const resumed: string[] = [];
    for (const record of this.records.list()) {
      if (this.sources.has(record.key)) continue;
      try {
        const config = await this.configFor(record);
        const handle = await this.start(record, { ...config, ...resumeStart(record), retry: RESUME_RETRY });
        const n = handle.restartedPartitions.length;
        const restarted = n === 0 ? '' : ` ${n === 1 ? 'Partition' : 'Partitions'} ${handle.restartedPartitions.join(', ')} ${n === 1 ? 'starts' : 'start'} again at #0 (the hub was recreated, as the Sandbox's is when it restarts): read from the start.`;
        this.deps.receiver.appendOutput(`Resumed reading Event Hubs ${handle.label} after the window reload, from where it stopped (${describePositions(record.positions)}).${restarted}`);
        this.log.info(`resumed ${handle.label}`);
        vscode.window.setStatusBarMessage(`$(sync) Graph Subscriptions: resumed reading event hub ${record.eventHubName}`, 10_000);
        resumed.push(handle.label);
      } catch (error) {
        this.log.warn(`could not resume ${record.key}: ${(error as Error).message}`);
        void this.warnNotResumed(record, error);
      }
    }
    return resumed;
  }

  /** Starts reading and keeps the record's positions up to date as batches are persisted. */
  private async start(record: RememberedSource, config: EventHubsSourceConfig): Promise<EventHubsSourceHandle> {
    const out = this.deps.receiver;
    const handle = await startEventHubsSource(config, {
      deliver: (received) => out.ingest(received),
      onProblem: (message) => out.appendOutput(`✗ [Event Hubs] ${message}`),
      onProgress: (positions) => void this.records.setPositions(record.key, positions).catch((e: unknown) => this.log.warn(`could not remember the Event Hubs position: ${String(e)}`)),
      log: this.log,
    });
    this.sources.set(record.key, handle);
    // Recreated partitions start again from 0: their old positions must not hold a resume back.
    await this.records.upsert({ ...record, positions: { ...handle.positions() } });
    return handle;
  }

  private async closeAll(): Promise<EventHubsSourceHandle[]> {
    const all = [...this.sources.entries()];
    this.sources.clear();
    await Promise.allSettled(all.map(([, s]) => s.close()));
    // The last batches' positions (onProgress may still be writing them).
    await Promise.allSettled(all.map(([key, s]) => this.records.setPositions(key, s.positions())));
    return all.map(([, s]) => s);
  }

  /** What a remembered source reads with: the Sandbox's endpoint, the stored connection string, or Entra ID. */
  private async configFor(record: RememberedSource): Promise<EventHubsSourceConfig> {
    const base = { eventHubName: record.eventHubName, consumerGroup: record.consumerGroup, startPosition: record.startPosition };
    if (record.kind === 'sandbox') {
      await this.deps.accounts.ensureSandbox();
      const eh = this.deps.accounts.sandboxEmulator()?.channels?.eventHubs;
      if (!eh) throw new Error('the Sandbox has no Event Hubs endpoint running');
      return { ...base, connectionString: eh.connectionString() };
    }
    if (record.kind === 'connectionString') {
      const connectionString = await this.context.secrets.get(secretKey(record.namespace, record.eventHubName));
      if (!connectionString) throw new MissingSecretError();
      this.log.addSecret(/SharedAccessKey=([^;]+)/i.exec(connectionString)?.[1]);
      return { ...base, connectionString };
    }
    const identity = loadLazy<typeof import('../lazy/azureIdentity')>('azureIdentity');
    return { ...base, fullyQualifiedNamespace: record.namespace, credential: new identity.DefaultAzureCredential() };
  }

  /** One warning per source that could not come back, with what to do: reconnect, or forget it. */
  private async warnNotResumed(record: RememberedSource, error: unknown): Promise<void> {
    const what = `event hub ${record.eventHubName} (${record.consumerGroup}${record.kind === 'sandbox' ? ', Sandbox' : ` on ${record.namespace}`})`;
    const why = error instanceof MissingSecretError
      ? 'its connection string is no longer in VS Code\'s secret storage'
      : `the hub could not be reached: ${(error as Error).message}`;
    const choice = await vscode.window.showWarningMessage(
      `Graph Subscriptions was reading ${what} before the window reloaded and could not resume: ${why}. Reconnect to go on from where it stopped, or Forget it.`,
      'Reconnect', 'Forget',
    );
    if (choice === 'Forget') {
      await this.records.remove(record.key);
      if (record.kind === 'connectionString') await this.context.secrets.delete(secretKey(record.namespace, record.eventHubName));
      this.deps.receiver.appendOutput(`Forgot Event Hubs ${what}; it is not resumed after a reload any more.`);
    } else if (choice === 'Reconnect') {
      const args: ReadEventHubsArgs = { source: record.kind, eventHubName: record.eventHubName, consumerGroup: record.consumerGroup, startPosition: record.startPosition, ...(record.kind === 'entra' ? { namespace: record.namespace } : {}) };
      await vscode.commands.executeCommand('graphSubscriptions.readEventHubs', args);
    }
  }

  private async configure(args: ReadEventHubsArgs): Promise<{ config: EventHubsSourceConfig; kind: SourceKind }> {
    const sandbox = this.deps.accounts.sandboxEmulator()?.channels?.eventHubs;
    const source = args.source ?? (args.connectionString ? 'connectionString' : await pick<'sandbox' | 'connectionString' | 'entra'>([
      ...(sandbox ? [{ label: 'Sandbox event hubs', detail: 'The Sandbox emulator\'s local Event Hubs endpoint (UseDevelopmentEmulator=true).', value: 'sandbox' as const }] : []),
      { label: 'Connection string…', detail: 'A Listen connection string of the namespace or hub; kept in SecretStorage.', value: 'connectionString' as const },
      { label: 'Entra ID…', detail: 'Namespace + your Azure identity (Azure CLI, environment, managed identity) through @azure/identity; needs Azure Event Hubs Data Receiver.', value: 'entra' as const },
    ], 'Read Notifications from Event Hubs: source'));

    let connectionString: string | undefined;
    let fullyQualifiedNamespace: string | undefined;
    let credential: EventHubsSourceConfig['credential'];
    let hubs: string[] = [];
    if (source === 'sandbox') {
      const eh = sandbox ?? (await this.deps.accounts.ensureSandbox(), this.deps.accounts.sandboxEmulator()?.channels?.eventHubs);
      if (!eh) throw new UserFacingError('The Sandbox has no Event Hubs endpoint running.', [{ title: 'Open Sandbox', command: 'graphSubscriptions.openSandbox' }]);
      connectionString = eh.connectionString();
      hubs = eh.hubs().map((h) => h.name);
    } else if (source === 'connectionString') {
      connectionString = args.connectionString ?? await input({
        title: 'Event Hubs connection string', password: true,
        prompt: 'Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=…[;EntityPath=<hub>]',
        validateInput: (v) => /Endpoint=sb:\/\//i.test(v) && /SharedAccessKey(Name)?=|UseDevelopmentEmulator=true/i.test(v) ? undefined : 'Paste a connection string with Endpoint=sb://… and SharedAccessKeyName/SharedAccessKey.',
      });
      this.log.addSecret(/SharedAccessKey=([^;]+)/i.exec(connectionString)?.[1]);
    } else {
      fullyQualifiedNamespace = args.namespace ?? await input({
        title: 'Event Hubs namespace', prompt: '<namespace>.servicebus.windows.net', placeHolder: 'contoso-ns.servicebus.windows.net',
        validateInput: (v) => /^[A-Za-z0-9-]+\.servicebus\.windows\.net$/i.test(v.trim()) ? undefined : 'Use the namespace host, e.g. contoso-ns.servicebus.windows.net.',
      });
      const identity = loadLazy<typeof import('../lazy/azureIdentity')>('azureIdentity');
      credential = new identity.DefaultAzureCredential();
    }
    const entityPath = connectionString ? /;EntityPath=([^;]+)/i.exec(connectionString)?.[1] : undefined;
    const eventHubName = args.eventHubName ?? entityPath ?? (hubs.length > 0
      ? await pick(hubs.map((h) => ({ label: h, value: h })), 'Event hub')
      : await input({ title: 'Event hub name', prompt: 'The <hub> of EventHub:https://<namespace>.servicebus.windows.net/eventhubname/<hub>', validateInput: (v) => v.trim() ? undefined : 'Enter the event hub name.' }));
    const consumerGroup = args.consumerGroup ?? (await input({ title: 'Consumer group', value: '$Default', prompt: 'Use a consumer group of its own if your app reads the same hub.' }) || '$Default');
    const startPosition = args.startPosition ?? await pick<StartPosition>([
      { label: 'Latest', detail: 'Only what Graph sends from now on.', value: 'latest' },
      { label: 'Earliest', detail: 'Everything still retained in the hub, the validation events included.', value: 'earliest' },
    ], 'Start position');
    if (connectionString && source === 'connectionString') {
      await this.context.secrets.store(secretKey(namespaceOf(connectionString), eventHubName), connectionString);
    }
    return { kind: source, config: { eventHubName, consumerGroup, startPosition, ...(connectionString ? { connectionString } : { fullyQualifiedNamespace, credential }) } };
  }
}

/** The SecretStorage key of a hub's connection string. */
function secretKey(namespace: string, eventHubName: string): string {
  return `${SECRET_PREFIX}${namespace}/${eventHubName}`;
}

class MissingSecretError extends Error {
  constructor() {
    super('connection string missing from SecretStorage');
  }
}
