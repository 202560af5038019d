/**
 * The tunnel in front of the receiver (ngrok, a custom URL or a forwarded port). Its own object
 * because it lives apart from the receiver's HTTP listener: Start/Stop Tunnel and a change of
 * tunnel settings open or close it while the listener keeps its port. It remembers a user's Stop
 * Tunnel (no automatic start brings it back, not even a window reload) and reports a public URL
 * that differs from the last one used, so subscriptions that point at the old one can be moved.
 * ReceiverServiceImpl (receiverService.ts) owns one and answers the ReceiverService interface.
 */
import * as vscode from 'vscode';
import { CommandId, ConfigKey } from '../constants';
import type { PublicUrlChange } from '../services';
import { loadNgrokModule } from '../tunnel/ngrokTunnel';
import type { OpenedTunnel, TunnelMode } from '../tunnel/tunnelModes';
import { getConfig } from '../util/config';
import { expectedCondition, UserFacingError } from '../util/errors';
import type { Logger } from '../util/logger';
import type { LineLevel } from './formatNotification';
import type { ReceiverRunRecord } from './receiverRun';
import { openReceiverTunnel } from './receiverTunnel';

const STATE_LAST_PUBLIC_URL = 'graphSubscriptions.lastPublicUrl';

/** What the tunnel needs from the receiver service that owns it. */
export interface TunnelHost {
  /** Where the last public URL is kept across windows. */
  readonly globalState: vscode.Memento;
  /** The receiver's last run: `tunnelStopped` is the user's Stop Tunnel. */
  readonly run: ReceiverRunRecord;
  readonly log: Logger;
  ngrokAuthtoken(): Promise<string | undefined>;
  /** A line in the "Graph Notifications" output. */
  write(line: string, level?: LineLevel): void;
  /** The tunnel came up with another public URL than the last one used. */
  publicUrlChanged(change: PublicUrlChange): void;
  /** The tunnel opened or closed (status bar, onDidChangeState). */
  changed(): void;
}

export class ReceiverTunnelService {
  /**
   * What `require` loads for the ngrok tunnel. Integration tests point it at an id that does not
   * resolve (as in the universal VSIX) or at a fake module with ngrok's `forward` surface.
   */
  ngrokModuleId = '@ngrok/ngrok';
  private tunnel: (OpenedTunnel & { mode: TunnelMode }) | undefined;
  private applyingSettings = 0;

  constructor(private readonly host: TunnelHost) {}

  url(): string | undefined {
    return this.tunnel?.publicUrl;
  }

  /** What the user should know about the running tunnel (e.g. how to make a forwarded port public). */
  note(): string | undefined {
    return this.tunnel?.note;
  }

  mode(): TunnelMode | undefined {
    return this.tunnel?.mode;
  }

  /** Settings written by a command that applies them itself: no "restart to apply" prompt. */
  async applyingTunnelSettings(update: () => PromiseLike<void>): Promise<void> {
    this.applyingSettings++;
    try {
      await update();
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      this.applyingSettings--;
    }
  }

  isApplyingSettings(): boolean {
    return this.applyingSettings > 0;
  }

  /**
   * The receiver started on `port`: the configured tunnel comes up too, unless the user stopped it.
   * A tunnel that fails is a warning: the receiver is useful locally without it. `forStartTunnel`:
   * the receiver was started by Start Tunnel, which opens the tunnel (and reports its failure) itself.
   */
  async openWithReceiver(port: number, forStartTunnel: boolean): Promise<void> {
    const mode = getConfig(ConfigKey.tunnelMode);
    if (mode === 'none') return;
    if (this.host.run.last()?.tunnelStopped) {
      this.host.write(`Tunnel (${mode}) not started: you stopped it (Start Tunnel brings it back)`);
      return;
    }
    if (forStartTunnel) return;
    try {
      await this.open(port);
    } catch (error) {
      // An expected condition (offline, no authtoken, no URL) is one log line, not a stack trace.
      if (error instanceof UserFacingError && error.severity !== 'error') this.host.log.warn(`Tunnel did not start: ${error.message}`);
      else this.host.log.error('Tunnel did not start', error);
      warnTunnelFailed(error);
    }
  }

  /** Opens the configured tunnel to the receiver's `port` (Start Tunnel); resolves to its public URL. */
  async open(port: number): Promise<string | undefined> {
    await this.host.run.update({ tunnelStopped: false });
    if (this.tunnel) return this.tunnel.publicUrl;
    const mode = getConfig(ConfigKey.tunnelMode);
    if (mode === 'none') {
      throw expectedCondition('The tunnel mode is "none": the receiver is only reachable from this machine (enough for the Sandbox).', [
        { title: 'Choose Tunnel Mode…', command: CommandId.chooseTunnelMode },
      ], 'info');
    }
    const authtoken = mode === 'ngrok' ? await this.host.ngrokAuthtoken() : undefined;
    // A remote window (SSH, WSL, container, Codespace) runs this extension where the workspace is
    // (extensionKind "workspace"); its forwarded port is another way in.
    const remote = vscode.env.remoteName !== undefined;
    const opened = await openReceiverTunnel({
      settings: {
        mode,
        customPublicUrl: getConfig(ConfigKey.tunnelCustomPublicUrl),
        ngrokDomain: getConfig(ConfigKey.tunnelNgrokDomain),
        ...(authtoken ? { ngrokAuthtoken: authtoken } : {}),
        resolveExternalUrl: async (localUrl) => (await vscode.env.asExternalUri(vscode.Uri.parse(localUrl))).toString(true),
      },
      port,
      loadNgrok: () => loadNgrokModule(this.ngrokModuleId, { platform: process.platform, arch: process.arch, remote }),
      remote,
      write: (line) => this.host.write(line, 'warn'),
    });
    this.tunnel = opened ? { ...opened, mode } : undefined;
    const url = this.tunnel?.publicUrl;
    if (url) {
      this.host.write(`Tunnel (${mode}) ${url} → 127.0.0.1:${port}`);
      if (this.tunnel?.note) this.host.write(this.tunnel.note);
      const previous = this.host.globalState.get<string>(STATE_LAST_PUBLIC_URL);
      await this.host.globalState.update(STATE_LAST_PUBLIC_URL, url);
      if (previous && previous !== url) this.host.publicUrlChanged({ oldUrl: previous, newUrl: url, what: 'public' });
    }
    this.host.changed();
    return url;
  }

  /**
   * Closes the tunnel. `byUser` (Stop Tunnel) is remembered: no automatic start brings it back, not
   * even a window reload; the receiver's own stop passes false.
   */
  async close(byUser: boolean): Promise<void> {
    if (byUser) await this.host.run.update({ tunnelStopped: true });
    const t = this.tunnel;
    this.tunnel = undefined;
    await t?.close();
    if (t) this.host.write('Tunnel stopped');
    this.host.changed();
  }
}

function warnTunnelFailed(error: unknown): void {
  const steps = error instanceof UserFacingError ? error.nextSteps : [];
  const withLog = steps.some((n) => n.title === 'Show Log') ? [] : ['Show Log'];
  void vscode.window.showWarningMessage(`Receiver started, but the tunnel did not: ${(error as Error).message}`, ...steps.map((n) => n.title), ...withLog).then((c) => {
    const step = steps.find((n) => n.title === c);
    if (step) void vscode.commands.executeCommand(step.command, ...(step.args ?? []));
    else if (c) void vscode.commands.executeCommand(CommandId.showLog);
  });
}
