import QuickLRU from 'quick-lru'

/** Entries each cache keeps by default: a site's user agents and a day's IPs mostly repeat. */
export const DEFAULT_CACHE_SIZE = 10_000

/**
 * `fn` with a bounded least-recently-used cache in front: a repeated user agent or IP is parsed
 * once. `fn` must be pure.
 */
export function memoize<V>(
  fn: (key: string) => V,
  maxSize = DEFAULT_CACHE_SIZE,
): (key: string) => V {
  const cache = new QuickLRU<string, V>({ maxSize })
  return (key) => {
    const hit = cache.get(key)
    if (hit !== undefined || cache.has(key)) return hit as V
    const value = fn(key)
    cache.set(key, value)
    return value
  }
}
