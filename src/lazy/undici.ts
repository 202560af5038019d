/**
 * `undici` (the Node.js project's HTTP/1.1 client, the one behind Node's own `fetch`), bundled apart
 * (dist/lazy/undici.js) and loaded through `loadLazy('undici')` when the Sandbox first delivers a
 * notification, so activation does not parse it.
 */
export { Client } from 'undici';
