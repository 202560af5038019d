// PLACEHOLDER (issue 5 replaces this file): accounts, sandbox and MSAL sign-in.
import * as vscode from 'vscode';
import type { Account, AccountService, SandboxControl } from '../services';
import type { Logger } from '../util/logger';

export class AccountServiceImpl implements AccountService {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeAccounts = this.emitter.event;
  constructor(_context: vscode.ExtensionContext, _log: Logger) {}
  list(): readonly Account[] { return []; }
  get(_id: string): Account | undefined { return undefined; }
  defaultAccount(): Account | undefined { return undefined; }
  ensureSandbox(): Promise<Account> { return Promise.reject(new Error('not built yet')); }
  sandboxEmulator(): SandboxControl | undefined { return undefined; }
  dispose(): void { this.emitter.dispose(); }
}
