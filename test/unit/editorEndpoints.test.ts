import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lifecycleUrlFor, notificationUrlFor } from '../../src/editor/endpoints';

const endpoints = {
  localNotificationUrl: 'http://127.0.0.1:7071/notifications',
  localLifecycleUrl: 'http://127.0.0.1:7071/lifecycle',
  publicNotificationUrl: 'https://abc.ngrok.app/notifications',
  publicLifecycleUrl: 'https://abc.ngrok.app/lifecycle',
};

test('the sandbox gets the local receiver URLs, real tenants the public ones', () => {
  assert.equal(notificationUrlFor(endpoints, { isSandbox: true }), endpoints.localNotificationUrl);
  assert.equal(notificationUrlFor(endpoints, { isSandbox: false }), endpoints.publicNotificationUrl);
  assert.equal(lifecycleUrlFor(endpoints, { isSandbox: true }), endpoints.localLifecycleUrl);
  assert.equal(lifecycleUrlFor(endpoints, { isSandbox: false }), endpoints.publicLifecycleUrl);
});

test('without a public URL: no notificationUrl (placeholder tab stop); lifecycle falls back to the draft https URL', () => {
  const local = { localNotificationUrl: endpoints.localNotificationUrl, localLifecycleUrl: endpoints.localLifecycleUrl };
  assert.equal(notificationUrlFor(local, { isSandbox: false }), undefined);
  assert.equal(lifecycleUrlFor(local, { isSandbox: false }, 'https://me.example/hook'), 'https://me.example/hook');
  assert.equal(lifecycleUrlFor(undefined, { isSandbox: false }, 'http://insecure/hook'), 'https://<your-public-host>/lifecycle');
});
