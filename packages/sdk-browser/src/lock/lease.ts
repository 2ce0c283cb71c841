import { type Lock, uuid } from '@clickstream/sdk-core'
import { attempt } from '../attempt.js'

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
 * lease of a tab that died frees itself. Best effort under a true race (two tabs writing in the
 * same instant may both read their own lease back); the collector dedupes by messageId. Without localStorage the task runs unlocked (there is no
 * shared queue then either; the collector dedupes by messageId anyway).
 */
export function createLeaseLock(name: string, options: LeaseOptions = {}): Lock {
  const me = uuid()
  const now = options.now ?? Date.now
  return async (task) => {
    const lease = `${me} ${now() + (options.ttl ?? 30_000)}`
    const taken = attempt(() => {
      // Any live lease, ours included: a second call while we hold it skips, like Web Locks.
      if (Number((localStorage.getItem(name) ?? '').split(' ')[1]) > now()) return true
      localStorage.setItem(name, lease)
      return localStorage.getItem(name) !== lease // a racing tab wrote after us
    })
    if (taken) return undefined
    try {
      return await task()
    } finally {
      attempt(() => localStorage.getItem(name) === lease && localStorage.removeItem(name))
    }
  }
}
