// Graph's validation request, one definition (src/handshake/validationRequest.ts) for the handshake
// client (self-test, Sandbox) and the receiver doctor: the token form-encoded as Graph sends it, and
// the doctor's request byte-identical to the client's on the wire. (Apart from doctor.test.ts, whose
// receivers sleep on purpose and fill its time budget.)
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { runDoctor } from '../../src/doctor/runDoctor';
import { GRAPH_TIMINGS } from '../../src/doctor/types';
import { runHandshake } from '../../src/handshake/handshakeClient';
import { graphFormEncode, validationRequestUrl } from '../../src/handshake/validationRequest';
import { correct, serve } from '../fixtures/brokenReceivers';

test('wire form: the token is form-encoded like Graph sends it (%3a and +), the URL keeps its own query', () => {
  const token = 'Validation: Testing client application reachability for subscription Request-Id: 1f0e-aa';
  assert.equal(graphFormEncode(token), 'Validation%3a+Testing+client+application+reachability+for+subscription+Request-Id%3a+1f0e-aa');
  const url = validationRequestUrl('https://example.test/hook?code=abc', token);
  assert.equal(url.search, `?code=abc&validationToken=${graphFormEncode(token)}`);
  assert.equal(url.searchParams.get('validationToken'), token);
});

test('the doctor sends the validation request byte for byte as the handshake client (and so the Sandbox) does', async () => {
  // The raw request targets as the server read them off the wire: the doctor's first, then the
  // handshake client's with the same token (each makes its own; the token is the only variable).
  const targets: string[] = [];
  const capture = await serve(async (req, res) => {
    if (req.validationToken !== null) targets.push(`${req.path}?${req.rawQuery}`);
    await correct()(req, res);
  });
  try {
    const report = await runDoctor({ url: `${capture.url}?code=abc`, timings: GRAPH_TIMINGS, deliveries: 1 });
    assert.equal(report.checks.find((c) => c.id === 'handshake.notificationUrl')?.status, 'pass');
    const doctorTarget = targets[0];
    assert.ok(doctorTarget, 'the doctor sent the validation request');
    const token = new URLSearchParams(doctorTarget.split('?')[1]).get('validationToken')!;
    assert.match(doctorTarget, /^\/api\/notifications\?code=abc&validationToken=Validation%3a\+Testing\+client\+application\+reachability\+for\+subscription\+Request-Id%3a\+[0-9a-f-]{36}$/, "Graph's form: + for spaces, lower-case %3a");
    targets.length = 0;
    assert.equal((await runHandshake(`${capture.url}?code=abc`, { token })).ok, true);
    assert.equal(targets[0], doctorTarget, 'byte-identical to the handshake client\'s request');
  } finally {
    await capture.close();
  }
});
