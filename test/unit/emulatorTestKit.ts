/** Shared helpers of the emulator tests (not a test file itself). */
import assert from 'node:assert/strict';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index';
import { createTestCertificate, type TestCertificate } from '../fixtures/certificates';
import { startReceiverStub, type ReceiverStub, type ReceiverStubOptions } from '../fixtures/receiverStub';

export interface GraphResponse {
  status: number;
  headers: Headers;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-only, shapes asserted field by field
}

export async function call(
  url: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<GraphResponse> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

/** A clock tests can move. */
export class TestClock {
  constructor(public ms = Date.parse('2026-11-23T10:00:00Z')) {}
  readonly now = (): Date => new Date(this.ms);
  advanceMinutes(m: number): void {
    this.ms += m * 60_000;
  }
}

export interface Harness {
  emulator: Emulator;
  receiver: ReceiverStub;
  clock: TestClock;
  token: string;
  subscriptions: string;
  close(): Promise<void>;
}

/** An emulator with short timeouts, a receiver stub and a delegated work token with `permissions`. */
export async function harness(
  options: EmulatorOptions = {},
  receiverOptions: ReceiverStubOptions = {},
  permissions: string[] = ['Mail.Read', 'User.Read.All', 'Chat.Read', 'ChannelMessage.Read.All'],
): Promise<Harness> {
  const clock = new TestClock();
  const receiver = await startReceiverStub(receiverOptions);
  const emulator = await startEmulator({
    // Generous enough for a loaded CI machine; tests about timeouts set their own short values.
    handshakeTimeoutMs: 3000,
    deliveryTimeoutMs: 3000,
    retryTimeoutMs: 3000,
    retryBackoffMs: 10,
    maxDeliveryAttempts: 3,
    now: clock.now,
    ...options,
  });
  const token = await emulator.issueToken({ accountKind: 'delegatedWork', permissions });
  return {
    emulator,
    receiver,
    clock,
    token,
    subscriptions: `${emulator.graphBaseUrl}/subscriptions`,
    close: async () => {
      await emulator.close();
      await receiver.close();
    },
  };
}

/** Runs `body` with a fresh `harness(...)`, closing it afterwards whatever happens. */
export async function withHarness(
  body: (h: Harness) => Promise<void>,
  options?: EmulatorOptions,
  receiverOptions?: ReceiverStubOptions,
  permissions?: string[],
): Promise<void> {
  const h = await harness(options, receiverOptions, permissions);
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

/** Runs `body` with a bare emulator (default options), closing it afterwards whatever happens. */
export async function withEmulator(body: (emulator: Emulator) => Promise<void>): Promise<void> {
  const emulator = await startEmulator();
  try {
    await body(emulator);
  } finally {
    await emulator.close();
  }
}

/** Runs `body` with a fresh test certificate and a fresh harness (closed afterwards), for rich-notification tests. */
export async function withCertificateHarness(body: (h: Harness, cert: TestCertificate) => Promise<void>): Promise<void> {
  const cert = await createTestCertificate();
  await withHarness((h) => body(h, cert));
}

/**
 * POSTs a rich message subscription (`includeResourceData`, encrypted to `cert` under `certificateId`,
 * `overrides` on top of `messageDraft`) and asserts it was created (201).
 */
export async function createRichSubscription(
  h: Harness,
  cert: TestCertificate,
  certificateId: string,
  overrides: Record<string, unknown> = {},
): Promise<GraphResponse> {
  const created = await call(h.subscriptions, {
    method: 'POST',
    token: h.token,
    body: messageDraft(h, { includeResourceData: true, encryptionCertificate: cert.certificateBase64, encryptionCertificateId: certificateId, ...overrides }),
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return created;
}

export function inMinutes(clock: TestClock, minutes: number): string {
  return new Date(clock.ms + minutes * 60_000).toISOString();
}

/** A valid message subscription draft pointing at the stub. */
export function messageDraft(h: Harness, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    changeType: 'created,updated',
    notificationUrl: h.receiver.url('/notifications?tenant=contoso'),
    resource: '/me/messages',
    expirationDateTime: inMinutes(h.clock, 120),
    clientState: 'secret-client-state-1234',
    ...overrides,
  };
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
