/** Resolved once by `resolveDispatcherOptions` (defaults there): no second default table here. */
export interface BackoffOptions {
  /** Ceiling of the first retry's delay, in ms; each retry doubles it. */
  retryBaseDelay: number
  /** Largest delay, in ms. */
  retryMaxDelay: number
  random: () => number
}

/**
 * Exponential backoff with full jitter: a uniform delay in `[0, min(retryMaxDelay, retryBaseDelay · 2^attempt))`.
 * `attempt` counts failures so far, starting at 0. Spreads retries of many clients after an outage.
 */
export function computeBackoff(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(
    options.retryMaxDelay,
    options.retryBaseDelay * 2 ** Math.min(Math.max(0, attempt), 52),
  )
  return Math.floor(options.random() * ceiling)
}
