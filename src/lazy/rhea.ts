/**
 * `rhea` (AMQP 1.0), bundled apart (dist/lazy/rhea.js) and loaded through `loadLazy('rhea')` when the
 * emulator starts its Event Hubs endpoint, so activation does not parse it.
 */
// rhea exports a container instance whose methods live on its prototype: re-export the object itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const rhea = require('rhea') as typeof import('rhea');
