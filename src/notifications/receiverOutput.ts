/**
 * The "Graph Notifications" output as the receiver writes it: one line per notification item (or
 * one summary line per subscription and second beyond a rate, src/notifications/outputThrottle.ts),
 * lifecycle events always, and the last lines kept for tests (an output channel cannot be read
 * through the API). No time stamps here: the LogOutputChannel stamps every line itself. The extension passes the LogOutputChannel's logger; no `vscode` import.
 */
import type { Logger } from '../util/logger';
import type { ProcessedNotification } from './processNotification';
import { escapeControl, formatNotificationLines, type LineLevel, type Verbosity } from './formatNotification';
import { OutputThrottle } from './outputThrottle';

const RECENT_LINES = 500;

export class ReceiverOutput {
  private readonly recent: string[] = [];
  /** Beyond a rate, one summary line per subscription and second instead of every item. */
  private readonly throttle: OutputThrottle;

  constructor(private readonly out: Logger) {
    this.throttle = new OutputThrottle((lines) => {
      for (const line of lines) this.write(line, / untrusted/.test(line) ? 'warn' : 'info');
    });
  }

  write(text: string, level: LineLevel = 'info'): void {
    this.out[level](text);
    for (const line of text.split('\n')) {
      this.recent.push(line);
      if (this.recent.length > RECENT_LINES) this.recent.shift();
    }
  }

  /** The checked notification, item by item (throttled; lifecycle events are rare and call for action: always printed). */
  writeProcessed(processed: ProcessedNotification, verbosity: Verbosity): void {
    if (processed.items.length === 0) {
      for (const line of formatNotificationLines(processed, verbosity)) this.write(line.text, line.level);
    }
    for (const item of processed.items) {
      const print = this.throttle.admit(item.subscriptionId, item.trust) || item.lifecycleEvent !== undefined;
      if (!print) continue;
      for (const line of formatNotificationLines({ ...processed, items: [item] }, verbosity)) this.write(line.text, line.level);
    }
  }

  /** A handshake the receiver answered (the token masked). */
  handshake({ path, maskedToken, eventGridOrigin }: { path: string; maskedToken: string; eventGridOrigin?: string }): void {
    this.write(eventGridOrigin
      ? `Event Grid handshake ${escapeControl(path)}: allowed origin ${escapeControl(eventGridOrigin)} (200, WebHook-Allowed-Origin)`
      : `handshake ${escapeControl(path)}: echoed validation token ${escapeControl(maskedToken)} (200 text/plain)`);
  }

  /** A request the receiver refused. */
  rejected({ status, reason, path }: { status: number; reason: string; path: string }): void {
    this.write(`✗ rejected ${escapeControl(path)}: ${status} ${escapeControl(reason)}`, 'warn');
  }

  recentLines(): readonly string[] {
    return this.recent;
  }

  addSecret(secret: string): void {
    this.out.addSecret(secret);
  }

  dispose(): void {
    this.throttle.dispose();
  }
}
