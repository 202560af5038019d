/**
 * Completions inside draft string values: resource paths (catalog patterns), change types valid
 * for the chosen resource, `latestSupportedTlsVersion`; and outside the root object the
 * `graphsub-*` snippets (only in drafts, never inside strings: see draftSnippets.ts).
 */
import * as vscode from 'vscode';
import { CATALOG, licensingFor, matchResource, MODEL_DESCRIPTIONS, requiredPermissions, withModel } from '../catalog/index';
import { stringValueAt } from './draftJson';
import type { DraftRegistry } from './draftRegistry';
import { changeTypeCombinations, permissionSummary, TLS_VERSIONS } from './catalogText';
import { readDraftObject } from './draftJson';
import { DRAFT_SNIPPETS, snippetsAllowedAt } from './draftSnippets';

export class DraftCompletionProvider implements vscode.CompletionItemProvider {
  static readonly triggerCharacters = ['"', '/', ',', '?'];

  constructor(private readonly registry: DraftRegistry) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const text = document.getText();
    const offset = document.offsetAt(position);
    const at = stringValueAt(text, offset);
    if (!at) return snippetsAllowedAt(text, offset) ? snippetItems(document, position) : [];
    // Replace the string's content (inside the quotes).
    const inner = new vscode.Range(document.positionAt(at.span.offset + 1), document.positionAt(at.span.offset + at.span.length - (at.span.length > 1 && text[at.span.offset + at.span.length - 1] === '"' ? 1 : 0)));
    const kind = this.registry.resolve(document.uri).account?.kind ?? 'delegatedWork';
    if (at.property === 'resource') {
      const items: vscode.CompletionItem[] = modelItems(at.value, inner);
      for (const entry of CATALOG) {
        for (const path of entry.paths) {
          const required = requiredPermissions(entry, path, kind, 'create');
          const item = new vscode.CompletionItem(path.pattern, vscode.CompletionItemKind.Value);
          item.range = inner;
          item.detail = `${entry.displayName} — ${permissionSummary(required, kind)}`;
          item.documentation = new vscode.MarkdownString(`${path.description ?? entry.displayName}\n\nChange types: ${(path.changeTypes ?? entry.changeTypes).join(', ')}`);
          item.filterText = path.pattern;
          item.sortText = `${required.supported ? '0' : '1'}${entry.group}${path.pattern}`;
          if (!required.supported) item.tags = [vscode.CompletionItemTag.Deprecated];
          // Path parameters become tab stops.
          let n = 1;
          item.insertText = new vscode.SnippetString(
            path.pattern.replace(/[\\$}]/g, (c: string) => `\\${c}`).replace(/\{([^{}\\]+)\\\}/g, (_m: string, name: string) => `\${${n++}:${name}}`),
          );
          items.push(item);
        }
      }
      return items;
    }
    if (at.property === 'changeType') {
      const parsed = readDraftObject(text);
      const resource = parsed.ok && typeof parsed.value.resource === 'string' ? parsed.value.resource : undefined;
      const match = resource ? matchResource(resource) : undefined;
      const types = match?.ok ? (match.pattern.changeTypes ?? match.entry.changeTypes) : ['created', 'updated', 'deleted'];
      return changeTypeCombinations(types).map((value, i) => {
        const item = new vscode.CompletionItem(value, vscode.CompletionItemKind.EnumMember);
        item.range = inner;
        item.sortText = String(i).padStart(2, '0');
        item.detail = match?.ok ? `Valid for ${match.entry.displayName}` : 'Change types';
        return item;
      });
    }
    if (at.property === 'latestSupportedTlsVersion') {
      return TLS_VERSIONS.map((v, i) => {
        const item = new vscode.CompletionItem(v, vscode.CompletionItemKind.EnumMember);
        item.range = inner;
        item.sortText = String(i);
        item.detail = v === 'v1_2' ? 'Default' : v === 'v1_3' ? 'TLS 1.3' : 'Deprecated: pre-1.2 TLS';
        return item;
      });
    }
    return [];
  }
}

/**
 * `?model=A` / `?model=B` on a Teams licensed path (https://learn.microsoft.com/en-us/graph/teams-licenses),
 * first in the list, each with what it requires; the value keeps its other query options.
 */
function modelItems(value: string, range: vscode.Range): vscode.CompletionItem[] {
  const match = matchResource(value);
  const licensing = match.ok ? licensingFor(match.pattern) : undefined;
  if (!licensing) return [];
  return licensing.models.map((model, i) => {
    const text = withModel(value, model);
    const item = new vscode.CompletionItem(`?model=${model}`, vscode.CompletionItemKind.EnumMember);
    item.range = range;
    item.insertText = text;
    item.filterText = value;
    item.sortText = `!${i}`;
    item.detail = MODEL_DESCRIPTIONS[model].title;
    item.documentation = new vscode.MarkdownString(`${MODEL_DESCRIPTIONS[model].summary}\n\n${MODEL_DESCRIPTIONS[model].requires}\n\nWithout \`model=\`: ${MODEL_DESCRIPTIONS.evaluation.requires}`);
    return item;
  });
}

/** The whole-subscription snippets, replacing the word being typed (e.g. `graphsub-me`). */
function snippetItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
  const range = document.getWordRangeAtPosition(position, /[A-Za-z][\w-]*/);
  return DRAFT_SNIPPETS.map((s) => {
    const item = new vscode.CompletionItem(s.prefix, vscode.CompletionItemKind.Snippet);
    item.detail = s.name;
    item.documentation = new vscode.MarkdownString(s.description);
    item.insertText = new vscode.SnippetString(s.body);
    if (range) item.range = range;
    return item;
  });
}
