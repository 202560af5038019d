/**
 * The "Graph Notifications" output is a LogOutputChannel, which stamps every line with its own
 * date and time: the receiver's lines must not carry a second time stamp (issue 19 item 23).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createLogger } from '../../src/util/logger';
import { ReceiverOutput } from '../../src/notifications/receiverOutput';
import type { ProcessedNotification } from '../../src/notifications/processNotification';

const TIME_STAMP = /^\s*\d\d:\d\d:\d\d(\.\d+)?\b/;

function output(): { out: ReceiverOutput; lines: string[] } {
  const lines: string[] = [];
  return { out: new ReceiverOutput(createLogger({ write: (_level, line) => lines.push(line) })), lines };
}

test('handshake, Event Grid handshake and refusal lines carry no time stamp of their own', () => {
  const { out, lines } = output();
  out.handshake({ path: '/notifications', maskedToken: 'abcd…(40 chars)' });
  out.handshake({ path: '/notifications', maskedToken: '', eventGridOrigin: 'eventgrid.azure.net' });
  out.rejected({ status: 401, reason: 'clientState does not match', path: '/notifications' });
  out.dispose();
  assert.equal(lines.length, 3);
  for (const line of lines) assert.doesNotMatch(line, TIME_STAMP, line);
  assert.match(lines[0], /^handshake \/notifications: echoed validation token abcd…\(40 chars\)/);
  assert.match(lines[2], /^✗ rejected \/notifications: 401 clientState does not match/);
});

test('notification lines carry no time stamp of their own', () => {
  const { out, lines } = output();
  const processed = {
    id: 'n1', receivedAt: '2026-12-02T10:00:00.000Z', kind: 'change', tokens: [],
    items: [{
      subscriptionId: 'sub-1', changeType: 'created', resource: 'me/messages/1', trust: 'verified', trusted: true,
      checks: { clientState: { status: 'pass' }, validationTokens: { status: 'skip', reason: 'none sent' }, decryption: { status: 'skip', reason: 'not encrypted' } },
    }],
  } as unknown as ProcessedNotification;
  out.writeProcessed(processed, 'summary');
  out.writeProcessed({ ...processed, items: [] }, 'summary');
  out.dispose();
  assert.equal(lines.length, 2);
  for (const line of lines) assert.doesNotMatch(line, TIME_STAMP, line);
  assert.match(lines[0], /^✓ created sub sub-1 me\/messages\/1 \| clientState ✓/);
  assert.match(lines[1], /^\(empty notification/);
});
