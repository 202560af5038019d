// deactivate() resolves only once the servers are closed: after it, the receiver's and the
// Sandbox's ports accept no connection and the open ones are closed, so the next window (a reload) can take them at once.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { ExtensionApi } from '../../src/extension';
import { activateExtension, eventually } from './helpers';

/** 'refused' when nothing listens on the port, 'connected' otherwise. */
function probe(port: number): Promise<'refused' | 'connected'> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', () => resolve('refused'));
  });
}

/** An idle connection held open, as a browser or Graph's retry would; `closed` once the server ends it. */
function hold(port: number): Promise<{ closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let closed = false;
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ closed: () => closed }));
    socket.once('error', reject);
  });
}

suite('Shutdown: deactivate() waits for the ports to close', function () {
  this.timeout(60_000);
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await activateExtension();
  });

  test('after the close deactivate() awaits, the receiver and Sandbox ports accept no connection; both start again on them', async () => {
    const { receiver, accounts } = api.services;
    const receiverPort = Number(new URL((await receiver.ensureStarted()).localNotificationUrl).port);
    await accounts.ensureSandbox();
    const sandboxPort = Number(new URL(accounts.sandboxEmulator()!.baseUrl).port);
    assert.equal(await probe(receiverPort), 'connected');
    assert.equal(await probe(sandboxPort), 'connected');

    const held = [await hold(receiverPort), await hold(sandboxPort)];

    await api.closeServersForTests();

    // The server ends them before it resolves; the client sees the end an I/O turn later.
    await eventually('open connections to the receiver and the Sandbox are closed', () => held.every((h) => h.closed()));

    assert.equal(await probe(receiverPort), 'refused', `receiver port ${receiverPort} still accepts connections`);
    assert.equal(await probe(sandboxPort), 'refused', `Sandbox port ${sandboxPort} still accepts connections`);
    assert.equal(receiver.isRunning(), false);

    // What the next window does: the receiver takes its port again; the Sandbox starts.
    const again = Number(new URL((await receiver.ensureStarted()).localNotificationUrl).port);
    assert.equal(again, receiverPort, 'the receiver gets its port back at once');
    await accounts.ensureSandbox();
    assert.ok(accounts.sandboxEmulator(), 'the Sandbox runs again');
  });
});
