/**
 * The watchdog's status bar summary: "$(warning) 2 subscriptions need attention", hidden when none
 * does (or when `graphSubscriptions.watchdog.statusBar` is off). A click lists them with their
 * next step (the showWatchdog command).
 */
import * as vscode from 'vscode';
import { CommandId } from '../constants';
import type { AttentionItem } from './watchdog';

export class WatchdogStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('graphSubscriptions.watchdog', vscode.StatusBarAlignment.Left, 49);
  private shown = false;
  private tooltipText = '';

  constructor() {
    this.item.name = 'Graph Subscriptions Watchdog';
    this.item.command = { title: 'Show Subscriptions Needing Attention', command: CommandId.showWatchdog };
  }

  state(): { text: string; shown: boolean; tooltip: string; command?: string } {
    const command = this.item.command;
    return { text: this.item.text, shown: this.shown, tooltip: this.tooltipText, command: typeof command === 'string' ? command : command?.command };
  }

  update(items: readonly AttentionItem[], enabled: boolean): void {
    if (!enabled || items.length === 0) {
      this.item.hide();
      this.shown = false;
      this.item.text = '';
      this.tooltipText = '';
      return;
    }
    const n = items.length;
    const errors = items.some((i) => i.problem.kind === 'notServed');
    this.item.text = `$(${errors ? 'error' : 'warning'}) ${n} subscription${n === 1 ? '' : 's'} need${n === 1 ? 's' : ''} attention`;
    const lines = items.slice(0, 8).map((i) => `${i.resource} (${i.accountLabel}): ${i.problem.short}`);
    if (items.length > 8) lines.push(`… and ${items.length - 8} more`);
    this.tooltipText = `Graph subscriptions watchdog\n${lines.join('\n')}\nClick for each one's next step.`;
    this.item.tooltip = this.tooltipText;
    this.item.backgroundColor = errors ? new vscode.ThemeColor('statusBarItem.errorBackground') : new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.accessibilityInformation = {
      label: `${n} Graph subscription${n === 1 ? '' : 's'} need${n === 1 ? 's' : ''} attention: ${items.slice(0, 3).map((i) => `${i.resource}, ${i.problem.short}`).join('; ')}. Activate for the list and next steps.`,
      role: 'button',
    };
    this.item.show();
    this.shown = true;
  }

  dispose(): void {
    this.item.dispose();
  }
}
