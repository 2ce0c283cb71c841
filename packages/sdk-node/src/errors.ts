/** A call whose input can never make a valid message (no userId/anonymousId, bad fields, > 32 KB). */
export class ValidationError extends Error {
  override readonly name = 'ValidationError'
}

/** Options that cannot work (no write key, a host that is not a URL). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/**
 * A request to the collector was given up on before it answered: `timeout` (no response within
 * `httpRequestTimeout`; the batch is retried) or `closed` (`closeAndFlush` ran out of time). The
 * `cause` of the `DeliveryError` for that send.
 */
export class RequestAbortedError extends Error {
  override readonly name = 'RequestAbortedError'
  constructor(
    readonly code: 'timeout' | 'closed',
    message: string,
  ) {
    super(message)
  }
}

/**
 * A delivery failure, emitted through `error`: a send that will be retried (`willRetry`), or one
 * event that will never be delivered (`messageId` set; it is also counted and emitted as `drop`).
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError'
  constructor(
    message: string,
    readonly details: {
      /** Why, e.g. `HTTP 500`, `HTTP 400, not retried`. */
      reason: string
      /** The dropped event, when this error reports one. */
      messageId?: string
      /** Events of the failed send (retries) or 1 (a dropped event). */
      count: number
      /** Whether the events are still queued and will be sent again. */
      willRetry: boolean
      /** Ms until the retry. */
      retryIn?: number
      cause?: unknown
    },
  ) {
    super(message)
  }
}

/**
 * `waitForRoom()` on a client that is closing or closed (`closeAndFlush` was called): no room will
 * come, so a batch job's loop stops here instead of dropping the rest of its input as `closed`.
 */
export class ClosedError extends Error {
  override readonly name = 'ClosedError'
}
