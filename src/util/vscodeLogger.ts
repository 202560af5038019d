import * as vscode from 'vscode';
import { createLogger, Logger, LogSink } from './logger';

/** Routes `Logger` lines to a LogOutputChannel, which adds time stamps and honours the user's log level. */
export function createOutputChannelLogger(channel: vscode.LogOutputChannel): Logger {
  const sink: LogSink = {
    write(level, line) {
      channel[level](line);
    },
  };
  return createLogger(sink);
}
