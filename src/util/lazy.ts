import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Loads a heavy library bundle (`src/lazy/<name>.ts`, built to `dist/lazy/<name>.js`) the first time
 * it is needed, so that activation parses none of MSAL or the Graph client.
 * The require is deliberately not statically analysable: esbuild must not pull it into the main bundle.
 */
const cache = new Map<string, unknown>();

export function loadLazy<T>(name: string): T {
  const hit = cache.get(name);
  if (hit) return hit as T;
  const candidates = [
    path.join(__dirname, 'lazy', `${name}.js`), // dist/extension.js → dist/lazy
    path.join(__dirname, '..', 'lazy', `${name}.js`), // out/src/util → out/src/lazy (tests)
  ];
  const file = candidates.find((c) => fs.existsSync(c));
  if (!file) throw new Error(`Missing bundle "${name}" (looked in ${candidates.join(', ')}). Run npm run build.`);
  const dynamicRequire = require as (id: string) => unknown;
  const mod = dynamicRequire(file);
  cache.set(name, mod);
  return mod as T;
}
