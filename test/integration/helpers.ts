// Shared by the integration suites (runs inside VS Code's extension host).
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';
import type { Subscription, SubscriptionDraft } from '../../src/graph/types';
import type { Account, ReceiverEndpoints, Services } from '../../src/services';

/** Activates the extension under test and returns the API `activate()` returned. */
export async function activateExtension(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  const api = await ext.activate();
  assert.ok(api, 'the extension activated and returned its API');
  return api;
}

/**
 * Polls `check` every 100 ms until it returns a value other than undefined or false. No timing
 * assertion: `tries` only bounds the wait, and mocha's timeout bounds the test.
 */
export async function eventually<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, tries = 150): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** A name of this run, for a resource path no other test or suite uses. */
export function uniqueName(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Resource paths of a test's own. The suites share one Sandbox in one VS Code, and Graph answers
 * 409 Conflict to a second subscription on the same resource and changeType
 * (https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions?view=graph-rest-1.0#response):
 * a subscription another suite left behind must not be able to fail this one. Each path is of the
 * same kind (lifetime, lifecycle events, rich notifications) as the shared one it replaces.
 */
export const ownResource = {
  /** Outlook messages of a mail folder of its own (Graph's message delta is per folder, too). */
  messages: (tag: string) => `me/mailFolders('${uniqueName(tag)}')/messages`,
  /** Outlook events of a mailbox of its own. */
  events: () => `users/${randomUUID()}/events`,
  /** Outlook contacts of a contact folder of its own. */
  contacts: (tag: string) => `me/contactFolders('${uniqueName(tag)}')/contacts`,
  /** One directory user. */
  user: () => `users/${randomUUID()}`,
} as const;

/** What a test gives to create a Sandbox subscription; the fixture fills in the rest. */
export type SandboxDraft = Partial<SubscriptionDraft> & {
  resource: string;
  changeType: string;
  /** Deliver lifecycle events to the receiver too (`lifecycleNotificationUrl`). */
  lifecycle?: boolean;
};

export interface SandboxSubscriptionFixture {
  readonly api: ExtensionApi;
  readonly services: Services;
  /** The Sandbox user account. */
  readonly sandbox: Account;
  /** The extension's receiver, started for the suite (as it is now, if a test moved it). */
  readonly endpoints: ReceiverEndpoints;
  /**
   * Creates a subscription on the Sandbox delivering to the receiver (started again if a test
   * stopped it; 2 hours on the Clock unless `expirationDateTime` is given), hands its clientState to
   * the receiver as a submitted draft does, and refreshes the store so commands find it. The
   * cleanup deletes it.
   */
  create(draft: SandboxDraft): Promise<Subscription>;
  /** A command's argument naming the subscription, as the tree passes it. */
  target(subscription: Subscription): { accountId: string; subscriptionId: string };
}

/**
 * Sandbox subscriptions with the extension's receiver, for the suite that calls this (it registers
 * mocha's hooks itself). Set-up: activate, sign in to the Sandbox, start the receiver. Cleanup
 * (after each test with `cleanup: 'test'`, else after the suite): delete every Sandbox
 * subscription created since the set-up — by `create()` or by a command (submit, recreate) — and
 * refresh the store. The refresh matters: a store entry for a subscription deleted behind its back
 * lets a later suite's command (Renew All Expiring, Find Orphaned Subscriptions) fail with 404 and
 * then wait on its error message. Subscriptions other suites left are not touched; use `ownResource`
 * so they cannot conflict. After the suite the receiver is stopped.
 */
export function sandboxSubscriptionFixture(options: { cleanup?: 'suite' | 'test' } = {}): SandboxSubscriptionFixture {
  let api: ExtensionApi | undefined;
  let sandbox: Account | undefined;
  let endpoints: ReceiverEndpoints | undefined;
  let before = new Set<string>();
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('sandboxSubscriptionFixture: used before its suiteSetup ran');
    return value;
  };
  const remember = async () => {
    before = new Set((await ready(sandbox).client.listAll()).map((s) => s.id));
  };
  const cleanup = async () => {
    const account = ready(sandbox);
    for (const s of await account.client.listAll()) if (!before.has(s.id)) await account.client.delete(s.id).catch(() => undefined);
    await ready(api).services.store.refresh(account.id);
  };

  suiteSetup(async () => {
    api = await activateExtension();
    sandbox = await api.services.accounts.ensureSandbox();
    endpoints = await api.services.receiver.ensureStarted();
    await remember();
  });
  if (options.cleanup === 'test') {
    setup(remember);
    teardown(cleanup);
  }
  suiteTeardown(async () => {
    if (!sandbox) return; // the set-up failed before signing in: nothing was created
    await cleanup();
    await ready(api).services.receiver.stop();
  });

  const fixture: SandboxSubscriptionFixture = {
    get api() {
      return ready(api);
    },
    get services() {
      return ready(api).services;
    },
    get sandbox() {
      return ready(sandbox);
    },
    get endpoints() {
      return ready(api).services.receiver.endpoints() ?? ready(endpoints);
    },
    async create({ lifecycle, ...draft }) {
      const { services, tree } = ready(api);
      const receiver = await services.receiver.ensureStarted();
      const created = await ready(sandbox).client.create({
        notificationUrl: receiver.localNotificationUrl,
        ...(lifecycle ? { lifecycleNotificationUrl: receiver.localLifecycleUrl } : {}),
        expirationDateTime: new Date(tree.clock.nowMs() + 2 * 3_600_000).toISOString(),
        ...draft,
      });
      if (draft.clientState) await services.receiver.rememberClientState(created.id, draft.clientState);
      await services.store.refresh(ready(sandbox).id);
      return created;
    },
    target: (subscription) => ({ accountId: ready(sandbox).id, subscriptionId: subscription.id }),
  };
  return fixture;
}

/** Closes every editor, reverting untitled drafts first (they would ask to be saved). */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.uri.scheme !== 'untitled') continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** An endpoint elsewhere than the receiver that answers Graph's validation handshake and accepts notifications. */
export async function startEchoEndpoint(path = '/notifications'): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
    req.resume();
    if (token !== null) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(token);
      return;
    }
    res.writeHead(202);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${path}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
