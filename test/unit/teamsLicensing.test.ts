/**
 * Teams licensing and payment models (https://learn.microsoft.com/en-us/graph/teams-licenses): the
 * catalog table, the draft checks over every licensed path and model, the 402 decoding, and the
 * Sandbox's 402s and evaluation cap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, LICENSED_PATHS, licensingFor, matchResource, modelOf, withModel, type PaymentModel } from '../../src/catalog/index';
import { describeGraphError, GraphRequestError } from '../../src/graph/errors';
import { decodePaymentRequired } from '../../src/graph/paymentErrors';
import { FindingCode, toGraphError, validateDraft, type Finding, type TextEdit } from '../../src/validation/index';
import { runCli } from '../../src/emulator/cli';
import { call, inMinutes, withHarness } from './emulatorTestKit';

const NOW = new Date('2026-11-23T12:00:00.000Z');

function draft(resource: string): string {
  return JSON.stringify({
    changeType: 'created',
    notificationUrl: 'https://webhook.example.com/api/notify',
    lifecycleNotificationUrl: 'https://webhook.example.com/api/lifecycle',
    resource,
    expirationDateTime: new Date(NOW.getTime() + 50 * 60_000).toISOString(),
    clientState: 'secretClientValue',
  }, null, 2);
}

function check(resource: string, operation: 'create' | 'update' = 'create'): Finding[] {
  return validateDraft(draft(resource), { operation, accountKind: 'application', now: NOW });
}

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

/** A concrete resource for a licensed pattern (`{teamsAppId}` → an id). */
const concrete = (pattern: string): string => pattern.replace(/\{[^}]+\}/g, 'a1b2c3');

test('the catalog and the licensing table agree on every licensed path and its models', () => {
  const catalogLicensed = CATALOG.flatMap((e) => e.paths.filter((p) => p.paymentModels !== undefined).map((p) => ({ pattern: p.pattern, models: [...(p.paymentModels ?? [])] })));
  assert.deepEqual(
    catalogLicensed.map((p) => p.pattern).sort(),
    LICENSED_PATHS.map((l) => l.pattern).sort(),
    'every path the docs list as licensed is in the catalog with its models, and no other',
  );
  for (const p of catalogLicensed) assert.deepEqual(p.models, [...licensingFor(p.pattern)!.models], p.pattern);
  // The documented split: A and B on the four organization-wide paths, B only on the others.
  const ab = LICENSED_PATHS.filter((l) => l.models.length === 2).map((l) => l.pattern).sort();
  assert.deepEqual(ab, ['chats/getAllMembers', 'chats/getAllMessages', 'teams/getAllMembers', 'teams/getAllMessages']);
});

test('/me/chats/getAllMessages is the users/{id} path: model=B only', () => {
  const m = matchResource('/me/chats/getAllMessages?model=A');
  assert.ok(m.ok);
  assert.deepEqual(licensingFor(m.pattern)?.models, ['B']);
});

