/**
 * "Export Subscription As…": a draft (editor title, CodeLens, palette on the active draft) or a
 * subscription in the tree, written as a .http request, curl, PowerShell, CLI for Microsoft 365 or
 * a Graph SDK snippet — opened in a new editor or copied. The clientState stays a placeholder
 * unless the user picks a choice that includes it; the access token never goes in.
 */
import * as vscode from 'vscode';
import { CLOUDS } from '../auth/clouds';
import { readDraftObject } from '../editor/draftJson';
import { isDraftDocument } from '../editor/draftRegistry';
import { resolveDraftDocument } from '../editor/submitDraft';
import { buildExportRequest, EXPORT_FORMATS, secretsIn, type ExportFormat, type ExportFormatId, type ExportSource } from '../export';
import type { Account } from '../services';
import { splitDraftRequest } from '../validation/index';
import { CancelledError, UserFacingError } from '../util/errors';
import { pickSubscription, type TargetArg } from './pickSubscription';
import type { CommandDeps } from './types';

export interface ExportOptions {
  /** Skip the format quick pick. */
  format?: ExportFormatId;
  /** Skip the destination quick pick. */
  destination?: 'editor' | 'clipboard';
  /** Write the clientState into the text (the user's explicit choice). */
  includeClientState?: boolean;
}

export interface ExportResult {
  format: ExportFormatId;
  text: string;
  destination: 'editor' | 'clipboard';
  document?: vscode.TextDocument;
}

/** The Graph root the export calls: the account's cloud; the Sandbox's exports target global Graph. */
function graphEndpointOf(account: Account | undefined): { graphEndpoint: string; note?: string } {
  if (!account || account.cloud === 'sandbox') {
    return {
      graphEndpoint: CLOUDS.global.graphEndpoint,
      note: account ? 'Exported from the Sandbox (the local Graph emulator): this request targets Microsoft Graph. Sign in to a tenant to run it.' : undefined,
    };
  }
  return { graphEndpoint: CLOUDS[account.cloud].graphEndpoint };
}

async function sourceFromArg(deps: CommandDeps, arg: unknown): Promise<{ source: Omit<ExportSource, 'includeSecrets'>; what: string }> {
  const forSubscription = typeof arg === 'object' && arg !== null && typeof (arg as TargetArg).subscriptionId === 'string';
  const active = vscode.window.activeTextEditor?.document;
  if (arg instanceof vscode.Uri || (!forSubscription && active && isDraftDocument(active))) {
    const document = await resolveDraftDocument(arg instanceof vscode.Uri ? arg : undefined);
    const parsed = readDraftObject(document.getText());
    if (!parsed.ok) throw new UserFacingError(`${parsed.message} Fix it, then export again.`, [{ title: 'Show Problems', command: 'workbench.actions.view.problems' }]);
    const target = deps.editor.registry.resolve(document.uri);
    const endpoint = graphEndpointOf(target.account);
    // Request headers the draft carries (`@requestHeaders`) go to headers, never into the body.
    const { body, headers } = splitDraftRequest(parsed.value);
    return {
      what: target.operation === 'update' ? 'the update draft' : 'the draft',
      source: {
        operation: target.operation,
        subscriptionId: target.subscriptionId,
        original: target.original,
        properties: body,
        headers: target.operation === 'create' ? (headers ?? {}) : {},
        ...endpoint,
      },
    };
  }
  const { account, subscription } = await pickSubscription(deps, arg);
  const knownClientState = subscription.clientState ?? (await deps.receiver.clientStates.get(subscription.id));
  return {
    what: `subscription ${subscription.id}`,
    source: {
      operation: 'create',
      properties: { ...subscription },
      knownClientState: knownClientState ?? undefined,
      // Graph does not return the Prefer headers a subscription was created with: the ones remembered at create.
      headers: deps.requestHeaders.headers(subscription.id) ?? {},
      ...graphEndpointOf(account),
    },
  };
}

async function languageFor(format: ExportFormat): Promise<string> {
  const known = await vscode.languages.getLanguages();
  return known.includes(format.languageId) ? format.languageId : 'plaintext';
}

export const exportSubscription = (deps: CommandDeps) => async (arg?: unknown, options: ExportOptions = {}): Promise<ExportResult> => {
  const { source, what } = await sourceFromArg(deps, arg);
  let format = EXPORT_FORMATS.find((f) => f.id === options.format);
  if (!format) {
    const picked = await vscode.window.showQuickPick(
      EXPORT_FORMATS.map((f) => ({ label: f.label, description: f.detail, format: f })),
      { title: `Export ${what} as…`, placeHolder: 'Choose a format' },
    );
    if (!picked) throw new CancelledError();
    format = picked.format;
  }
  const hasSecret = secretsIn(buildExportRequest({ ...source, includeSecrets: false }).body).length > 0;
  let destination = options.destination;
  let includeSecrets = options.includeClientState === true;
  if (!destination) {
    type Choice = vscode.QuickPickItem & { destination: 'editor' | 'clipboard'; include: boolean };
    const choices: Choice[] = [
      { label: '$(go-to-file) Open in Editor', description: hasSecret ? 'clientState as a placeholder' : undefined, destination: 'editor', include: false },
      { label: '$(copy) Copy to Clipboard', description: hasSecret ? 'clientState as a placeholder' : undefined, destination: 'clipboard', include: false },
    ];
    if (hasSecret) {
      choices.push(
        { label: '$(unlock) Open in Editor, Include clientState', description: 'writes the secret into the text', destination: 'editor', include: true },
        { label: '$(unlock) Copy to Clipboard, Include clientState', description: 'writes the secret into the text', destination: 'clipboard', include: true },
      );
    }
    const picked = await vscode.window.showQuickPick(choices, { title: `Export as ${format.label}`, placeHolder: 'Open it or copy it' });
    if (!picked) throw new CancelledError();
    destination = picked.destination;
    includeSecrets = picked.include;
  }
  let text: string;
  try {
    text = format.render(buildExportRequest({ ...source, includeSecrets }));
  } catch (error) {
    throw new UserFacingError(`Could not export as ${format.label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (destination === 'clipboard') {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(`Copied ${what} as ${format.label}${includeSecrets ? ' (with its clientState)' : ''}`, 4000);
    return { format: format.id, text, destination };
  }
  const document = await vscode.workspace.openTextDocument({ language: await languageFor(format), content: text });
  await vscode.window.showTextDocument(document, { preview: false });
  return { format: format.id, text, destination, document };
};
