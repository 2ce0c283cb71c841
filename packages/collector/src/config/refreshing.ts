/** How a value read from a remote store (SSM, Secrets Manager) is kept fresh. */
export interface RefreshingOptions<T> {
  /** Reads the value; may throw. */
  read: () => Promise<T>
  /** Re-read once the value is this old, in ms. */
  ttlMs: number
  /**
   * Past this age, in ms, a value that could not be re-read is no longer handed out (a revoked
   * write key must stop working even while the store is unreachable). At least `ttlMs`.
   */
  maxStaleMs: number
  /** Told about every failed read (the value in force is kept until `maxStaleMs`). */
  onError?: (error: unknown) => void
  /** @default Date.now */
  now?: () => number
}

export interface Refreshing<T> {
  /** Re-reads when the value is due (one read at a time); never throws. */
  refresh(): Promise<void>
  /** The value, unless none was read yet or it is older than `maxStaleMs`. */
  current(): T | undefined
}

/**
 * A value re-read with a TTL: the Lambda entry refreshes it before each invocation is handled,
 * so a change in the store is in force within `ttlMs` (plus one read), and a store that stays
 * unreachable makes the value unavailable after `maxStaleMs` rather than trusted forever.
 */
export function createRefreshing<T>(options: RefreshingOptions<T>): Refreshing<T> {
  const now = options.now ?? Date.now
  const maxStaleMs = Math.max(options.ttlMs, options.maxStaleMs)
  let held: { value: T; readAt: number } | undefined
  let attemptedAt = Number.NEGATIVE_INFINITY
  let reading: Promise<void> | undefined
  // A failed read is retried after a tenth of the TTL (a second at least), not on every request.
  const retryMs = Math.min(options.ttlMs, Math.max(options.ttlMs / 10, 1000))
  const read = async () => {
    attemptedAt = now()
    try {
      held = { value: await options.read(), readAt: now() }
    } catch (error) {
      options.onError?.(error)
    }
  }
  return {
    refresh() {
      const due =
        held === undefined
          ? now() - attemptedAt >= retryMs
          : now() - held.readAt >= options.ttlMs && now() - attemptedAt >= retryMs
      if (!reading && due) {
        reading = read().finally(() => {
          reading = undefined
        })
      }
      return reading ?? Promise.resolve()
    },
    current() {
      if (!held || now() - held.readAt > maxStaleMs) return undefined
      return held.value
    },
  }
}