for (const l of LICENSED_PATHS) {
  const resource = concrete(l.pattern);
  test(`${l.documented}: no model is evaluation mode, with a fix per accepted model`, () => {
    const text = draft(resource);
    const f = check(resource).find((x) => x.code === FindingCode.evaluationMode);
    assert.ok(f, 'evaluation-mode warning');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /evaluation mode/);
    assert.match(f.message, /without any error/);
    const fixes = (f.fixes ?? []).filter((x) => x.kind === 'edit');
    assert.deepEqual(fixes.map((x) => x.title.slice(0, 11)), l.models.map((m) => `Use model=${m}`));
    for (const fix of fixes) {
      if (fix.kind !== 'edit') continue;
      const fixed = apply(text, fix.edits);
      const after = validateDraft(fixed, { operation: 'create', accountKind: 'application', now: NOW });
      assert.equal(after.filter((x) => x.code === FindingCode.evaluationMode || x.code === FindingCode.paymentModelInvalid).length, 0, fixed);
    }
  });
  test(`${l.documented}: update drafts only inform (the model cannot be changed by PATCH)`, () => {
    const f = check(resource, 'update').find((x) => x.code === FindingCode.evaluationMode);
    assert.ok(f);
    assert.equal(f.severity, 'info');
    assert.deepEqual(f.fixes ?? [], []);
  });
  for (const model of ['A', 'B', 'C'] as const) {
    const accepted = (l.models as readonly string[]).includes(model);
    test(`${l.documented}?model=${model}: ${accepted ? 'accepted, requirements shown' : 'refused like Graph (402)'}`, () => {
      const findings = check(withModel(resource, model as PaymentModel));
      assert.equal(findings.some((x) => x.code === FindingCode.evaluationMode), false);
      const invalid = findings.find((x) => x.code === FindingCode.paymentModelInvalid);
      if (accepted) {
        assert.equal(invalid, undefined);
        const info = findings.find((x) => x.code === FindingCode.meteredApi);
        assert.ok(info);
        assert.match(info.message, model === 'A' ? /security or compliance/ : /do not perform a security or compliance/);
      } else {
        assert.ok(invalid, 'paymentModelInvalid');
        assert.equal(invalid.severity, 'error');
        assert.deepEqual((invalid.fixes ?? []).map((x) => x.title.slice(0, 11)), l.models.map((m) => `Use model=${m}`));
        const g = toGraphError(invalid);
        assert.equal(g.status, 402);
        assert.equal(g.code, 'PaymentRequired');
        assert.match(g.message, new RegExp(`does not support value '${model}'`));
      }
    });
  }
}

test('paths without a payment model get no licensing findings', () => {
  for (const resource of ['teams/t1/channels/c1/messages', 'chats/c1/messages', 'chats', 'teams/t1/members']) {
    const codes = check(resource).map((f) => f.code);
    for (const c of [FindingCode.evaluationMode, FindingCode.meteredApi, FindingCode.paymentModelInvalid]) assert.equal(codes.includes(c), false, `${resource}: ${c}`);
  }
});

test('withModel and modelOf keep the other query options', () => {
  assert.equal(withModel('chats/getAllMessages', 'B'), 'chats/getAllMessages?model=B');
  assert.equal(withModel('chats/getAllMessages?model=C&$top=1', 'A'), 'chats/getAllMessages?model=A&$top=1');
  assert.equal(modelOf('chats/getAllMessages?$top=1&model=B'), 'B');
  assert.equal(modelOf('chats/getAllMessages'), undefined);
});

// ---- 402 decoding -------------------------------------------------------------------------------

const DOCUMENTED_402: { message: string; cause: string; explains: RegExp }[] = [
  { message: '...To call this API, the app must be associated with an Azure subscription, see https://aka.ms/teams-api-payment-requirements for details....', cause: 'billingMissing', explains: /Azure subscription for billing/ },
  { message: '...needs a valid license to access this API...', cause: 'licenseMissing', explains: /Microsoft Communications DLP/ },
  { message: '...tenant needs a valid license to access this API...', cause: 'licenseMissing', explains: /tenant to have/ },
  { message: "...query parameter 'model' does not support value 'B' for this API. Use billing model 'A'...", cause: 'modelNotSupported', explains: /does not take model=B; use model=A/ },
  { message: '...evaluation capacity for the month has exceeded. To continue beyond the evalution limits complete billing onboarding...', cause: 'evaluationCapacityExceeded', explains: /evaluation-mode quota.*stop without an error/ },
  { message: 'Payment required.', cause: 'unknown', explains: /metered or licensed/ },
];

