// Which port the receiver listens on (src/notifications/receiverPort.ts): the last run's port is a
// preference (subscriptions point at it), a configured port a requirement.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { listenOnPreferredPort } from '../../src/notifications/receiverPort';
import { UserFacingError } from '../../src/util/errors';
import { createLogger, MemoryLogSink } from '../../src/util/logger';

const inUse = () => Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });

/** A listen() where `taken` ports are held by another program; records the ports asked for. */
function ports(taken: number[]) {
  const asked: number[] = [];
  const listen = async (port: number) => {
    asked.push(port);
    if (taken.includes(port)) throw inUse();
    return { port: port || 54321 };
  };
  return { asked, listen };
}

test('the last run\'s port is reused when free', async () => {
  const { asked, listen } = ports([]);
  assert.deepEqual(await listenOnPreferredPort({ configured: 0, remembered: 40123, listen, log: createLogger(new MemoryLogSink()) }), { port: 40123 });
  assert.deepEqual(asked, [40123]);
});

test('the last run\'s port taken: a new port, and the log says that subscriptions need moving', async () => {
  const { asked, listen } = ports([40123]);
  const sink = new MemoryLogSink();
  assert.deepEqual(await listenOnPreferredPort({ configured: 0, remembered: 40123, listen, log: createLogger(sink) }), { port: 54321 });
  assert.deepEqual(asked, [40123, 0]);
  assert.match(sink.text(), /Port 40123 of the last run is taken.*notificationUrl/);
});

test('a configured port taken is an error naming it, with Change Port opening the setting', async () => {
  const { asked, listen } = ports([40200]);
  const error = await listenOnPreferredPort({ configured: 40200, remembered: 40123, listen, log: createLogger(new MemoryLogSink()) }).catch((e: unknown) => e);
  assert.ok(error instanceof UserFacingError);
  assert.match(error.message, /^Port 40200 is in use/);
  assert.deepEqual(error.nextSteps.map((s) => [s.title, s.args]), [['Change Port', ['graphSubscriptions.receiver.port']]]);
  assert.deepEqual(asked, [40200], 'no other port is tried');
});

test('any other failure to listen is passed on as it is', async () => {
  const denied = Object.assign(new Error('listen EACCES'), { code: 'EACCES' });
  const error = await listenOnPreferredPort({ configured: 0, remembered: 40123, listen: () => Promise.reject(denied), log: createLogger(new MemoryLogSink()) }).catch((e: unknown) => e);
  assert.equal(error, denied);
});
