// PLACEHOLDER (issue 7 replaces this file).
import type * as vscode from 'vscode';
import type { ReceiverEndpoints, ReceiverService } from '../services';
import type { Logger } from '../util/logger';

export class ReceiverServiceImpl implements ReceiverService {
  constructor(_context: vscode.ExtensionContext, _log: Logger) {}
  ensureStarted(): Promise<ReceiverEndpoints> { return Promise.reject(new Error('not built yet')); }
  endpoints(): ReceiverEndpoints | undefined { return undefined; }
  async rememberClientState(_id: string, _clientState: string): Promise<void> {}
  generateCertificate(): Promise<{ encryptionCertificate: string; encryptionCertificateId: string }> { return Promise.reject(new Error('not built yet')); }
  dispose(): void {}
}
