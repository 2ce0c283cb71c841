export interface BackoffOptions {
  /**
   * Ceiling of the first retry's delay, in ms; each retry doubles it.
   * @default 1000
   */
  retryBaseDelay?: number
  /**
   * Largest delay, in ms.
   * @default 300_000
   */
  retryMaxDelay?: number
  /** @default Math.random */
  random?: () => number
}

/**
 * Exponential backoff with full jitter: a uniform delay in `[0, min(retryMaxDelay, retryBaseDelay · 2^attempt))`.
 * `attempt` counts failures so far, starting at 0. Spreads retries of many clients after an outage.
 */
export function computeBackoff(attempt: number, options: BackoffOptions = {}): number {
  const base = options.retryBaseDelay ?? 1000
  const max = options.retryMaxDelay ?? 300_000
  const ceiling = Math.min(max, base * 2 ** Math.min(Math.max(0, attempt), 52))
  return Math.floor((options.random ?? Math.random)() * ceiling)
}
