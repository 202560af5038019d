// Issue 19 item 14, pure parts: a sign-in that cannot reach the login host is recognised (MSAL's
// own error, from a refused port) and explained naming the registration, with Retry; registrations
// are named by label or "tenant · client id" (never a bare GUID); the wizard's Back and Escape.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CommandId } from '../../src/constants';
import { MsalTokenClient } from '../../src/auth/msalClient';
import { registrationDescription, registrationLabel } from '../../src/auth/registrationLabel';
import { isNetworkFailure, signInUnreachable } from '../../src/auth/signInFailure';
import { BACK, CANCEL, runWizard, type WizardStep } from '../../src/auth/wizardSteps';
import { offlineNetworkClient } from '../fixtures/offlineNetwork';
import { TokenEndpointStub } from '../fixtures/tokenEndpointStub';

const CLIENT = '0a1b2c3d-1111-2222-3333-444444444444';
const TENANT = '9f8e7d6c-5555-6666-7777-888888888888';

test('offline device-code sign-in: MSAL\'s network_error is recognised; the message names the registration and offers Retry', async () => {
  const network = offlineNetworkClient();
  const client = new MsalTokenClient({ clientId: CLIENT, tenantId: TENANT, cloud: 'global', flow: 'deviceCode', scopes: ['Mail.Read'] }, {}, { networkClient: network });
  const error = await client.signIn().then(() => assert.fail('signed in offline'), (e: unknown) => e);
  assert.ok(network.attempts.length > 0, 'MSAL tried the network');
  assert.match(String((error as Error).message), /network_error/, 'MSAL\'s own error');
  assert.equal(isNetworkFailure(error), true);

  const label = registrationLabel({ clientId: CLIENT, tenantId: TENANT });
  const shown = signInUnreachable({ label, cloud: 'global', accountId: `msal:global:${TENANT}:${CLIENT}:deviceCode` });
  assert.equal(shown.severity, 'warning', 'an expected condition, not a red error');
  assert.match(shown.message, /^Could not reach login\.microsoftonline\.com to sign in to 9f8e7d6c… · 0a1b2c3d…: .*offline/);
  assert.doesNotMatch(shown.message, /network_error|fetch failed/);
  assert.deepEqual(shown.nextSteps.map((s) => s.title), ['Retry', 'Open the Sandbox']);
  assert.equal(shown.nextSteps[0].command, CommandId.signIn);
  assert.deepEqual(shown.nextSteps[0].args, [{ accountId: `msal:global:${TENANT}:${CLIENT}:deviceCode` }]);
  assert.match(signInUnreachable({ label, cloud: 'usGovL4', accountId: 'x' }).message, /login\.microsoftonline\.us/);
});

test('a refusal by the login host (wrong client secret) is not a network failure', async () => {
  const stub = new TokenEndpointStub();
  await stub.start();
  try {
    const client = new MsalTokenClient({ clientId: CLIENT, tenantId: stub.tenantId, cloud: 'global', flow: 'clientSecret' }, { clientSecret: 'wrong-secret-value' }, { networkClient: stub.networkClient() });
    const error = await client.signIn().then(() => assert.fail('signed in with a wrong secret'), (e: unknown) => e);
    assert.equal(isNetworkFailure(error), false, String(error));
  } finally {
    await stub.close();
  }
  const fetchFailed = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND login.microsoftonline.com'), { code: 'ENOTFOUND' }) });
  assert.equal(isNetworkFailure(fetchFailed), true);
  assert.equal(isNetworkFailure(new Error('invalid_grant: AADSTS7000215')), false);
});

test('registration labels: the display name, else "tenant · client id" shortened, never a bare GUID', () => {
  const table: [Parameters<typeof registrationLabel>[0], string][] = [
    [{ label: 'Contoso webhooks', clientId: CLIENT, tenantId: TENANT }, 'Contoso webhooks'],
    [{ label: '  ', clientId: CLIENT, tenantId: TENANT }, '9f8e7d6c… · 0a1b2c3d…'],
    [{ clientId: CLIENT, tenantId: 'contoso.onmicrosoft.com' }, 'contoso.onmicrosoft.com · 0a1b2c3d…'],
    [{ clientId: CLIENT, tenantId: 'common' }, 'common · 0a1b2c3d…'],
  ];
  for (const [reg, label] of table) {
    assert.equal(registrationLabel(reg), label);
    assert.doesNotMatch(registrationLabel(reg), new RegExp(CLIENT));
  }
  assert.equal(registrationDescription({ clientId: CLIENT, tenantId: TENANT, flow: 'deviceCode', cloud: 'global' }), `device code · tenant ${TENANT} · client ${CLIENT}`);
});

interface Draft {
  a?: string;
  b?: string;
  app?: boolean;
  c?: string;
}

test('wizard: Back returns to the previous step with its answer kept; Escape hands over what was entered; skipped steps stay skipped', async () => {
  const steps: WizardStep<Draft>[] = [{ id: 'a' }, { id: 'b' }, { id: 'c', applies: (d) => !d.app }];
  // A scripted user: answers a and b, Back twice (each step shows its answer), accepts a, changes b, Escape.
  const seen: string[] = [];
  const script: ((d: Draft) => Draft | typeof BACK | typeof CANCEL)[] = [
    (d) => ({ ...d, a: 'client' }),
    (d) => ({ ...d, b: 'tenant' }),
    () => BACK,
    () => BACK,
    (d) => d,
    (d) => ({ ...d, b: 'tenant2' }),
    () => CANCEL,
  ];
  const outcome = await runWizard<Draft>(steps, {}, async (step, position, draft) => {
    seen.push(`${step.id} ${position.index}/${position.total} a=${draft.a ?? ''} b=${draft.b ?? ''}`);
    return script.shift()!(draft);
  });
  assert.deepEqual(seen, ['a 1/3 a= b=', 'b 2/3 a=client b=', 'c 3/3 a=client b=tenant', 'b 2/3 a=client b=tenant', 'a 1/3 a=client b=tenant', 'b 2/3 a=client b=tenant', 'c 3/3 a=client b=tenant2']);
  assert.equal(outcome.done, false);
  assert.deepEqual(outcome.draft, { a: 'client', b: 'tenant2' }, 'nothing entered is lost');

  // Back on the first step stays there; a step that stops applying is skipped; done with all answers.
  const order: string[] = [];
  const done = await runWizard<Draft>(steps, { a: 'kept' }, async (step, _p, draft) => {
    order.push(step.id);
    if (order.length === 1) return BACK;
    if (step.id === 'a') return draft;
    return { ...draft, b: 'x', app: true };
  });
  assert.deepEqual(order, ['a', 'a', 'b']);
  assert.deepEqual(done, { done: true, draft: { a: 'kept', b: 'x', app: true } });
});
