import * as vscode from 'vscode';

/** Copies a URL and says which one it was. */
export async function copyUrl(url: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(url);
  void vscode.window.showInformationMessage(`Copied the ${what}: ${url}`);
}
