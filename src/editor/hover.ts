/**
 * Hover on `resource`: the permission-matrix row of the matched catalog entry. Hover on an
 * `EventHub:`/`EventGrid:` notification URL: what Graph needs on the Azure side.
 */
import * as vscode from 'vscode';
import { licensingFor, licensingMarkdown, matchResource, requiredPermissions } from '../catalog/index';
import { requestHeadersHover } from './requestHeadersText';
import { matrixMarkdown } from './catalogText';
import { channelHoverMarkdown } from './channelText';
import { propertySpans, stringValueAt } from './draftJson';
import type { DraftRegistry } from './draftRegistry';
import { spanToRange } from './diagnostics';

export class DraftHoverProvider implements vscode.HoverProvider {
  constructor(private readonly registry: DraftRegistry) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const text = document.getText();
    const offset = document.offsetAt(position);
    const channel = this.channelHover(document, text, offset);
    if (channel) return channel;
    const headers = requestHeadersHover(text, offset);
    if (headers) return new vscode.Hover(new vscode.MarkdownString(headers.markdown), spanToRange(document, headers.span));
    const spans = propertySpans(text, 'resource');
    if (!spans) return undefined;
    const inKey = offset >= spans.key.offset && offset <= spans.key.offset + spans.key.length;
    const at = stringValueAt(text, offset);
    if (!inKey && at?.property !== 'resource') return undefined;
    const value = inKey ? stringValueAt(text, spans.value.offset + 1)?.value : at?.value;
    if (value === undefined) return undefined;
    const match = matchResource(value);
    const range = spanToRange(document, inKey ? spans.key : spans.value);
    if (!match.ok) {
      const md = new vscode.MarkdownString(
        `**Unknown resource path** \`${value}\`${match.suggestions.length ? `\n\nDid you mean: ${match.suggestions.map((s: string) => `\`${s}\``).join(', ')}?` : ''}`,
      );
      return new vscode.Hover(md, range);
    }
    const kind = this.registry.resolve(document.uri).account?.kind;
    let markdown = matrixMarkdown(match.entry, match.pattern, (e, p, k) => requiredPermissions(e, p, k, 'create'), kind);
    // Teams licensed paths: the payment models and evaluation mode (https://learn.microsoft.com/en-us/graph/teams-licenses).
    const licensing = licensingFor(match.pattern);
    if (licensing) markdown = `${licensingMarkdown(licensing, match.query.model)}\n\n---\n\n${markdown}`;
    return new vscode.Hover(new vscode.MarkdownString(markdown), range);
  }

  private channelHover(document: vscode.TextDocument, text: string, offset: number): vscode.Hover | undefined {
    const at = stringValueAt(text, offset);
    if (at?.property !== 'notificationUrl' && at?.property !== 'lifecycleNotificationUrl') return undefined;
    const md = channelHoverMarkdown(at.value);
    if (md === undefined) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(md), spanToRange(document, at.span));
  }
}
