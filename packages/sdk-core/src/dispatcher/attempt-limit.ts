import type { DropCode } from '../errors.js'
import type { StoredEvent } from '../event-store/event-store.js'

/** Gives up on events after some failed sends; plugged into the dispatcher as `retryLimit`. */
export interface RetryLimit {
  /**
   * Counts one failed send of `batch` (which failed with `reason`); returns the events to drop
   * now instead of retrying, and why (a `code` and a `reason` in words), or `undefined` to retry
   * them all.
   */
  spent(
    batch: StoredEvent[],
    reason: string,
  ): { events: StoredEvent[]; code: DropCode; reason: string } | undefined
  /** The events left the queue (delivered or dropped): forget their counts. */
  forget(events: readonly StoredEvent[]): void
}

/**
 * Drops an event after `maxAttempts` failed sends (sdk-node's `maxRetries + 1`). A plug-in rather
 * than a dispatcher option: the browser retries until `maxAge`, so its bundle never carries this.
 */
export function createAttemptLimit(maxAttempts: number): RetryLimit {
  const attempts = new Map<string, number>()
  return {
    spent(batch, reason) {
      const events = batch.filter((e) => {
        const n = (attempts.get(e.id) ?? 0) + 1
        attempts.set(e.id, n)
        return n >= maxAttempts
      })
      if (events.length)
        return {
          events,
          code: 'retries-exhausted',
          reason: `gave up after ${maxAttempts} attempts: ${reason}`,
        }
    },
    forget(events) {
      for (const e of events) attempts.delete(e.id)
    },
  }
}
