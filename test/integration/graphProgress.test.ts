// A Graph call that fails fast (a 400 from a draft, a 403, a network error) must not show its error
// message while the "Creating…"/"Renewing…" progress toast still stands: VS Code keeps a notification
// progress at least 800 ms, and the progress toast then covers the error's buttons (the next step).
import * as assert from 'node:assert/strict';
import { withGraphProgress } from '../../src/commands/graphProgress';
import { PROGRESS_TOAST_MIN_MS } from '../../src/commands/progressToast';

suite('Graph progress', () => {
  test('a Graph call that fails at once reports its failure only after the progress toast is gone', async () => {
    const started = Date.now();
    await assert.rejects(withGraphProgress('Creating a subscription in Sandbox…', () => Promise.reject(new Error('400 InvalidRequest'))), /400 InvalidRequest/);
    const waited = Date.now() - started;
    assert.ok(waited >= PROGRESS_TOAST_MIN_MS, `the failure came ${waited} ms after the progress appeared: its message would be covered`);
  });

  test('a Graph call that succeeds returns its result', async () => {
    assert.equal(await withGraphProgress('Renewing…', () => Promise.resolve('renewed')), 'renewed');
  });
});
