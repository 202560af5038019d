/**
 * What "Generate Encryption Certificate" and "Import Encryption Certificate" share: the
 * certificate goes into a subscription draft the user chose — the active one, or one they pick
 * among the open drafts — after checking that the draft can take it. Its private key goes to
 * Secret Storage and nowhere else: never the clipboard, an editor, the log or a command result.
 * https://learn.microsoft.com/en-us/graph/change-notifications-with-resource-data#creating-a-subscription
 */
import * as vscode from 'vscode';
import { CommandId } from '../constants';
import { certificateDraftEdits, certificateRefusal, type PublicCertificate } from '../notifications/certificateDraft';
import { CancelledError, UserFacingError } from '../util/errors';
import { draftKey, isDraftDocument, openDraftUris } from '../editor/draftRegistry';
import type { DraftEditorContext } from '../editor/submitDraft';

const NO_DRAFT = '$(circle-slash) No draft: keep the certificate for later';

function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

/**
 * The draft that gets the certificate: the active editor's when it is a draft, else the one the
 * user picks among the open drafts (undefined when none is open or they choose none).
 */
async function chooseDraft(ctx: DraftEditorContext): Promise<vscode.TextDocument | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isDraftDocument(active)) return active;
  const drafts = openDraftUris();
  if (drafts.length === 0) return undefined;
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const items: Item[] = drafts.map((uri) => {
    const target = ctx.registry.resolve(uri);
    const what = target.operation === 'update' ? `update of ${target.original?.resource ?? target.subscriptionId ?? 'a subscription'}` : 'new subscription';
    return { label: fileName(uri), description: `${what}${target.account ? ` · ${target.account.label}` : ''}`, uri };
  });
  items.push({ label: NO_DRAFT });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Which draft gets the encryption certificate?',
    placeHolder: 'The certificate goes into the draft; its private key stays in Secret Storage',
  });
  if (!picked) throw new CancelledError();
  return picked.uri ? vscode.workspace.openTextDocument(picked.uri) : undefined;
}

/** Refuses, with the reason, a draft that cannot take a certificate (before any key is made). */
function checkDraft(ctx: DraftEditorContext, document: vscode.TextDocument): 'create' | 'update' {
  const target = ctx.registry.resolve(document.uri);
  const refusal = certificateRefusal(
    document.getText(),
    target.operation === 'update' ? { operation: 'update', original: target.original } : { operation: 'create' },
  );
  if (refusal) throw new UserFacingError(refusal);
  return target.operation;
}

async function insert(document: vscode.TextDocument, certificate: PublicCertificate, operation: 'create' | 'update'): Promise<void> {
  const editor = vscode.window.visibleTextEditors.find((e) => draftKey(e.document.uri) === draftKey(document.uri)) ?? (await vscode.window.showTextDocument(document));
  const edits = certificateDraftEdits(
    document.getText(),
    certificate,
    {
      insertSpaces: editor.options.insertSpaces === true,
      tabSize: typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4,
      eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    },
    operation,
  );
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  if (!(await vscode.workspace.applyEdit(we))) throw new Error(`Could not edit ${fileName(document.uri)}.`);
  const what = operation === 'create' ? ' (includeResourceData: true)' : '';
  void vscode.window.showInformationMessage(`Certificate ${certificate.encryptionCertificateId} added to ${fileName(document.uri)}${what}. Its private key stays in Secret Storage.`);
}

/** Without a draft: the certificate is kept; offer the next step, and only its public half. */
function keptForLater(certificate: PublicCertificate): void {
  void vscode.window
    .showInformationMessage(
      `No subscription draft is open. Certificate ${certificate.encryptionCertificateId} is kept (its private key in Secret Storage): open a draft and run the command again, or copy the public certificate properties.`,
      'Create Subscription',
      'Copy Public Properties',
    )
    .then(async (choice) => {
      if (choice === 'Create Subscription') await vscode.commands.executeCommand(CommandId.createSubscription);
      if (choice === 'Copy Public Properties') {
        await vscode.env.clipboard.writeText(JSON.stringify({ includeResourceData: true, ...certificate }, null, 2));
      }
    });
}

/** Only the public properties leave this module, whatever the service returned. */
function publicPart(c: PublicCertificate): PublicCertificate {
  return { encryptionCertificate: c.encryptionCertificate, encryptionCertificateId: c.encryptionCertificateId };
}

export async function addCertificate(ctx: DraftEditorContext, make: () => Promise<PublicCertificate>): Promise<PublicCertificate> {
  const document = await chooseDraft(ctx);
  const operation = document ? checkDraft(ctx, document) : 'create';
  const certificate = publicPart(await make());
  if (document) await insert(document, certificate, operation);
  else keptForLater(certificate);
  return certificate;
}
