import * as vscode from 'vscode';
import { DRAFT_FILE_SUFFIX } from '../constants';
import { certificateDraftEdits } from '../notifications/certificateDraft';

/**
 * Puts a certificate's public part into the active draft (with includeResourceData: true), or, with
 * no draft open, on the clipboard and into a new editor.
 */
export async function insertCertificate(certificate: { encryptionCertificate: string; encryptionCertificateId: string }): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.fileName.endsWith(DRAFT_FILE_SUFFIX)) {
    const text = editor.document.getText();
    const edits = certificateDraftEdits(text, certificate, {
      insertSpaces: editor.options.insertSpaces === true,
      tabSize: typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4,
      eol: editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    });
    const we = new vscode.WorkspaceEdit();
    for (const e of edits) {
      we.replace(editor.document.uri, new vscode.Range(editor.document.positionAt(e.offset), editor.document.positionAt(e.offset + e.length)), e.content);
    }
    await vscode.workspace.applyEdit(we);
    void vscode.window.showInformationMessage(`Certificate ${certificate.encryptionCertificateId} added to the draft (includeResourceData: true). Its private key is in Secret Storage.`);
    return;
  }
  const snippet = JSON.stringify({ includeResourceData: true, ...certificate }, null, 2);
  await vscode.env.clipboard.writeText(snippet);
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: snippet });
  await vscode.window.showTextDocument(doc);
  void vscode.window.showInformationMessage('No subscription draft is open: the certificate properties are on the clipboard and in a new editor.');
}
