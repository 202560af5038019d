/**
 * The receiver's status bar item: running (local port or public host, click for actions), stopped
 * after a run (click to start again on the same port), or hidden.
 */
import * as vscode from 'vscode';
import { CommandId } from '../constants';
import type { ReceiverHandle } from './receiver';

export interface ReceiverStatus {
  receiver: ReceiverHandle | undefined;
  tunnelUrl: string | undefined;
  /** The last run in this workspace, when there was one. */
  lastRun: { port: number } | undefined;
}

export class ReceiverStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('graphSubscriptions.receiver', vscode.StatusBarAlignment.Left, 50);
  private shown = false;

  constructor() {
    this.item.name = 'Graph Subscriptions Receiver';
    this.item.command = { title: 'Receiver actions', command: CommandId.copyPublicUrl, arguments: [{ pick: true }] };
  }

  /** What the item shows (an item cannot be read back through the API: tests use this). */
  state(): { text: string; shown: boolean; command?: string } {
    const command = this.item.command;
    return { text: this.item.text, shown: this.shown, command: typeof command === 'string' ? command : command?.command };
  }

  update({ receiver, tunnelUrl: url, lastRun: run }: ReceiverStatus): void {
    const item = this.item;
    if (!receiver) {
      if (!run) {
        item.hide();
        this.shown = false;
        return;
      }
      // Stopped after a run: say so, and a click starts it again on the same port.
      item.text = '$(debug-disconnect) Receiver stopped';
      item.tooltip = `Graph notification receiver: stopped. Click to start it again on port ${run.port}.`;
      item.command = { title: 'Start Receiver', command: CommandId.startReceiver };
      item.show();
      this.shown = true;
      return;
    }
    item.command = { title: 'Receiver actions', command: CommandId.copyPublicUrl, arguments: [{ pick: true }] };
    item.text = url ? `$(globe) ${new URL(url).host}` : `$(radio-tower) Receiver :${receiver.port}`;
    item.tooltip = new vscode.MarkdownString(
      `**Graph notification receiver**\n\nLocal: \`${receiver.notificationUrl}\`\n\n${url ? `Public: \`${url}/notifications\`` : 'No tunnel (local only)'}\n\nClick for actions: copy URL, self-test, stop.`,
    );
    // Screen readers read the tooltip's markdown source otherwise ("star star Graph …").
    item.accessibilityInformation = {
      label: url
        ? `Graph notification receiver on port ${receiver.port}, public through ${new URL(url).host}. Activate for receiver actions.`
        : `Graph notification receiver on port ${receiver.port}, local only, no tunnel. Activate for receiver actions.`,
      role: 'button',
    };
    item.show();
    this.shown = true;
  }

  dispose(): void {
    this.item.dispose();
  }
}
