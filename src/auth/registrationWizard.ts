/**
 * "Add your own app registration…": client id, tenant, cloud, how to sign in, delegated scopes and
 * an optional name, one step at a time with a Back button (vscode.QuickInputButtons.Back) on every
 * step but the first. Escape keeps everything typed so far, even a half-typed value, in
 * globalState (ids only, no secrets): the next time the wizard opens, every step is prefilled.
 */
import * as vscode from 'vscode';
import { CancelledError } from '../util/errors';
import { CLOUDS, type RealCloud } from './clouds';
import { isApplicationFlow, type MsalFlow } from './msalClient';
import type { AppRegistration } from './msalAccounts';
import { registrationLabel } from './registrationLabel';
import { BACK, CANCEL, runWizard, type StepPosition, type WizardStep } from './wizardSteps';

export const REGISTRATION_DRAFT_KEY = 'graphSubscriptions.registrationDraft';

export interface RegistrationDraft {
  clientId?: string;
  tenantId?: string;
  cloud?: RealCloud;
  flow?: MsalFlow;
  /** Space-separated delegated scopes. */
  scopes?: string;
  label?: string;
}

/** The steps typed into (the others are picks). */
type Field = 'clientId' | 'tenantId' | 'scopes' | 'label';

const FLOWS: { label: string; description: string; flow: MsalFlow }[] = [
  { label: 'Browser sign-in (authorization code + PKCE)', description: 'delegated', flow: 'authorizationCode' },
  { label: 'Device code', description: 'delegated', flow: 'deviceCode' },
  { label: 'Client secret', description: 'application permissions', flow: 'clientSecret' },
  { label: 'Client certificate', description: 'application permissions', flow: 'clientCertificate' },
];

const STEPS: WizardStep<RegistrationDraft>[] = [
  { id: 'clientId' },
  { id: 'tenantId' },
  { id: 'cloud' },
  { id: 'flow' },
  { id: 'scopes', applies: (d) => d.flow === undefined || !isApplicationFlow(d.flow) },
  { id: 'label' },
];

const validateClientId = (v: string) => (/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(v.trim()) ? undefined : 'A GUID, as shown in the app registration overview');
const required = (v: string) => (v.trim() ? undefined : 'Required');
const anything = () => undefined;

/** Runs the wizard; resolves to the finished registration or throws CancelledError (draft kept). */
export async function runRegistrationWizard(state: vscode.Memento): Promise<AppRegistration> {
  const saved = state.get<RegistrationDraft>(REGISTRATION_DRAFT_KEY);
  const resumed = saved !== undefined && Object.values(saved).some((v) => v !== undefined && v !== '');
  // Everything typed, accepted or not (Back and Escape keep it): the prefill of each input step.
  const typed: Partial<Record<Field, string>> = {};
  const title = (p: StepPosition, what: string) => `Add app registration (${p.index}/${p.total}): ${what}${resumed ? ' — continuing where you left off' : ''}`;

  const outcome = await runWizard<RegistrationDraft>(STEPS, { ...saved }, async (step, position, draft) => {
    const back = position.index > 1;
    const input = (field: Field, what: string, prompt: string, validate: (v: string) => string | undefined, placeholder?: string) =>
      askInput({ title: title(position, what), prompt, value: typed[field] ?? draft[field] ?? '', placeholder, validate, back, onType: (value) => (typed[field] = value) }).then((r) =>
        typeof r === 'string' ? { ...draft, [field]: r.trim() } : r,
      );
    switch (step.id) {
      case 'clientId':
        return input('clientId', 'application (client) id', 'Application (client) id, from the app registration overview', validateClientId);
      case 'tenantId':
        return input('tenantId', 'tenant', 'Directory (tenant) id or domain; "organizations", or "common"/"consumers" for personal accounts', required);
      case 'scopes':
        return input('scopes', 'delegated scopes', 'Space-separated Graph permissions to request, e.g. Mail.Read Calendars.Read', required, 'Mail.Read');
      case 'label':
        return input('label', 'name (optional)', 'A name for this registration in the sign-in list and the Subscriptions view', anything, registrationLabel({ clientId: draft.clientId ?? '', tenantId: draft.tenantId ?? '' }));
      case 'cloud': {
        const items = (Object.keys(CLOUDS) as RealCloud[]).map((c) => ({ label: CLOUDS[c].label, description: CLOUDS[c].graphEndpoint, value: c }));
        const r = await askPick(title(position, 'cloud'), items, draft.cloud ?? 'global', back);
        return typeof r === 'string' ? { ...draft, cloud: r } : r;
      }
      case 'flow': {
        const r = await askPick(title(position, 'how to sign in'), FLOWS.map((f) => ({ label: f.label, description: f.description, value: f.flow })), draft.flow, back);
        return typeof r === 'string' ? { ...draft, flow: r } : r;
      }
      default:
        return CANCEL;
    }
  });

  if (!outcome.done) {
    const kept: RegistrationDraft = { ...outcome.draft, ...typed };
    await state.update(REGISTRATION_DRAFT_KEY, kept);
    vscode.window.setStatusBarMessage('$(history) App registration: what you typed is kept for the next time', 8000);
    throw new CancelledError();
  }
  await state.update(REGISTRATION_DRAFT_KEY, undefined);
  const d = outcome.draft;
  const reg: AppRegistration = { clientId: d.clientId!.trim(), tenantId: d.tenantId!.trim(), cloud: d.cloud ?? 'global', flow: d.flow! };
  if (d.label?.trim()) reg.label = d.label.trim();
  if (!isApplicationFlow(reg.flow)) reg.scopes = (d.scopes ?? '').split(/[\s,]+/).filter(Boolean);
  return reg;
}

interface InputOptions {
  title: string;
  prompt: string;
  value: string;
  placeholder?: string;
  validate: (value: string) => string | undefined;
  back: boolean;
  onType: (value: string) => void;
}

function askInput(o: InputOptions): Promise<string | typeof BACK | typeof CANCEL> {
  const box = vscode.window.createInputBox();
  box.title = o.title;
  box.prompt = o.prompt;
  box.value = o.value;
  if (o.placeholder) box.placeholder = o.placeholder;
  box.ignoreFocusOut = true;
  box.buttons = o.back ? [vscode.QuickInputButtons.Back] : [];
  return new Promise<string | typeof BACK | typeof CANCEL>((resolve) => {
    box.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) resolve(BACK);
    });
    box.onDidChangeValue((value) => {
      o.onType(value);
      box.validationMessage = value ? o.validate(value) : undefined;
    });
    box.onDidAccept(() => {
      const problem = o.validate(box.value);
      if (problem) box.validationMessage = problem;
      else resolve(box.value);
    });
    box.onDidHide(() => resolve(CANCEL));
    box.show();
  }).finally(() => box.dispose());
}

function askPick<T extends string>(title: string, items: { label: string; description: string; value: T }[], current: T | undefined, back: boolean): Promise<T | typeof BACK | typeof CANCEL> {
  const pick = vscode.window.createQuickPick<{ label: string; description: string; value: T }>();
  pick.title = title;
  pick.items = items;
  pick.ignoreFocusOut = true;
  pick.buttons = back ? [vscode.QuickInputButtons.Back] : [];
  const active = items.find((i) => i.value === current);
  if (active) pick.activeItems = [active];
  return new Promise<T | typeof BACK | typeof CANCEL>((resolve) => {
    pick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) resolve(BACK);
    });
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      if (chosen) resolve(chosen.value);
    });
    pick.onDidHide(() => resolve(CANCEL));
    pick.show();
  }).finally(() => pick.dispose());
}
