/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`) relative to `now`. `undefined` when absent or unreadable;
 * never negative.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined
  const seconds = Number(value)
  if (seconds >= 0) return Math.round(seconds * 1000)
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN // HTTP dates name a month
  return date > 0 ? Math.max(0, date - now) : undefined
}

/** Whole seconds (at least 1) for a `Retry-After` header that covers `ms`. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000))
}
