import * as vscode from 'vscode';
import { CommandId } from '../constants';
import type { Logger } from '../util/logger';
import { registerCommand } from './registerCommand';

export function registerLogCommands(context: vscode.ExtensionContext, log: Logger, channel: vscode.LogOutputChannel): void {
  registerCommand(context, log, CommandId.showLog, () => channel.show(true));
}