for (const c of DOCUMENTED_402) {
  test(`402 "${c.message.slice(3, 50)}…" decodes to ${c.cause}`, () => {
    const decoded = decodePaymentRequired(c.message);
    assert.equal(decoded.cause, c.cause);
    assert.match(decoded.explanation, c.explains);
    assert.ok(decoded.nextSteps.length > 0);
    for (const s of decoded.nextSteps) {
      assert.equal(s.command, 'vscode.open');
      assert.match(String(s.args?.[0]), /^https:\/\/learn\.microsoft\.com\//);
    }
  });
}

test('a 402 from Graph becomes a user-facing message naming the cause, with the billing page as a button', () => {
  const error = GraphRequestError.fromResponse(402, JSON.stringify({ error: { code: 'PaymentRequired', message: DOCUMENTED_402[0].message } }));
  const shown = describeGraphError(error, { operation: 'create', subscription: { resource: 'chats/getAllMessages?model=B', changeType: 'created', notificationUrl: 'https://x.example/n' } });
  assert.match(shown.message, /^Payment Required: Graph refused to create the subscription on chats\/getAllMessages\?model=B/);
  assert.match(shown.message, /not associated with an active Azure subscription/);
  assert.deepEqual(shown.nextSteps.map((s) => s.title), ['Set Up Billing', 'Open Licensing Docs']);
  assert.equal(shown.nextSteps[0].args?.[0], 'https://learn.microsoft.com/en-us/graph/metered-api-setup');
});

// ---- Sandbox ------------------------------------------------------------------------------------

const TEAMS_APP_PERMISSIONS = ['Chat.Read.All', 'ChannelMessage.Read.All'];

async function appToken(h: { emulator: { issueToken: (r: { accountKind: 'application'; permissions: string[] }) => Promise<string> } }): Promise<string> {
  return h.emulator.issueToken({ accountKind: 'application', permissions: TEAMS_APP_PERMISSIONS });
}

function teamsDraft(h: Parameters<Parameters<typeof withHarness>[0]>[0], resource: string): Record<string, unknown> {
  return {
    changeType: 'created',
    notificationUrl: h.receiver.url('/notifications'),
    lifecycleNotificationUrl: h.receiver.url('/lifecycle'),
    resource,
    expirationDateTime: inMinutes(h.clock, 4000),
    clientState: 'secret-client-state-1234',
  };
}

test('Sandbox: a model the path does not take is 402 PaymentRequired with Graph\'s error body', async () => {
  await withHarness(async (h) => {
    const token = await appToken(h);
    const r = await call(h.subscriptions, { method: 'POST', token, body: teamsDraft(h, 'users/u1/chats/getAllMessages?model=A') });
    assert.equal(r.status, 402);
    assert.equal(r.json.error.code, 'PaymentRequired');
    assert.match(r.json.error.message, /query parameter 'model' does not support value 'A' for this API\. Use billing model 'B'\./);
    assert.ok(r.json.error.innerError['request-id']);
    assert.equal(decodePaymentRequired(r.json.error.message).suggestedModel, 'B');
  });
});

test('Sandbox: model=A/B without billing, and model=A without licences, are 402 with the documented causes', async () => {
  await withHarness(async (h) => {
    const token = await appToken(h);
    h.emulator.configureTeamsLicensing({ billingConfigured: false });
    const noBilling = await call(h.subscriptions, { method: 'POST', token, body: teamsDraft(h, 'chats/getAllMessages?model=B') });
    assert.equal(noBilling.status, 402);
    assert.equal(decodePaymentRequired(noBilling.json.error.message).cause, 'billingMissing');
    // Evaluation mode needs no billing.
    const evaluation = await call(h.subscriptions, { method: 'POST', token, body: teamsDraft(h, 'chats/getAllMessages') });
    assert.equal(evaluation.status, 201, JSON.stringify(evaluation.json));
    h.emulator.configureTeamsLicensing({ billingConfigured: true, modelALicensed: false });
    const unlicensed = await call(h.subscriptions, { method: 'POST', token, body: teamsDraft(h, 'teams/getAllMessages?model=A') });
    assert.equal(unlicensed.status, 402);
    assert.equal(decodePaymentRequired(unlicensed.json.error.message).cause, 'licenseMissing');
    const modelB = await call(h.subscriptions, { method: 'POST', token, body: teamsDraft(h, 'teams/getAllMessages?model=B') });
    assert.equal(modelB.status, 201, JSON.stringify(modelB.json));
  });
});

test('Sandbox: past the evaluation cap, evaluation-mode subscriptions get nothing, silently; model=B ones still do', async () => {
  await withHarness(async (h) => {
    const token = await appToken(h);
    const evaluation = await call(h.subscriptions, { method: 'POST', token, body: teamsDraft(h, 'chats/getAllMessages') });
    const paid = await call(h.subscriptions, { method: 'POST', token, body: teamsDraft(h, 'teams/getAllMessages?model=B') });
    assert.equal(evaluation.status, 201);
    assert.equal(paid.status, 201);
    const before = await h.emulator.simulateChange(evaluation.json.id);
    assert.equal(before.delivered, 1);
    assert.deepEqual(h.emulator.reachEvaluationCap(evaluation.json.id), { evaluationMode: true, quota: 500 });
    const posts = h.receiver.notifications.length;
    const after = await h.emulator.simulateChange(evaluation.json.id, { count: 3 });
    assert.equal(after.notifications, 0);
    assert.equal(after.delivered, 0);
    assert.equal(after.dropped, 0, 'not a delivery failure: Graph never tries');
    assert.equal(after.withheld, 3);
    assert.equal(h.receiver.notifications.length, posts, 'nothing reached the receiver');
    assert.ok(h.emulator.deliveryLog().some((a) => /evaluation-mode quota/.test(a.error ?? '')), 'the Sandbox log says why');
    const stillPaid = await h.emulator.simulateChange(paid.json.id);
    assert.equal(stillPaid.delivered, 1);
    // The quota is per calendar month: on December 1st it starts again (renewing to stay alive meanwhile).
    for (let day = 0; day < 8; day += 2) {
      h.clock.advanceMinutes(2 * 1440);
      const fresh = await appToken(h);
      const renewed = await call(`${h.subscriptions}/${evaluation.json.id}`, { method: 'PATCH', token: fresh, body: { expirationDateTime: inMinutes(h.clock, 4000) } });
      assert.equal(renewed.status, 200, JSON.stringify(renewed.json));
    }
    assert.equal(h.clock.now().toISOString().slice(0, 7), '2026-12');
    const nextMonth = await h.emulator.simulateChange(evaluation.json.id);
    assert.equal(nextMonth.delivered, 1);
  });
});

test('CLI: teams-licensing switches billing off (then model=B is 402) and reaches the evaluation cap of a subscription', async () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), lines: out, errors: err };
  };
  await withHarness(async (h) => {
    const token = await appToken(h);
    const off = io();
    assert.equal((await runCli(['teams-licensing', '--billing', 'off', '--url', h.emulator.baseUrl], off)).code, 0, off.errors.join('\n'));
    assert.match(off.lines.join('\n'), /Azure billing not set up, model=A licences assigned, evaluation quota 500/);
    const refused = await call(h.subscriptions, { method: 'POST', token, body: teamsDraft(h, 'chats/getAllMessages?model=B') });
    assert.equal(refused.status, 402);
    const evaluation = await call(h.subscriptions, { method: 'POST', token, body: teamsDraft(h, 'chats/getAllMessages') });
    assert.equal(evaluation.status, 201);
    const cap = io();
    assert.equal((await runCli(['teams-licensing', '--evaluation-cap', evaluation.json.id, '--url', h.emulator.baseUrl], cap)).code, 0, cap.errors.join('\n'));
    assert.match(cap.lines.join('\n'), /stop silently until next month/);
    const sim = io();
    assert.equal((await runCli(['simulate', '--subscription', evaluation.json.id, '--change-type', 'created', '--url', h.emulator.baseUrl], sim)).code, 0);
    assert.match(sim.lines.join('\n'), /0\/0 notification\(s\) delivered.* 1 not sent: the evaluation-mode quota is used up/);
    const bad = io();
    assert.equal((await runCli(['teams-licensing', '--billing', 'maybe', '--url', h.emulator.baseUrl], bad)).code, 2);
  });
});
