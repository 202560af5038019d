/**
 * Rule: the validation handshake, exactly as Graph runs it on create (and for the lifecycle URL):
 * POST `url?validationToken=<form-encoded>`, `text/plain; charset=utf-8`, empty body; the answer
 * must be 200, `text/plain`, the *decoded* token, within 10 s
 * (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#notificationurl-validation).
 * Each way to fail is named: auth wall, redirect, HTML page, JSON parsing of the empty body,
 * encoded echo, wrong content type, timeout, unreachable.
 */
import { maskValue } from '../util/logger';
import type { HttpPoster } from '../emulator/httpClient';
import { probe } from './probe';
import type { DoctorCheck, FailureKind } from './types';
import { newValidationToken, validationRequestUrl } from '../handshake/validationRequest';
import { describeResponse, diagnoseWall, encodedForms, excerpt, mediaType } from './wire';

export interface HandshakeCheckInput {
  id: string;
  title: string;
  url: string;
  timeoutMs: number;
  poster: HttpPoster;
}

/** A receiver that JSON-parses the empty body fails with one of these (Node, .NET, Java, Python). */
const JSON_PARSE_HINT = /json|unexpected end|syntaxerror|parse|deserializ|no content to map|expecting value|unsupported media type/i;

export async function checkHandshake(input: HandshakeCheckInput): Promise<DoctorCheck> {
  const token = newValidationToken();
  const target = validationRequestUrl(input.url, token);
  const masked = target.toString().replace(/validationToken=[^&]+/, `validationToken=${maskValue(token)}`);
  const evidence = [`POST ${masked}`, 'Content-Type: text/plain; charset=utf-8, empty body (as Graph sends it)'];
  const out = await probe(input.poster, target, '', 'text/plain; charset=utf-8', input.timeoutMs);
  const base = { id: input.id, group: 'handshake' as const, title: input.title, durationMs: Math.round(out.durationMs), evidence };
  const fail = (kind: FailureKind, summary: string, fix: string): DoctorCheck => ({ ...base, status: 'fail', kind, summary, fix });

  if (out.timedOut) {
    evidence.push(`No answer within ${input.timeoutMs} ms`);
    return fail(
      'timeout',
      `No answer within ${input.timeoutMs / 1000} s: Graph reports "Subscription validation request timed out." and does not create the subscription.`,
      'Answer the validation request first, before any other work: no cold start past 10 s (keep the function warm or use a premium plan), no paused debugger, no blocking startup code on the request path.',
    );
  }
  if (!out.result) {
    evidence.push(`Connection failed: ${out.error ?? 'unknown error'}`);
    return fail(
      'unreachable',
      `Graph could not connect: ${out.error ?? 'unknown error'}${out.tlsError ? ' (TLS)' : ''}.`,
      out.tlsError
        ? 'Serve a certificate from a public CA that matches the host name, with TLS 1.2 or later.'
        : 'Check that the app is running, listening on this host and port, and that the URL (path included) is the one you give Graph.',
    );
  }
  const res = out.result;
  evidence.push(describeResponse(res, out.durationMs));
  const wall = diagnoseWall(res, 'the validation POST');
  if (wall) return fail(wall.kind, wall.summary, wall.fix);
  if (res.status !== 200) {
    if (res.status === 415 || (res.status >= 400 && JSON_PARSE_HINT.test(res.body))) {
      return fail(
        'parsesAsJson',
        `The validation POST was refused with ${res.status}: the endpoint parses the body as JSON, but Graph's validation request has an empty text/plain body.`,
        'Check for the validationToken query parameter before reading or parsing the body, and answer it without touching the body.',
      );
    }
    return fail(
      'badStatus',
      `Answered ${res.status}; Graph requires 200 OK and reports "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request."`,
      'When the request has a validationToken query parameter, answer 200 with the decoded token as text/plain.',
    );
  }
  if (res.body !== token && encodedForms(token).includes(res.body)) {
    return fail(
      'encodedEcho',
      'The body is the URL-encoded token; Graph compares it with the decoded token and reports "Response must exactly match validationToken query parameter."',
      'Return the query parameter after URL-decoding it (most frameworks decode query values for you: use that value, not the raw query string).',
    );
  }
  if (mediaType(res) !== 'text/plain') {
    return fail(
      'wrongContentType',
      `Content-Type is "${String(res.headers['content-type'] ?? '(none)')}"; Graph requires text/plain.`,
      'Set Content-Type: text/plain on the validation answer (return plain text, not JSON or a string serialised as JSON).',
    );
  }
  if (res.body !== token) {
    const quoted = res.body === JSON.stringify(token);
    return fail(
      'tokenMismatch',
      quoted
        ? 'The body is the token wrapped in JSON quotes; Graph requires the bare token.'
        : `The body (${res.body.length} chars: ${excerpt(maskValue(res.body), 40)}) is not the decoded token (${token.length} chars).`,
      'Return exactly the decoded validationToken, nothing around it: no quotes, no trailing newline, no HTML escaping.',
    );
  }
  if (out.durationMs > input.timeoutMs / 2) {
    return {
      ...base,
      status: 'warn',
      kind: 'timeout',
      summary: `Answered correctly, but after ${Math.round(out.durationMs)} ms of Graph's ${input.timeoutMs / 1000} s: a colder start fails.`,
      fix: 'Answer the validation request before any slow initialisation.',
    };
  }
  return { ...base, status: 'pass', summary: `200 text/plain with the decoded token in ${Math.round(out.durationMs)} ms.` };
}
