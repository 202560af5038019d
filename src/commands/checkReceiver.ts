/**
 * "Graph Subscriptions: Check My Receiver…": runs the receiver doctor (src/doctor) against the
 * local receiver, the tunnel URL or any URL, with progress, and opens the report as a read-only
 * Markdown preview (follows the theme, keyboard accessible). Resolves with the report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runDoctor, plannedChecks, type DoctorOptions } from '../doctor/runDoctor';
import { toMarkdown } from '../doctor/report';
import type { DoctorReport } from '../doctor/types';
import type { Services } from '../services';
import type { CommandDeps } from './types';
import { CancelledError, UserFacingError } from '../util/errors';

export type ReceiverTarget = 'local' | 'tunnel' | 'url';

/** Arguments for programmatic callers and tests; without them the command asks. */
export interface CheckReceiverArgs {
  target?: ReceiverTarget;
  url?: string;
  lifecycleUrl?: string;
  strict?: boolean;
  /** Open the report preview (default true). */
  showReport?: boolean;
}

interface Picked {
  url: string;
  lifecycleUrl?: string;
  label: string;
}

async function pickTarget(services: Pick<Services, 'receiver'>, args: CheckReceiverArgs): Promise<Picked> {
  if (args.url) return { url: args.url, lifecycleUrl: args.lifecycleUrl, label: args.url };
  let target = args.target;
  if (!target) {
    const endpoints = services.receiver.endpoints();
    const items: (vscode.QuickPickItem & { target: ReceiverTarget })[] = [
      {
        target: 'local',
        label: '$(radio-tower) Local receiver',
        description: endpoints?.localNotificationUrl ?? 'starts it',
        detail: 'The extension\'s own receiver on 127.0.0.1, with its lifecycle URL.',
      },
      {
        target: 'tunnel',
        label: '$(globe) Tunnel URL',
        description: endpoints?.publicNotificationUrl ?? 'no tunnel running',
        detail: 'What Graph calls: the public URL through the tunnel to the local receiver.',
      },
      { target: 'url', label: '$(link) Another URL…', detail: 'Your own app\'s notification URL (local or public).' },
    ];
    const choice = await vscode.window.showQuickPick(items, { title: 'Check My Receiver', placeHolder: 'Which endpoint should be checked against Graph\'s delivery contract?' });
    if (!choice) throw new CancelledError();
    target = choice.target;
  }
  if (target === 'local') {
    const endpoints = await services.receiver.ensureStarted();
    return { url: endpoints.localNotificationUrl, lifecycleUrl: endpoints.localLifecycleUrl, label: 'the local receiver' };
  }
  if (target === 'tunnel') {
    const endpoints = services.receiver.endpoints();
    if (!endpoints?.publicNotificationUrl) {
      throw new UserFacingError('No tunnel is running: start one, then check its URL.', [{ title: 'Start Tunnel', command: 'graphSubscriptions.startTunnel' }]);
    }
    return { url: endpoints.publicNotificationUrl, lifecycleUrl: endpoints.publicLifecycleUrl, label: 'the tunnel URL' };
  }
  const url = await vscode.window.showInputBox({
    title: 'Check My Receiver: notification URL',
    prompt: 'The notificationUrl you give Graph, e.g. https://contoso.example/api/notifications',
    placeHolder: 'https://…',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        const u = new URL(v.trim());
        return u.protocol === 'https:' || u.protocol === 'http:' ? undefined : 'Use an http:// or https:// URL.';
      } catch {
        return 'Enter a full URL, starting with https://';
      }
    },
  });
  if (!url) throw new CancelledError();
  return { url: url.trim(), label: url.trim() };
}

/** Writes the report where the preview can open it (global storage, one file per run, last 10 kept). */
function saveReport(context: vscode.ExtensionContext, report: DoctorReport): vscode.Uri {
  const dir = path.join(context.globalStorageUri.fsPath, 'doctor');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `receiver-report-${report.startedAt.replace(/[:.]/g, '-')}.md`);
  fs.writeFileSync(file, toMarkdown(report));
  const old = fs.readdirSync(dir).filter((f) => f.startsWith('receiver-report-')).sort().slice(0, -10);
  for (const f of old) fs.rmSync(path.join(dir, f), { force: true });
  return vscode.Uri.file(file);
}

export const checkReceiver =
  (services: Pick<CommandDeps, 'context' | 'log' | 'receiver'>) =>
  async (args: CheckReceiverArgs = {}): Promise<DoctorReport> => {
    const picked = await pickTarget(services, args);
    const options: DoctorOptions = { url: picked.url, lifecycleUrl: picked.lifecycleUrl, strict: args.strict };
    const total = plannedChecks(options);
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking ${picked.label} against Graph's delivery contract` },
      (progress) =>
        runDoctor({
          ...options,
          onCheck: (check, done) => progress.report({ message: `${done}/${total} ${check.title}`, increment: 100 / total }),
        }),
    );
    const s = report.summary;
    services.log.info(`Receiver doctor on ${report.notificationUrl}: ${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings, ${s.skipped} skipped`);
    const uri = saveReport(services.context, report);
    if (args.showReport !== false) await vscode.commands.executeCommand('markdown.showPreview', uri);
    const text = s.failed === 0 ? `Your receiver meets Graph's delivery contract (${s.passed} passed, ${s.warnings} warnings).` : `${s.failed} of Graph's delivery rules failed for ${picked.label}: see the report.`;
    // Not awaited: the command resolves with the report while the message is up.
    void (s.failed === 0 ? vscode.window.showInformationMessage(text, 'Show Report') : vscode.window.showWarningMessage(text, 'Show Report')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('markdown.showPreview', uri);
    });
    return report;
  };
