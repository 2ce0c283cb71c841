/**
 * Why events left the queue without a 2xx, as a code: what programs branch on. The `reason` that
 * comes with it is for people (logs, `debug`) and may be reworded at any time.
 */
export type DropCode =
  /** The queue was full (events or bytes): the new event was refused, or the oldest evicted. */
  | 'queue-full'
  /** The collector answered a 4xx other than 408/429 for the batch: sending again cannot help. */
  | 'rejected'
  /** A `retryLimit` gave up on the events after failed sends. */
  | 'retries-exhausted'
  /** Queued for longer than `maxAge`. */
  | 'expired'
  /** The event store threw while adding the event. */
  | 'queue-failed'
  /** Removed unsent by `clear` (the browser's `optOut` and `reset`). */
  | 'cleared'

/**
 * Host input (or a plugin's rewrite) that can never make a message the collector accepts: a
 * missing or mistyped field, a value JSON cannot carry, over 32 KB. The message names the field
 * (`event name must be a string, got number`); it is for people, so never parse it. Thrown by
 * `composeMessage`, `serializeMessage` and `toJson`; `buildMessage` returns it as a reason.
 * No code or path of its own: each costs bytes in the browser's 6 KB script tag.
 */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError'
}
