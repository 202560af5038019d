// Answers the extension's prompts inside the extension host, for tests of what a command asks and
// tells: the test module and the extension share one `vscode` API object (same extension), so
// replacing `vscode.window.show*` here replaces it for the extension too. Every call is recorded
// (message, items, options) and answered by the test's script; `restore()` puts the originals back.
import * as vscode from 'vscode';

export interface PromptCall {
  kind: 'info' | 'warning' | 'error' | 'quickPick';
  message: string;
  /** Buttons of a message, labels (and descriptions) of a quick pick's items. */
  items: string[];
  modal?: boolean;
  detail?: string;
}

/** Picks the answer to one prompt: a button/item label, or undefined (dismissed). */
export type Answer = (call: PromptCall) => string | undefined;

type Window = typeof vscode.window;
type Mutable = { -readonly [K in keyof Window]: Window[K] };

function label(item: unknown): string {
  if (typeof item === 'string') return item;
  if (item && typeof item === 'object' && 'label' in item) {
    const o = item as { label: string; description?: string };
    return o.description ? `${o.label} — ${o.description}` : o.label;
  }
  return String(item);
}

export class WindowStub {
  readonly calls: PromptCall[] = [];
  private readonly originals: Partial<Mutable> = {};

  constructor(private answer: Answer = () => undefined) {
    const w = vscode.window as Mutable;
    this.originals.showInformationMessage = w.showInformationMessage;
    this.originals.showWarningMessage = w.showWarningMessage;
    this.originals.showErrorMessage = w.showErrorMessage;
    this.originals.showQuickPick = w.showQuickPick;
    const message =
      (kind: PromptCall['kind']) =>
      (text: string, ...rest: unknown[]): Thenable<unknown> => {
        let options: vscode.MessageOptions | undefined;
        if (rest[0] && typeof rest[0] === 'object' && !('title' in (rest[0] as object))) options = rest.shift() as vscode.MessageOptions;
        const call: PromptCall = { kind, message: text, items: rest.map(label), modal: options?.modal, detail: options?.detail };
        this.calls.push(call);
        const chosen = this.answer(call);
        return Promise.resolve(rest.find((r) => label(r) === chosen || (typeof r === 'object' && r && (r as { title?: string }).title === chosen)));
      };
    w.showInformationMessage = message('info') as Window['showInformationMessage'];
    w.showWarningMessage = message('warning') as Window['showWarningMessage'];
    w.showErrorMessage = message('error') as Window['showErrorMessage'];
    w.showQuickPick = (async (items: unknown, options?: vscode.QuickPickOptions) => {
      const list = (await Promise.resolve(items)) as unknown[];
      const shown = list.filter((i) => !(i && typeof i === 'object' && (i as vscode.QuickPickItem).kind === vscode.QuickPickItemKind.Separator));
      const call: PromptCall = { kind: 'quickPick', message: options?.title ?? options?.placeHolder ?? '', items: shown.map(label) };
      this.calls.push(call);
      const chosen = this.answer(call);
      return shown.find((i) => label(i) === chosen || (typeof i === 'object' && i && (i as vscode.QuickPickItem).label === chosen));
    }) as Window['showQuickPick'];
  }

  /** Changes the script for the prompts still to come. */
  answerWith(answer: Answer): void {
    this.answer = answer;
  }

  /** Calls of one kind whose message matches. */
  find(kind: PromptCall['kind'], message?: RegExp): PromptCall[] {
    return this.calls.filter((c) => c.kind === kind && (!message || message.test(c.message)));
  }

  restore(): void {
    Object.assign(vscode.window, this.originals);
  }
}
