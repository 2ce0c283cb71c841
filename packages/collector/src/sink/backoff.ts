/** Retry timing as pure functions: exponential backoff with full jitter, and `Retry-After`. */

export interface BackoffOptions {
  /** First retry waits up to this long, in milliseconds. */
  baseMs: number
  /** No retry waits longer than this, in milliseconds. */
  maxMs: number
}

/**
 * Full jitter: a uniform wait in `[0, min(maxMs, baseMs · 2^attempt))`. `attempt` counts from 0
 * (the first retry). `random` returns a number in `[0, 1)`.
 */
export function computeBackoff(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30))
  // Clamped, so a `random` that strays to 1 never reaches the ceiling.
  return Math.max(0, Math.min(Math.floor(random() * ceiling), ceiling - 1))
}

/** Whole seconds (at least 1) for a `Retry-After` header that covers `ms`. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000))
}
