/**
 * The receiver's last run in this workspace (workspace state). Its port is reused by every later
 * start (a window reload, Start Receiver after Stop Receiver, a draft that needs the receiver), so
 * subscriptions whose notificationUrl points at it keep being delivered. `stopped`: the user
 * stopped it, so a reload does not resume it; `tunnelStopped`: the user stopped the tunnel, so no
 * automatic start brings it back (Start Tunnel does). No `vscode` import.
 */
export const STATE_RECEIVER_RUN = 'graphSubscriptions.receiver.lastRun';

export interface ReceiverRun {
  port: number;
  stopped?: boolean;
  tunnelStopped?: boolean;
}

/** What a VS Code Memento offers. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export class ReceiverRunRecord {
  constructor(private readonly state: StateStore) {}

  last(): ReceiverRun | undefined {
    return this.state.get<ReceiverRun>(STATE_RECEIVER_RUN);
  }

  /** Whether the receiver was running when the window last closed or reloaded. */
  shouldResume(): boolean {
    const run = this.last();
    return run !== undefined && run.stopped !== true;
  }

  /** Merges `change` into the record; nothing is recorded before a port is known. */
  async update(change: Partial<ReceiverRun>): Promise<void> {
    const run = this.last();
    const port = change.port ?? run?.port;
    if (port === undefined) return;
    await this.state.update(STATE_RECEIVER_RUN, { ...run, ...change, port } satisfies ReceiverRun);
  }
}
