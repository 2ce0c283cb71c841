import { type Lock, uuid } from '@clickstream/sdk-core'

export interface LeaseOptions {
  /**
   * How long a lease lasts, in ms: longer than one send (its timeout).
   * @default 30_000
   */
  ttl?: number
  /** @default Date.now */
  now?: () => number
}

/**
 * A lock for browsers without Web Locks: a lease in localStorage (`<owner> <expiry>`), taken when
 * free or expired, read back to detect a racing tab, and released after the task. The expired
 * lease of a tab that died frees itself. Without localStorage the task runs unlocked (there is no
 * shared queue then either; the collector dedupes by messageId anyway).
 */
export function createLeaseLock(name: string, options: LeaseOptions = {}): Lock {
  const me = uuid()
  const now = options.now ?? Date.now
  return async (task) => {
    const lease = `${me} ${now() + (options.ttl ?? 30_000)}`
    try {
      const [owner, expiry] = (localStorage.getItem(name) ?? '').split(' ')
      if (owner !== me && Number(expiry) > now()) return undefined
      localStorage.setItem(name, lease)
      if (localStorage.getItem(name) !== lease) return undefined
    } catch {}
    try {
      return await task()
    } finally {
      try {
        if (localStorage.getItem(name) === lease) localStorage.removeItem(name)
      } catch {}
    }
  }
}
