/**
 * Memoises a pure function of strings. The Sandbox derives the same facts from a subscription's
 * resource on every simulated notification (its sample kind, its delta collection, its `$select`):
 * a delivery loop asks thousands of times for a handful of resources. Bounded: past `max` keys the
 * memory starts afresh. Results are shared, so they must never be mutated (they are frozen).
 */
export function memoise<A extends string[], R>(fn: (...args: A) => R, max = 512): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args: A): R => {
    const key = args.length === 1 ? args[0] : args.join('\u0000');
    if (cache.has(key)) return cache.get(key) as R;
    const value = fn(...args);
    if (cache.size >= max) cache.clear();
    cache.set(key, typeof value === 'object' && value !== null ? Object.freeze(value) : value);
    return value;
  };
}
