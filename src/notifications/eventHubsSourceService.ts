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
  /** Stops every source; resolves to how many were stopped. */
  stopAll(): Promise<number>;
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

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly deps: { accounts: AccountService; receiver: ReceiverService },
  ) {}

  labels(): string[] {
    return [...this.sources.keys()];
  }

  async read(args: ReadEventHubsArgs = {}): Promise<string> {
    const config = await this.configure(args);
    const key = `${config.connectionString ? namespaceOf(config.connectionString) : config.fullyQualifiedNamespace}/${config.eventHubName}/${config.consumerGroup}`;
    if (this.sources.has(key)) return this.sources.get(key)!.label;
    const out = this.deps.receiver;
    const handle = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Connecting to event hub ${config.eventHubName}…` },
      async () => {
        try {
          return await startEventHubsSource(config, {
            deliver: (received) => out.ingest(received),
            onProblem: (message) => out.appendOutput(`✗ [Event Hubs] ${message}`),
            log: this.log,
          });
        } catch (error) {
          throw new UserFacingError(`Could not read event hub ${config.eventHubName}: ${(error as Error).message}`, [
            { title: 'Try Again', command: 'graphSubscriptions.readEventHubs' },
          ], undefined, { cause: error });
        }
      },
    );
    this.sources.set(key, handle);
    out.appendOutput(`Reading Event Hubs ${handle.label} from ${config.startPosition}; Graph's validation event and notifications appear here with their checks.`);
    out.showOutput();
    return handle.label;
  }

  async stopAll(): Promise<number> {
    const all = [...this.sources.values()];
    this.sources.clear();
    await Promise.allSettled(all.map((s) => s.close()));
    for (const s of all) this.deps.receiver.appendOutput(`Stopped reading Event Hubs ${s.label} (${s.received} deliveries).`);
    return all.length;
  }

  dispose(): void {
    void this.stopAll();
  }

  private async configure(args: ReadEventHubsArgs): Promise<EventHubsSourceConfig> {
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
      await this.context.secrets.store(`${SECRET_PREFIX}${namespaceOf(connectionString)}/${eventHubName}`, connectionString);
    }
    return { eventHubName, consumerGroup, startPosition, ...(connectionString ? { connectionString } : { fullyQualifiedNamespace, credential }) };
  }
}
