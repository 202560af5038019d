import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../../src/emulator/index';
import { startReceiverStub } from '../fixtures/receiverStub';
import { call } from './emulatorTestKit';

test('with statePath, subscriptions, tenant and tokens survive a restart', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'gs-emulator-'));
  const statePath = path.join(dir, 'state.json');
  const receiver = await startReceiverStub();
  try {
    const first = await startEmulator({ statePath });
    const token = await first.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'] });
    const created = await call(`${first.graphBaseUrl}/subscriptions`, {
      method: 'POST',
      token,
      body: { changeType: 'created', notificationUrl: receiver.url(), resource: '/me/messages', expirationDateTime: new Date(Date.now() + 3_600_000).toISOString() },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const tenantId = first.tenantId;
    await first.close();

    const text = await readFile(statePath, 'utf8');
    assert.ok(text.includes(created.json.id));
    if (process.platform !== 'win32') assert.equal((await stat(statePath)).mode & 0o077, 0, 'the state file holds a private key: owner-only');

    const second = await startEmulator({ statePath });
    try {
      assert.equal(second.tenantId, tenantId);
      const list = await call(`${second.graphBaseUrl}/subscriptions`, { token });
      assert.equal(list.status, 200, 'a token from before the restart still verifies');
      assert.deepEqual(list.json.value.map((s: any) => s.id), [created.json.id]);
      assert.equal((await call(`${second.graphBaseUrl}/subscriptions/${created.json.id}`, { method: 'DELETE', token })).status, 204);
    } finally {
      await second.close();
    }
    const third = await startEmulator({ statePath });
    try {
      assert.deepEqual((await call(`${third.graphBaseUrl}/subscriptions`, { token })).json.value, [], 'the delete was persisted');
    } finally {
      await third.close();
    }
  } finally {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('expired subscriptions are not brought back by a restart', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'gs-emulator-'));
  const statePath = path.join(dir, 'state.json');
  const receiver = await startReceiverStub();
  let ms = Date.parse('2026-11-23T10:00:00Z');
  const now = () => new Date(ms);
  try {
    const first = await startEmulator({ statePath, now });
    const token = await first.issueToken({ accountKind: 'delegatedWork', permissions: ['Mail.Read'], lifetimeSeconds: 24 * 3600 });
    const created = await call(`${first.graphBaseUrl}/subscriptions`, {
      method: 'POST',
      token,
      body: { changeType: 'created', notificationUrl: receiver.url(), resource: '/me/messages', expirationDateTime: new Date(ms + 50 * 60_000).toISOString() },
    });
    assert.equal(created.status, 201);
    await first.close();
    ms += 60 * 60_000;
    const second = await startEmulator({ statePath, now });
    try {
      assert.deepEqual((await call(`${second.graphBaseUrl}/subscriptions`, { token })).json.value, []);
    } finally {
      await second.close();
    }
  } finally {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a corrupt state file is reported instead of being overwritten', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'gs-emulator-'));
  const statePath = path.join(dir, 'state.json');
  try {
    await import('node:fs/promises').then((fs) => fs.writeFile(statePath, '{"hello":1}'));
    await assert.rejects(startEmulator({ statePath }), /not a Graph emulator state file/);
    assert.equal(await readFile(statePath, 'utf8'), '{"hello":1}');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
