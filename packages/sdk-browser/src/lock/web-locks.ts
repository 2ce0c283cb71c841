import type { Lock } from '@clickstream/sdk-core'

/**
 * The Web Locks API: one holder per origin and name across tabs, released by the browser when a
 * tab dies. `ifAvailable`, so a tab that finds the lock taken skips its turn instead of queueing.
 */
export function createWebLock(name: string): Lock | undefined {
  const locks = navigator.locks
  if (!locks) return undefined
  return <T>(task: () => Promise<T>) =>
    locks.request(name, { ifAvailable: true }, (lock) => (lock ? task() : undefined)) as Promise<
      T | undefined
    >
}
