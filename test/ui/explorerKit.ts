// The notifications explorer lives in nested webview iframes: helpers that find its frame and read it.
import type { Frame, Page } from 'playwright-core';

/** The explorer webview's frame, once its list is on the page. */
export async function explorerFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.locator('#list').count().catch(() => 0)) return frame;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('gave up waiting for the notifications explorer webview');
}
