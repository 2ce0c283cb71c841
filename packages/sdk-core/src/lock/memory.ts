import type { Lock } from './lock.js'

/** A lock for senders in one process: held while a task runs; a call meanwhile skips. */
export function createMemoryLock(): Lock {
  let held = false
  return async (task) => {
    if (held) return undefined
    held = true
    try {
      return await task()
    } finally {
      held = false
    }
  }
}
