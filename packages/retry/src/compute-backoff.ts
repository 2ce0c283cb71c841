/** The bounds of a backoff; callers resolve their own defaults and pass them here. */
export interface BackoffOptions {
  /** Ceiling of the first retry's wait (attempt 0), in ms; it doubles per attempt. */
  baseMs: number
  /** Largest wait, in ms (finite). */
  maxMs: number
}

/**
 * Exponential backoff with full jitter: a whole number of ms, uniform in `[0, ceiling)` where
 * `ceiling = min(maxMs, baseMs · 2^attempt)`; 0 when the ceiling is 1 or less. `attempt` counts
 * the failures so far, from 0 (the caller keeps the count). `random` returns a number in `[0, 1)`;
 * one that strays to 1 or beyond is clamped below the ceiling. Any attempt is safe: the exponent
 * stops at 1023, as `2^1024` overflows to `Infinity` (and a zero `baseMs` would then give `NaN`).
 * Full jitter spreads the retries of many clients after an outage.
 */
export function computeBackoff(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 1023))
  return Math.max(0, Math.min(Math.floor(random() * ceiling), Math.ceil(ceiling) - 1))
}
