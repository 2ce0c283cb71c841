import { type Lock, uuid } from '@clickstream/sdk-core'

export interface LeaseOptions {
  /**
   * How long a lease lasts without renewal, in ms: longer than one send (its timeout).
   * @default 30_000
   */
  ttl?: number
  /** @default Date.now */
  now?: () => number
}

/**
 * A lock for browsers without Web Locks: a lease in localStorage (`<owner> <expiry>`), taken when
 * free or expired, read back to detect a racing tab, and released after the task. An expired lease
 * of a crashed tab frees itself. Without localStorage, runs the task unlocked (the collector
 * dedupes by messageId anyway).
 */
export function createLeaseLock(name: string, options: LeaseOptions = {}): Lock {
  const me = uuid()
  const ttl = options.ttl ?? 30_000
  const now = options.now ?? Date.now
  return async (task) => {
    let taken = true
    try {
      const [owner, expiry] = (localStorage.getItem(name) ?? '').split(' ')
      if (owner && owner !== me && Number(expiry) > now()) return undefined
      localStorage.setItem(name, `${me} ${now() + ttl}`)
      taken = localStorage.getItem(name)?.startsWith(me) ?? false
    } catch {
      // no localStorage: nothing to share the queue with either
    }
    if (!taken) return undefined
    try {
      return await task()
    } finally {
      try {
        if (localStorage.getItem(name)?.startsWith(me)) localStorage.removeItem(name)
      } catch {}
    }
  }
}
