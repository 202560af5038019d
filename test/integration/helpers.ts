// Shared by the integration suites (runs inside VS Code's extension host).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/constants';
import type { ExtensionApi } from '../../src/extension';

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
